import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { groupByKeys, orderByKeys } from '../../shared/ordered';
import { CATEGORY_COLUMNS, type CategoryModel } from '../category';
import { CAMPAIGN_COLUMNS, CREATIVE_COLUMNS, SLOT_COLUMNS, type AdCampaignModel, type AdCreativeModel, type AdSlotModel } from './ad.models';

/** The newsroom's views of campaigns (staff screens): one statement per relation and request. */
export function createAdLoaders(knex: Knex) {
  return {
    adCampaignById: new DataLoader<string, AdCampaignModel | null>(async (ids) => {
      const rows = await knex('ad_campaign as ca').select(CAMPAIGN_COLUMNS).whereIn('ca.id', ids as string[]);
      return orderByKeys(ids, rows as AdCampaignModel[], (row) => row.id);
    }),

    adCampaignSlots: new DataLoader<string, AdSlotModel[]>(async (ids) => {
      const rows = await knex('ad_campaign_slot as l').join('ad_slot as sl', 'sl.id', 'l.slot_id').select('l.campaign_id', SLOT_COLUMNS).whereIn('l.campaign_id', ids as string[]).orderBy('sl.key');
      return groupByKeys(ids, rows as (AdSlotModel & { campaign_id: string })[], (row) => row.campaign_id);
    }),

    adCampaignCategories: new DataLoader<string, CategoryModel[]>(async (ids) => {
      const rows = await knex('ad_campaign_category as t').join('category as c', 'c.id', 't.category_id').select('t.campaign_id', CATEGORY_COLUMNS).whereIn('t.campaign_id', ids as string[]).orderBy('c.slug');
      return groupByKeys(ids, rows as (CategoryModel & { campaign_id: string })[], (row) => row.campaign_id);
    }),

    /** Creatives not deleted, oldest first. */
    adCampaignCreatives: new DataLoader<string, AdCreativeModel[]>(async (ids) => {
      const rows = await knex('ad_creative as cr').select(CREATIVE_COLUMNS).whereIn('cr.campaign_id', ids as string[]).whereNull('cr.deleted_at').orderBy([{ column: 'cr.created_at' }, { column: 'cr.id' }]);
      return groupByKeys(ids, rows as AdCreativeModel[], (row) => row.campaignId);
    }),
  };
}
