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

/**
 * The sidebar's three ad slots (the bulletin page's three advertisements), in the same request
 * as the page. Each serving is this reader's: its impression token and signed click URL.
 */
export const AD_SLOT_KEYS = ['sidebar-1', 'sidebar-2', 'sidebar-3'] as const;
const AD_SLOTS = AD_SLOT_KEYS.map(
  (key, index) => `
  ad${index + 1}: adSlot(key: "${key}", context: $adContext) {
    ads { impressionToken clickUrl creative { alt width height image { url srcSet } } }
  }`,
).join('');

export const ARTICLE_PAGE_QUERY = `
  query PortalArticlePage($slug: String!, $latest: Int!, $adContext: AdContext) {
    ${SITE_FIELDS}
    article(slug: $slug) {
      id title slug canonicalUrl excerpt body publishedAt updatedAt viewCount tags
      author { displayName slug }
      category { name slug }
      coverImage { url srcSet width height }
      coverAlt coverCaption
    }
    latest: articles(first: $latest) { nodes { ${ARTICLE_LINK_FIELDS} } }
    ${AD_SLOTS}
  }`;

export const HOME_PAGE_QUERY = `
  query PortalHomePage($latest: Int!, $adContext: AdContext) {
    ${SITE_FIELDS}
    ${AD_SLOTS}
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
  /** Bulletin's link to this page (SITE_URL + ARTICLE_PATH), the one its feeds and sitemaps give. */
  canonicalUrl: string;
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

export interface AdServingData {
  impressionToken: string;
  clickUrl: string;
  creative: { alt: string; width: number; height: number; image: { url: string; srcSet: string } };
}

/** adSlot answers null for an unknown or inactive slot. */
export type AdSlotsData = Record<`ad${1 | 2 | 3}`, { ads: AdServingData[] } | null>;

export interface ArticlePageData extends AdSlotsData {
  site: SiteData;
  article: ArticleData | null;
  latest: { nodes: ArticleLinkData[] };
}

export interface HomePageData extends AdSlotsData {
  site: SiteData;
  latest: { nodes: ArticleLinkData[] };
  mostRead: { id: string; title: string; slug: string; viewCount: number }[];
}
