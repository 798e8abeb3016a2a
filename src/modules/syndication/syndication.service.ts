import type { Knex } from '@mikro-orm/postgresql';
import type { Config } from '../../config';
import { isUuid } from '../../shared/uuid';
import { cacheTags } from '../../shared/cache-hint';
import { cleanPlainText } from '../../shared/text';
import { latestPublicArticles, publicArticleById, publicArticlePage, publicArticleTotals, type LatestArticlesQuery } from '../article';
import { CategoryReadService } from '../category';
import { SiteService } from '../site';
import { renderFeed, type FeedFormat } from './feeds';
import { renderArticleNinjs, renderNinjsFeed } from './ninjs';
import { NEWS_SITEMAP_MAX, NEWS_SITEMAP_WINDOW_MS, renderNewsSitemap, renderSitemapIndex, renderSitemapPage } from './sitemaps';
import { feedEntry, type FeedEntry, type SiteFacts, type SyndicationDocument } from './syndication-source';

/** Lists of articles under the site's name: a publish, an edit or a change of the site purges them. */
const LIST_TAGS = [cacheTags.site, cacheTags.articleList];

/** Slugs are lower-case letters, digits and dashes: anything else names no category (404, not an error). */
const SLUG = /^[a-z0-9-]{1,200}$/;

/**
 * Feeds, ninjs and sitemaps: each reads the site row and one statement of public articles, then
 * renders. Public content only; null means "no such document" (the route answers 404).
 */
export class SyndicationService {
  constructor(
    private readonly knex: Knex,
    private readonly config: Config,
  ) {}

  async feed(format: FeedFormat, categorySlug?: string): Promise<SyndicationDocument | null> {
    const document = await this.renderFeed(format, categorySlug);
    return document && { ...document, tags: LIST_TAGS };
  }

  private async renderFeed(format: FeedFormat, categorySlug?: string): Promise<SyndicationDocument | null> {
    const site = await this.site();
    const { siteUrl, feedItems } = this.config.syndication;
    if (categorySlug === undefined) {
      const entries = await this.entries(site, { limit: feedItems });
      return renderFeed(this.config, site, { title: site.name, description: site.tagline ?? site.name, path: '/feeds', link: siteUrl }, format, entries);
    }
    const slug = cleanPlainText(categorySlug).toLowerCase();
    const category = SLUG.test(slug) ? await new CategoryReadService(this.knex).findOne({ slug }) : null;
    if (!category) return null;
    const entries = await this.entries(site, { limit: feedItems, categorySlug: category.slug });
    const scope = { title: `${category.name} – ${site.name}`, description: category.description ?? category.name, path: `/feeds/category/${category.slug}`, link: `${siteUrl}/${category.slug}` };
    return renderFeed(this.config, site, scope, format, entries);
  }

  async articleNinjs(id: string): Promise<SyndicationDocument | null> {
    if (!isUuid(id)) return null;
    const [site, row] = await Promise.all([this.site(), publicArticleById(this.knex, id.toLowerCase())]);
    return row ? { ...renderArticleNinjs(this.config, feedEntry(this.config, site, row)), tags: [cacheTags.site, cacheTags.article(row.article.id)] } : null;
  }

  async ninjsFeed(): Promise<SyndicationDocument> {
    const site = await this.site();
    return { ...renderNinjsFeed(this.config, site.name, await this.entries(site, { limit: this.config.syndication.feedItems })), tags: LIST_TAGS };
  }

  async sitemapIndex(): Promise<SyndicationDocument> {
    return { ...renderSitemapIndex(this.config, await publicArticleTotals(this.knex)), tags: [cacheTags.articleList] };
  }

  /** Page 1 always exists (empty on an empty site); a page past the last is null. */
  async sitemapPage(page: number): Promise<SyndicationDocument | null> {
    const entries = await publicArticlePage(this.knex, page, this.config.syndication.sitemapPageSize);
    return entries.length === 0 && page > 1 ? null : { ...renderSitemapPage(this.config, entries), tags: [cacheTags.articleList] };
  }

  async newsSitemap(now = new Date()): Promise<SyndicationDocument> {
    const site = await this.site();
    const entries = await this.entries(site, { limit: NEWS_SITEMAP_MAX, publishedSince: new Date(now.getTime() - NEWS_SITEMAP_WINDOW_MS), withoutBody: true });
    return { ...renderNewsSitemap(this.config, site.name, entries), tags: LIST_TAGS };
  }

  private async entries(site: SiteFacts, query: LatestArticlesQuery): Promise<FeedEntry[]> {
    return (await latestPublicArticles(this.knex, query)).map((row) => feedEntry(this.config, site, row));
  }

  private site(): Promise<SiteFacts> {
    return new SiteService(this.knex).get();
  }
}
