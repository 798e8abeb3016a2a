import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { orderByKeys } from '../../shared/ordered';
import { MEDIA_COLUMNS, type MediaModel } from './media.model';

export function createMediaLoaders(knex: Knex) {
  return {
    mediaById: new DataLoader<string, MediaModel | null>(async (ids) => {
      const rows = await knex('media as m').select(MEDIA_COLUMNS).whereIn('m.id', ids as string[]);
      return orderByKeys(ids, rows as MediaModel[], (row) => row.id);
    }),
  };
}
