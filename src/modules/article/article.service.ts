import type { Knex } from '@mikro-orm/postgresql';
import type { CursorCodec } from '../../shared/cursor';
import { BadInputError } from '../../shared/errors';
import { SLUG_MAX_LENGTH } from '../../shared/slugify';
import { cleanPlainText } from '../../shared/text';
import { isUuid } from '../../shared/uuid';
import type { Viewer } from '../identity';
import type { ArticleLookupArgs, ArticlesArgs } from './article.inputs';
import { primeArticleRelations, type RelationLoaders } from './article-relations';
import { listArticles, type ArticlePage } from './article-listing';
import { applyArticleReadFilter, type ArticleReadOptions } from './article.policy';
import { ARTICLE_COLUMNS, type ArticleRow } from './article.queries';

/** Public and staff reads of articles. Lean SQL: plain rows, no entity hydration on hot paths. */
export class ArticleReadService {
  constructor(
    private readonly knex: Knex,
    private readonly cursors: CursorCodec,
    private readonly viewer: Viewer,
    private readonly loaders: RelationLoaders,
  ) {}

  /**
   * One article by id or slug; null when missing or hidden from this viewer. Editors also get
   * soft-deleted articles by id (to restore them). A slug an editor renamed away from still finds
   * its article, after the current slugs.
   */
  async findOne({ id, slug }: ArticleLookupArgs): Promise<ArticleRow | null> {
    if ((id == null) === (slug == null)) throw new BadInputError('Give exactly one of "id" or "slug"', id == null ? 'id' : 'slug');
    if (id != null) {
      // CASE: a malformed id cannot name any article: not found rather than a database error.
      if (!isUuid(id)) throw new BadInputError('"id" is not a valid ID', 'id');
      return this.first((qb) => qb.where('a.id', id.toLowerCase()), { includeDeleted: true });
    }
    const wanted = cleanPlainText(slug as string).toLowerCase();
    if (wanted.length > SLUG_MAX_LENGTH) throw new BadInputError(`"slug" must be at most ${SLUG_MAX_LENGTH} characters`, 'slug');
    const current = await this.first((qb) => qb.where('a.slug', wanted));
    if (current) return current;
    return this.first((qb) => qb.whereIn('a.id', this.knex('article_slug').select('article_id').where('slug', wanted)));
  }

  private async first(where: (qb: Knex.QueryBuilder) => void, options: ArticleReadOptions = {}): Promise<ArticleRow | null> {
    const qb = this.knex('article as a').select(ARTICLE_COLUMNS).first();
    applyArticleReadFilter(qb, this.viewer, 'a', options);
    where(qb);
    return ((await qb) as ArticleRow | undefined) ?? null;
  }

  async list(args: ArticlesArgs): Promise<ArticlePage> {
    const page = await listArticles(this.knex, this.cursors, this.viewer, args);
    primeArticleRelations(this.loaders, page.related);
    return page;
  }
}
