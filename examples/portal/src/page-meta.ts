import type { ArticleData, SiteData } from './queries';

export interface MetaProperty {
  property: string;
  content: string;
}

/** Open Graph (and the article: namespace) for link previews in chats and social networks. */
export function articleOpenGraph(article: ArticleData, site: SiteData, pageUrl: string): MetaProperty[] {
  const meta: MetaProperty[] = [
    { property: 'og:type', content: 'article' },
    { property: 'og:site_name', content: site.name },
    { property: 'og:locale', content: 'vi_VN' },
    { property: 'og:title', content: article.title },
    { property: 'og:description', content: article.excerpt },
    { property: 'og:url', content: pageUrl },
  ];
  if (article.coverImage) {
    meta.push({ property: 'og:image', content: article.coverImage.url });
    if (article.coverImage.width) meta.push({ property: 'og:image:width', content: String(article.coverImage.width) });
    if (article.coverImage.height) meta.push({ property: 'og:image:height', content: String(article.coverImage.height) });
    if (article.coverAlt) meta.push({ property: 'og:image:alt', content: article.coverAlt });
  }
  if (article.publishedAt) meta.push({ property: 'article:published_time', content: article.publishedAt });
  meta.push({ property: 'article:modified_time', content: article.updatedAt });
  meta.push({ property: 'article:section', content: article.category.name });
  for (const tag of article.tags) meta.push({ property: 'article:tag', content: tag });
  return meta;
}

export function siteOpenGraph(site: SiteData, pageUrl: string): MetaProperty[] {
  const meta: MetaProperty[] = [
    { property: 'og:type', content: 'website' },
    { property: 'og:site_name', content: site.name },
    { property: 'og:locale', content: 'vi_VN' },
    { property: 'og:title', content: site.name },
    { property: 'og:url', content: pageUrl },
  ];
  if (site.tagline) meta.push({ property: 'og:description', content: site.tagline });
  if (site.bannerImage) meta.push({ property: 'og:image', content: site.bannerImage.url });
  return meta;
}
