import type { ArticleData, SiteData } from './queries';

/**
 * schema.org NewsArticle for search engines, serialized for a <script type="application/ld+json">.
 * "<" is escaped as \u003c so no value (a title containing "</script>") can end the element early.
 */
export function newsArticleJsonLd(article: ArticleData, site: SiteData, pageUrl: string): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': pageUrl },
    headline: article.title,
    description: article.excerpt,
    inLanguage: 'vi',
    articleSection: article.category.name,
    keywords: article.tags.length > 0 ? article.tags.join(', ') : undefined,
    image: article.coverImage ? [article.coverImage.url] : undefined,
    datePublished: article.publishedAt ?? undefined,
    dateModified: article.updatedAt,
    author: [{ '@type': 'Person', name: article.author.displayName }],
    publisher: {
      '@type': 'Organization',
      name: site.name,
      logo: site.bannerImage ? { '@type': 'ImageObject', url: site.bannerImage.url } : undefined,
    },
  };
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
