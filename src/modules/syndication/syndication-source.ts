import type { Config } from '../../config';
import { mediaUrl, type MediaModel } from '../media';
import type { SyndicatedArticle } from '../article';
import { articleUri, canonicalUrl } from './article-links';
import { attributionOf, type Attribution } from './attribution';

/** What every format renders an article from: its rows plus the links and credit built once. */
export interface FeedEntry extends SyndicatedArticle {
  url: string;
  uri: string;
  attribution: Attribution;
  image: FeedImage | null;
}

export interface FeedImage {
  id: string;
  url: string;
  mimeType: string;
  bytes: number;
  width: number | null;
  height: number | null;
  alt: string | null;
  caption: string | null;
}

export interface SiteFacts {
  name: string;
  tagline: string | null;
}

/** A rendered document, when its content last changed (Last-Modified), and what it holds (cache tags). */
export interface SyndicationDocument {
  contentType: string;
  body: string;
  lastModified: Date | null;
  tags?: string[];
}

export function feedEntry(config: Config, site: SiteFacts, item: SyndicatedArticle): FeedEntry {
  const { article, author, cover } = item;
  return {
    ...item,
    article: article.body === undefined ? article : { ...article, body: absoluteMediaLinks(article.body, config.publicUrl) },
    url: canonicalUrl(config.syndication, article),
    uri: articleUri(config.syndication.siteUrl, article.id),
    attribution: attributionOf(config.syndication, site.name, author.displayName),
    image: cover ? feedImage(config.publicUrl, cover, article.coverAlt, article.coverCaption) : null,
  };
}

/**
 * Bodies link their images as `/media/…`, relative to this API, which the site proxies; a feed is
 * read elsewhere (a reader, a partner's site), so there they point at PUBLIC_URL.
 */
function absoluteMediaLinks(html: string, publicUrl: string): string {
  return html.replace(/(\s(?:src|href|srcset)=")\/media\//g, `$1${publicUrl}/media/`);
}

/** The article's own alt and caption win over the image's (as Article.coverAlt / coverCaption). */
function feedImage(publicUrl: string, cover: MediaModel, alt: string | null, caption: string | null): FeedImage {
  return {
    id: cover.id,
    url: mediaUrl(publicUrl, cover.storageKey),
    mimeType: cover.mimeType,
    bytes: cover.bytes,
    width: cover.width,
    height: cover.height,
    alt: alt ?? cover.alt,
    caption: caption ?? cover.caption,
  };
}

/** The newest of these times (null for none): a document's Last-Modified. */
export function latestOf(times: Iterable<Date>): Date | null {
  let latest: Date | null = null;
  for (const time of times) if (latest === null || time > latest) latest = time;
  return latest;
}

/** The newest change among the entries. */
export function lastModifiedOf(entries: readonly { article: { updatedAt: Date } }[]): Date | null {
  return latestOf(entries.map(({ article }) => article.updatedAt));
}
