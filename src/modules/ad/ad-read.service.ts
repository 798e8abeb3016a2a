import type { Knex } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { keysetPage, type KeysetOrder } from '../../db/keyset';
import type { ConnectionArgs, Page } from '../../shared/connection';
import type { CursorCodec } from '../../shared/cursor';
import { BadInputError, NotFoundError } from '../../shared/errors';
import { assertUuid } from '../../shared/uuid';
import { dailyAdStats } from './ad-stats-store';
import type { AdCampaignsArgs, AdStatsArgs } from './ad.inputs';
import { CAMPAIGN_COLUMNS, CREATIVE_COLUMNS, SLOT_COLUMNS, type AdCampaignModel, type AdCreativeModel, type AdDailyStatsModel, type AdSlotModel } from './ad.models';
import { AD_LIMITS } from './ad-validation';

const SLOT_ORDER: KeysetOrder = { kind: 'ad-slot', keys: [{ sql: 'sl.key', cast: 'text' }, { sql: 'sl.id', cast: 'uuid' }], descending: false };
const CAMPAIGN_ORDER: KeysetOrder = { kind: 'ad-campaign', keys: [{ sql: 'ca.created_at', cast: 'timestamptz' }, { sql: 'ca.id', cast: 'uuid' }], descending: true };

/** The newsroom's reads (editors and admins: the resolvers' role gate): lists, rows, stats. */
export class AdReadService {
  constructor(
    private readonly knex: Knex,
    private readonly cursors: CursorCodec,
  ) {}

  slots(args: ConnectionArgs): Promise<Page<AdSlotModel>> {
    return keysetPage<AdSlotModel>({ query: this.knex('ad_slot as sl').select(SLOT_COLUMNS), order: SLOT_ORDER, cursors: this.cursors, args });
  }

  /** Newest first; soft-deleted campaigns are gone from the list. */
  campaigns(args: AdCampaignsArgs): Promise<Page<AdCampaignModel>> {
    const qb = this.knex('ad_campaign as ca').select(CAMPAIGN_COLUMNS).whereNull('ca.deleted_at');
    if (args.status && args.status.length > 0) qb.whereIn('ca.status', args.status);
    return keysetPage<AdCampaignModel>({ query: qb, order: CAMPAIGN_ORDER, cursors: this.cursors, args });
  }

  async slot(id: string): Promise<AdSlotModel> {
    const row = await this.knex('ad_slot as sl').first(SLOT_COLUMNS).where('sl.id', id);
    if (!row) throw new NotFoundError('No ad slot with this id');
    return row as AdSlotModel;
  }

  /** null when missing or soft-deleted. */
  async campaign(id: string): Promise<AdCampaignModel | null> {
    return ((await this.knex('ad_campaign as ca').first(CAMPAIGN_COLUMNS).where('ca.id', assertUuid(id, 'id')).whereNull('ca.deleted_at')) as AdCampaignModel | undefined) ?? null;
  }

  async creative(id: string): Promise<AdCreativeModel> {
    const row = await this.knex('ad_creative as cr').first(CREATIVE_COLUMNS).where('cr.id', id);
    if (!row) throw new NotFoundError('No ad creative with this id');
    return row as AdCreativeModel;
  }

  /** Every creative of the campaign, deleted ones included (their past stays in the figures). */
  campaignStats(campaignId: string, args: AdStatsArgs): Promise<AdDailyStatsModel[]> {
    return this.stats(this.knex('ad_creative').select('id').where('campaign_id', campaignId), args);
  }

  creativeStats(creativeId: string, args: AdStatsArgs): Promise<AdDailyStatsModel[]> {
    return this.stats(this.knex.select(this.knex.raw('?::uuid', [creativeId])), args);
  }

  /** One entry per newsroom day from `from` to `to`, zeros included. */
  private async stats(creatives: Knex.QueryBuilder, { from, to }: AdStatsArgs): Promise<AdDailyStatsModel[]> {
    const days = daysFrom(from, to);
    const rows = new Map((await dailyAdStats(this.knex, creatives, from, to)).map((row) => [row.day, row]));
    return days.map((day) => {
      const row = rows.get(day) ?? { day, served: 0, impressions: 0, viewable: 0, clicks: 0 };
      const perImpression = (count: number) => (row.impressions === 0 ? null : count / row.impressions);
      return { ...row, ctr: perImpression(row.clicks), viewability: perImpression(row.viewable) };
    });
  }
}

/** The calendar days from `from` to `to` (YYYY-MM-DD, both valid and included). */
function daysFrom(from: string, to: string): string[] {
  if (from > to) throw new BadInputError('"from" must not be after "to"', 'from');
  const start = DateTime.fromISO(from, { zone: 'utc' });
  const count = DateTime.fromISO(to, { zone: 'utc' }).diff(start, 'days').days + 1;
  if (count > AD_LIMITS.statsDaysMax) throw new BadInputError(`At most ${AD_LIMITS.statsDaysMax} days at a time`, 'to');
  return Array.from({ length: count }, (_, i) => start.plus({ days: i }).toISODate() as string);
}
