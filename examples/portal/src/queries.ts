/**
 * The two page queries. Each page asks for everything it shows in one document, so one GraphQL
 * request builds it; fields are exactly what the templates use.
 */
const SITE_FIELDS = `
  site {
    name
    tagline
    bannerImage { url srcSet width height alt }
  }`;

const ARTICLE_LINK_FIELDS = `
  id title slug publishedAt excerpt
  category { name slug }
  coverImage { url(width: 640) srcSet width height }
  coverAlt`;

export const ARTICLE_PAGE_QUERY = `
  query PortalArticlePage($slug: String!, $latest: Int!) {
    ${SITE_FIELDS}
    article(slug: $slug) {
      id title slug excerpt body publishedAt updatedAt viewCount tags
      author { displayName slug }
      category { name slug }
      coverImage { url srcSet width height }
      coverAlt coverCaption
    }
    latest: articles(first: $latest) { nodes { ${ARTICLE_LINK_FIELDS} } }
  }`;

export const HOME_PAGE_QUERY = `
  query PortalHomePage($latest: Int!) {
    ${SITE_FIELDS}
    latest: articles(first: $latest) { nodes { ${ARTICLE_LINK_FIELDS} } }
    mostRead: mostViewedArticles(period: DAY, first: 5) { id title slug viewCount }
  }`;

export const SITE_QUERY = `query PortalSite { ${SITE_FIELDS} }`;

export interface MediaData {
  url: string;
  srcSet: string;
  width: number | null;
  height: number | null;
  alt?: string | null;
}

export interface SiteData {
  name: string;
  tagline: string | null;
  bannerImage: MediaData | null;
}

export interface ArticleLinkData {
  id: string;
  title: string;
  slug: string;
  publishedAt: string | null;
  excerpt: string;
  category: { name: string; slug: string };
  coverImage: MediaData | null;
  coverAlt: string | null;
}

export interface ArticleData {
  id: string;
  title: string;
  slug: string;
  excerpt: string;
  body: string;
  publishedAt: string | null;
  updatedAt: string;
  viewCount: number;
  tags: string[];
  author: { displayName: string; slug: string };
  category: { name: string; slug: string };
  coverImage: MediaData | null;
  coverAlt: string | null;
  coverCaption: string | null;
}

export interface ArticlePageData {
  site: SiteData;
  article: ArticleData | null;
  latest: { nodes: ArticleLinkData[] };
}

export interface HomePageData {
  site: SiteData;
  latest: { nodes: ArticleLinkData[] };
  mostRead: { id: string; title: string; slug: string; viewCount: number }[];
}
