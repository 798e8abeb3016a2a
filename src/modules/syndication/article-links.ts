import type { SyndicationConfig } from '../../config';

/** What an article's public URL is made of. */
export interface LinkableArticle {
  id: string;
  slug: string;
}

/**
 * The article's page on the public site: SITE_URL + ARTICLE_PATH with `{slug}` and `{id}` filled
 * in. Computed, never stored: a renamed slug or a moved site changes every link at once, and
 * the frontend answers old slugs by itself (`article(slug)` finds renamed ones).
 */
export function canonicalUrl(config: Pick<SyndicationConfig, 'siteUrl' | 'articlePath'>, article: LinkableArticle): string {
  const path = config.articlePath.replaceAll('{slug}', encodeURIComponent(article.slug)).replaceAll('{id}', article.id);
  return `${config.siteUrl}${path}`;
}

/** A stable identifier of the article for feed guids and ninjs `uri`: it survives slug changes. */
export function articleUri(siteUrl: string, id: string): string {
  return `${siteUrl}/#article-${id}`;
}
