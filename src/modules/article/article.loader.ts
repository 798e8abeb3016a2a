import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { groupByKeys, orderByKeys } from '../../shared/ordered';
import { categoryTrees } from '../category';
import { applyPublicFilter } from './article.policy';
import { REVISION_COLUMNS, type ArticleRevisionModel } from './article-revision.model';

export function createArticleLoaders(knex: Knex) {
  return {
    /** Bodies of articles that came from a list (lists leave the body out); the rows were already visible. */
    articleBody: new DataLoader<string, string>(async (ids) => {
      const rows: { id: string; body: string }[] = await knex('article').select('id', 'body').whereIn('id', ids as string[]);
      return orderByKeys(ids, rows, (row) => row.id).map((row) => row?.body ?? '');
    }),

    /** Each article's revisions, newest first. Who may see them is checked by the field resolver. */
    articleRevisions: new DataLoader<string, ArticleRevisionModel[]>(async (ids) => {
      const rows = await knex('article_revision as r')
        .select(REVISION_COLUMNS)
        .whereIn('r.article_id', ids as string[])
        .orderBy([{ column: 'r.article_id' }, { column: 'r.version', order: 'desc' }]);
      return groupByKeys(ids, rows as ArticleRevisionModel[], (row) => row.articleId);
    }),

    /** Published articles in each category's subtree (what its category page lists). */
    categoryArticleCount: new DataLoader<string, number>(async (ids) => {
      const rows: { root: string; count: string }[] = await categoryTrees(knex, ids)
        .select('tree.root')
        .count({ count: 'a.id' })
        .leftJoin('article as a', (join) => {
          join.on('a.category_id', 'tree.id');
        })
        .where((qb) => {
          qb.whereNull('a.id').orWhere((published) => applyPublicFilter(published, 'a'));
        })
        .groupBy('tree.root');
      const counts = new Map(rows.map((row) => [row.root, Number(row.count)]));
      return ids.map((id) => counts.get(id) ?? 0);
    }),
  };
}
