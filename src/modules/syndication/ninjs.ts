import type { Config } from '../../config';
import { ninjsStatusOf } from './attribution';
import { lastModifiedOf, type FeedEntry, type FeedImage, type SyndicationDocument } from './syndication-source';

/**
 * IPTC ninjs 2.1 (News in JSON): it has every property partners asked for (headlines, bodies,
 * subjects, associations as a named array, embargoed, pubstatus, rights), and a 2.x consumer reads
 * it; 3.0 is a new major version, a breaking change for those consumers.
 */
export const NINJS_VERSION = '2.1';
const NINJS_SCHEMA = 'http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json';
export const NINJS_CONTENT_TYPE = 'application/json; charset=utf-8';

type NinjsObject = Record<string, unknown>;

const STANDARD = { name: 'ninjs', version: NINJS_VERSION, schema: NINJS_SCHEMA };

/** One article as a ninjs text item. */
export function articleNinjs(config: Config, entry: FeedEntry): NinjsObject {
  const { article, category, image, attribution } = entry;
  const { language, siteUrl, usageTerms } = config.syndication;
  return {
    uri: entry.uri,
    standard: STANDARD,
    type: 'text',
    representationtype: 'full',
    version: String(article.version),
    firstcreated: article.createdAt.toISOString(),
    versioncreated: article.updatedAt.toISOString(),
    ...(article.publishedAt ? { contentcreated: article.publishedAt.toISOString() } : {}),
    ...ninjsStatusOf(article),
    language,
    slugline: article.slug,
    headlines: [{ role: 'main', value: article.title }],
    descriptions: [{ role: 'summary', contenttype: 'text/plain', value: article.excerpt }],
    bodies: [{ role: 'main', contenttype: 'text/html', value: article.body, wordcount: article.wordCount }],
    by: attribution.author,
    subjects: [
      { name: category.name, rel: 'category', literal: category.slug, uri: `${siteUrl}/${encodeURIComponent(category.slug)}` },
      ...article.tags.map((tag) => ({ name: tag, rel: 'tag', literal: tag })),
    ],
    altids: [{ role: 'canonical-url', value: entry.url }],
    infosources: [{ name: attribution.source, role: 'originator', uri: siteUrl }],
    copyrightholder: attribution.source,
    copyrightnotice: attribution.rights,
    ...(usageTerms ? { usageterms: usageTerms } : {}),
    ...(image ? { associations: [imageNinjs(image, attribution.rights)] } : {}),
  };
}

/** The cover as a picture association with its original rendition (the URL is content-addressed). */
function imageNinjs(image: FeedImage, rights: string): NinjsObject {
  const size = image.width !== null && image.height !== null ? { width: image.width, height: image.height } : {};
  return {
    name: 'featureimage',
    uri: image.url,
    type: 'picture',
    ...(image.caption ? { headlines: [{ role: 'caption', value: image.caption }] } : {}),
    ...(image.alt ? { descriptions: [{ role: 'alt', value: image.alt }] } : {}),
    copyrightnotice: rights,
    renditions: [{ name: 'original', href: image.url, contenttype: image.mimeType, sizeinbytes: image.bytes, ...size }],
  };
}

export function renderArticleNinjs(config: Config, entry: FeedEntry): SyndicationDocument {
  return { contentType: NINJS_CONTENT_TYPE, body: JSON.stringify(articleNinjs(config, entry)), lastModified: entry.article.updatedAt };
}

/** The latest articles as one ninjs composite item whose associations are the articles, newest first. */
export function renderNinjsFeed(config: Config, siteName: string, entries: FeedEntry[]): SyndicationDocument {
  const lastModified = lastModifiedOf(entries);
  const feed = {
    uri: `${config.publicUrl}/ninjs/latest.json`,
    standard: STANDARD,
    type: 'composite',
    versioncreated: (lastModified ?? new Date(0)).toISOString(),
    language: config.syndication.language,
    headlines: [{ role: 'main', value: siteName }],
    copyrightholder: siteName,
    associations: entries.map((entry, index) => ({ name: `article${index + 1}`, ...articleNinjs(config, entry) })),
  };
  return { contentType: NINJS_CONTENT_TYPE, body: JSON.stringify(feed), lastModified };
}
