import type { Knex } from '@mikro-orm/postgresql';
import type { CursorCodec } from '../../shared/cursor';
import { lookupKey } from '../../shared/lookup-key';
import { runPrepared } from '../../db/prepared';
import type { Viewer } from '../identity';
import type { ArticleLookupArgs, ArticlesArgs } from './article.inputs';
import { articleRowSplitter, joinArticleRelations, noRelations, primeArticleRelations, type RelationLoaders } from './article-relations';
import { listArticles, type ArticlePage, type CategorySubtrees } from './article-listing';
import { applyArticleReadFilter, type ArticleReadOptions } from './article.policy';
import { ARTICLE_COLUMNS, ARTICLE_SELECT_SQL, type ArticleRow } from './article.queries';

const ARTICLE_PROPERTIES = Object.keys(ARTICLE_COLUMNS);

/** Public and staff reads of articles. Lean SQL: plain rows, no entity hydration on hot paths. */
export class ArticleReadService {
  /** This request's lookups: a page asking for an article and for ads targeted by it reads it once. */
  private readonly lookups = new Map<string, Promise<ArticleRow | null>>();

  constructor(
    private readonly knex: Knex,
    private readonly cursors: CursorCodec,
    private readonly viewer: Viewer,
    private readonly loaders: RelationLoaders,
    private readonly subtrees?: CategorySubtrees,
  ) {}

  /**
   * One article by id or slug; null when missing or hidden from this viewer. Editors also get
   * soft-deleted articles by id (to restore them). A slug an editor renamed away from still finds
   * its article, after the current slugs.
   */
  findOne(args: ArticleLookupArgs): Promise<ArticleRow | null> {
    const key = lookupKey(args);
    const memo = key.kind === 'id' ? `id:${key.id}` : `slug:${key.slug}`;
    let found = this.lookups.get(memo);
    if (!found) {
      found = this.lookUp(key);
      this.lookups.set(memo, found);
    }
    return found;
  }

  private async lookUp(key: ReturnType<typeof lookupKey>): Promise<ArticleRow | null> {
    if (key.kind === 'id') return this.first(this.select({ includeDeleted: true }).where('a.id', key.id).limit(1));
    // One statement: the current slug first; the slug history only when no article has it now
    // (UNION ALL runs its branches in order and LIMIT 1 stops at the first row).
    const current = this.select().where('a.slug', key.slug);
    const renamed = this.select().whereIn('a.id', this.knex('article_slug').select('article_id').where('slug', key.slug));
    return this.first(this.knex.raw('(?) union all (?) limit 1', [current, renamed]));
  }

  /** The article's row with its category, author and cover joined (they prime the loaders: one statement in all). */
  private select(options: ArticleReadOptions = {}): Knex.QueryBuilder {
    const qb = joinArticleRelations(this.knex('article as a').select(this.knex.raw(ARTICLE_SELECT_SQL)));
    return applyArticleReadFilter(qb, this.viewer, 'a', options);
  }

  private async first(query: Knex.QueryBuilder | Knex.Raw): Promise<ArticleRow | null> {
    const [row] = await runPrepared(query);
    if (!row) return null;
    const related = noRelations();
    const article = articleRowSplitter<ArticleRow>(ARTICLE_PROPERTIES, related)(row);
    primeArticleRelations(this.loaders, related);
    return article;
  }

  async list(args: ArticlesArgs): Promise<ArticlePage> {
    const page = await listArticles(this.knex, this.cursors, this.viewer, args, this.subtrees);
    primeArticleRelations(this.loaders, page.related);
    return page;
  }
}
