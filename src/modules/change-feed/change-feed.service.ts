import type { Knex } from '@mikro-orm/postgresql';
import { keysetPage, type KeysetOrder } from '../../db/keyset';
import type { Page } from '../../shared/connection';
import type { CursorCodec } from '../../shared/cursor';
import { UnauthenticatedError } from '../../shared/errors';
import { isApiKey, isSignedIn, type Viewer } from '../identity';
import type { ArticleChangeModel, ArticleChangesArgs } from './article-change.model';

/**
 * The feed's order: by writing transaction id, then by sequence within it. Not by the sequence
 * alone: a sequence value is taken when the row is inserted, and a transaction holding a lower
 * one may commit after a higher one has been served, so a reader past it would never see it.
 * Transaction ids work because only rows whose transaction id is below the oldest transaction
 * still running (pg_snapshot_xmin) are served: every transaction that could still add a row has
 * an id at or above that bound, so it lands after everything a reader has already been given.
 *
 * Two changes to one article come in the order they were made: each article write reads the row
 * first and updates it under `version = <read>` (or locks it with SKIP LOCKED in the scheduler),
 * so a later change starts writing, and so takes its transaction id, only after the earlier one
 * committed. Cost: a change shows only once every older transaction has ended, so one long
 * transaction anywhere in the database holds the feed back until it ends.
 */
const CHANGE_ORDER: KeysetOrder = { kind: 'articleChanges', keys: [{ sql: 'c.txid', cast: 'int8' }, { sql: 'c.seq', cast: 'int8' }], descending: false };

export class ChangeFeedService {
  constructor(
    private readonly knex: Knex,
    private readonly cursors: CursorCodec,
    private readonly viewer: Viewer,
  ) {}

  list(args: ArticleChangesArgs): Promise<Page<ArticleChangeModel>> {
    if (!isApiKey(this.viewer) && !isSignedIn(this.viewer)) throw new UnauthenticatedError('The change feed is for API keys and staff');
    const query = this.knex('article_change as c')
      .select({ articleId: 'c.article_id', kind: 'c.kind', at: 'c.at' })
      .whereRaw('c.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint');
    return keysetPage<ArticleChangeModel>({ query, order: CHANGE_ORDER, cursors: this.cursors, args: { first: args.first, after: args.after } });
  }
}
