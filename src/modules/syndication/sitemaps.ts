import { XMLBuilder } from 'fast-xml-parser';
import type { Config } from '../../config';
import type { SitemapEntry } from '../article';
import { canonicalUrl } from './article-links';
import { lastModifiedOf, latestOf, type FeedEntry, type SyndicationDocument } from './syndication-source';

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';
/** Google News reads articles of the last two days, at most 1,000 per sitemap. */
export const NEWS_SITEMAP_WINDOW_MS = 2 * 24 * 3600 * 1000;
export const NEWS_SITEMAP_MAX = 1000;

// A maintained XML builder escapes every text and attribute value: titles hold &, < and quotes.
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });
const declaration = { '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' } };

function xml(tree: Record<string, unknown>, lastModified: Date | null): SyndicationDocument {
  return { contentType: XML_CONTENT_TYPE, body: builder.build({ ...declaration, ...tree }) as string, lastModified };
}

/** Where the sitemaps are published: on the site (which proxies these paths to the API), as crawlers want. */
export function sitemapPageUrl(config: Config, page: number): string {
  return `${config.syndication.siteUrl}/sitemaps/articles-${page}.xml`;
}

/** `/sitemap.xml`: one child per page of articles (SITEMAP_PAGE_SIZE each), and the news sitemap. */
export function renderSitemapIndex(config: Config, totals: { count: number; lastModified: Date | null }): SyndicationDocument {
  const pages = Math.max(1, Math.ceil(totals.count / config.syndication.sitemapPageSize));
  const lastmod = totals.lastModified?.toISOString();
  const sitemap = Array.from({ length: pages }, (_, index) => ({ loc: sitemapPageUrl(config, index + 1), ...(lastmod ? { lastmod } : {}) }));
  sitemap.push({ loc: `${config.syndication.siteUrl}/sitemaps/news.xml`, ...(lastmod ? { lastmod } : {}) });
  return xml({ sitemapindex: { '@_xmlns': SITEMAP_NS, sitemap } }, totals.lastModified);
}

export function renderSitemapPage(config: Config, entries: SitemapEntry[]): SyndicationDocument {
  const url = entries.map((entry) => ({ loc: canonicalUrl(config.syndication, entry), lastmod: entry.updatedAt.toISOString() }));
  return xml({ urlset: { '@_xmlns': SITEMAP_NS, url } }, latestOf(entries.map((entry) => entry.updatedAt)));
}

/** The Google News sitemap: publication name and language, publication date and title of each article. */
export function renderNewsSitemap(config: Config, siteName: string, entries: FeedEntry[]): SyndicationDocument {
  const url = entries.map(({ url: loc, article }) => ({
    loc,
    'news:news': {
      'news:publication': { 'news:name': siteName, 'news:language': config.syndication.language },
      'news:publication_date': (article.publishedAt ?? article.createdAt).toISOString(),
      'news:title': article.title,
    },
  }));
  return xml({ urlset: { '@_xmlns': SITEMAP_NS, '@_xmlns:news': NEWS_NS, url } }, lastModifiedOf(entries));
}
