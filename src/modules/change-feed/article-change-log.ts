import { knexOf } from '../../db/transaction';
import type { ArticleChangeListener } from '../article';

/** The change feed's listener: one row per public change, in the change's own transaction. */
export const recordArticleChange: ArticleChangeListener = async (tx, event) => {
  const knex = knexOf(tx);
  await knex('article_change').insert({
    txid: knex.raw('pg_current_xact_id()::text::bigint'),
    article_id: event.articleId,
    kind: event.kind,
    at: event.at,
  });
};
