import type { Config } from '../../config';
import { Feed, type FeedItem } from './feed-library';
import { lastModifiedOf, type FeedEntry, type SiteFacts, type SyndicationDocument } from './syndication-source';

export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_FILES: Record<FeedFormat, { file: string; contentType: string }> = {
  rss: { file: 'rss.xml', contentType: 'application/rss+xml; charset=utf-8' },
  atom: { file: 'atom.xml', contentType: 'application/atom+xml; charset=utf-8' },
  json: { file: 'feed.json', contentType: 'application/feed+json; charset=utf-8' },
};

/** Which feed: the whole site, or one category (with its subcategories). */
export interface FeedScope {
  title: string;
  description: string;
  /** Where the feeds of this scope live under PUBLIC_URL: `/feeds` or `/feeds/category/<slug>`. */
  path: string;
  /** The page on the site the feed stands for. */
  link: string;
}

const MEDIA_RSS = 'http://search.yahoo.com/mrss/';
const DUBLIN_CORE = 'http://purl.org/dc/elements/1.1/';

/** RSS 2.0 (with Media RSS and Dublin Core), Atom 1.0 or JSON Feed 1.1, rendered by the `feed` package. */
export function renderFeed(config: Config, site: SiteFacts, scope: FeedScope, format: FeedFormat, entries: FeedEntry[]): SyndicationDocument {
  const self = (kind: FeedFormat) => `${config.publicUrl}${scope.path}/${FEED_FILES[kind].file}`;
  const feed = new Feed({
    id: self(format),
    title: scope.title,
    description: scope.description,
    link: scope.link,
    language: config.syndication.language,
    updated: lastModifiedOf(entries) ?? undefined,
    generator: 'Bulletin',
    copyright: config.syndication.rights ?? `© ${site.name}`,
    feed: self(format),
    feedLinks: { rss: self('rss'), atom: self('atom'), json: self('json') },
  });
  for (const entry of entries) feed.addItem(feedItem(config, entry, format));
  const rendered = format === 'rss' ? withNamespaces(feed.rss2()) : format === 'atom' ? feed.atom1() : asJsonFeed11(feed.json1(), config.syndication.language);
  return { contentType: FEED_FILES[format].contentType, body: rendered, lastModified: lastModifiedOf(entries) };
}

function feedItem(config: Config, entry: FeedEntry, format: FeedFormat): FeedItem {
  const { article, category, image, attribution } = entry;
  const item: FeedItem = {
    // The id, not the URL: the guid stays the same when an editor changes the slug.
    id: entry.uri,
    guid: entry.uri,
    title: article.title,
    link: entry.url,
    date: article.updatedAt,
    published: article.publishedAt ?? article.createdAt,
    description: article.excerpt,
    content: config.syndication.feedFullContent ? article.body : undefined,
    // RSS's own <author> is an e-mail address: there the byline is dc:creator (below).
    author: format === 'rss' ? undefined : [{ name: attribution.author }],
    category: [{ name: category.name, term: category.slug, domain: `${config.syndication.siteUrl}/${category.slug}` }, ...article.tags.map((tag) => ({ name: tag, term: tag }))],
    copyright: attribution.rights,
  };
  if (image) item.image = { url: image.url, type: image.mimeType, length: image.bytes };
  item.extensions = format === 'rss' ? rssExtensions(entry) : format === 'json' ? [{ name: '_attribution', objects: { ...attribution, canonical_url: entry.url } }] : [];
  return item;
}

/** RSS has no byline or per-item rights of its own (`author` is an e-mail address): Dublin Core and Media RSS carry them. */
function rssExtensions({ image, attribution }: FeedEntry) {
  const extensions = [
    { name: 'dc:creator', objects: { _text: attribution.author } },
    { name: 'dc:rights', objects: { _text: attribution.rights } },
    { name: 'dc:publisher', objects: { _text: attribution.source } },
  ];
  if (image) {
    const dimensions = image.width !== null && image.height !== null ? { width: image.width, height: image.height } : {};
    extensions.push({
      name: 'media:content',
      objects: {
        _attributes: { url: image.url, type: image.mimeType, medium: 'image', fileSize: image.bytes, ...dimensions },
        ...(image.caption ? { 'media:description': { _text: image.caption } } : {}),
        'media:credit': { _attributes: { role: 'publisher', scheme: 'urn:ebu' }, _text: attribution.source },
      },
    } as never);
  }
  return extensions;
}

/** The `feed` package declares only the namespaces it uses itself; the extensions above need two more. */
function withNamespaces(rss: string): string {
  const declarations = [`xmlns:media="${MEDIA_RSS}"`, ...(rss.includes('xmlns:dc=') ? [] : [`xmlns:dc="${DUBLIN_CORE}"`])];
  return rss.replace('<rss version="2.0"', `<rss version="2.0" ${declarations.join(' ')}`);
}

type JsonFeedObject = Record<string, unknown> & { author?: unknown; items?: (Record<string, unknown> & { author?: unknown })[] };

/**
 * The `feed` package writes JSON Feed 1.0; 1.1 (what we serve) names its version, replaces the
 * single `author` with `authors` and adds `language`. The rest is the same.
 */
function asJsonFeed11(json: string, language: string): string {
  const feed = JSON.parse(json) as JsonFeedObject;
  const withAuthors = <T extends { author?: unknown }>({ author, ...rest }: T) => (author ? { ...rest, authors: [author] } : rest);
  const items = (feed.items ?? []).map((item) => ({ ...withAuthors(item), language }));
  return JSON.stringify({ ...withAuthors(feed), version: 'https://jsonfeed.org/version/1.1', language, items });
}
