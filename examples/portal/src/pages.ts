import { sidebarAds } from './ads';
import { renderArticleBody } from './article-body';
import { vietnameseDate } from './dates';
import { articleOpenGraph, siteOpenGraph, type MetaProperty } from './page-meta';
import type { ArticleData, ArticleLinkData, ArticlePageData, HomePageData, SiteData } from './queries';
import { newsArticleJsonLd } from './structured-data';

export interface PageContext {
  /** Bulletin as browsers reach it: the beacons' base. */
  bulletinPublicUrl: string;
  publicUrl: string;
  timeZone: string;
  assets: { css: string; js: string; icon: string };
}

/** What every template gets: the layout's head and the masthead. */
interface LayoutModel {
  pageTitle: string;
  description: string | null;
  canonicalUrl: string | null;
  meta: MetaProperty[];
  jsonLd: string | null;
  site: SiteData;
  assets: PageContext['assets'];
}

export interface ArticleLinkModel extends ArticleLinkData {
  href: string;
  date: string;
}

const viewCountFormat = new Intl.NumberFormat('vi-VN');

export function articlePageModel(data: ArticlePageData & { article: ArticleData }, ctx: PageContext) {
  const { article, site } = data;
  // Feeds, sitemaps and partners link to Bulletin's canonical URL: the page names the same one.
  const pageUrl = article.canonicalUrl;
  const layout: LayoutModel = {
    pageTitle: `${article.title} - ${site.name}`,
    description: article.excerpt,
    canonicalUrl: pageUrl,
    meta: articleOpenGraph(article, site, pageUrl),
    jsonLd: newsArticleJsonLd(article, site, pageUrl),
    site,
    assets: ctx.assets,
  };
  return {
    ...layout,
    article,
    date: vietnameseDate(article.publishedAt, ctx.timeZone),
    viewCount: viewCountFormat.format(article.viewCount),
    bodyHtml: renderArticleBody(article.body, { mediaBase: mediaBaseOf(data, ctx), cover: article.coverImage }),
    // The view is counted by the reader's browser, not by this server: Bulletin dedupes by the
    // reader's address and user agent, which only the browser's own request carries.
    viewBeaconUrl: `${ctx.bulletinPublicUrl}/views/${article.id}`,
    viewPixelUrl: `${ctx.bulletinPublicUrl}/views/${article.id}.gif`,
    ads: sidebarAds(data, ctx.bulletinPublicUrl),
    latest: links(data.latest.nodes.filter((other) => other.id !== article.id), ctx),
  };
}

export function homePageModel(data: HomePageData, ctx: PageContext) {
  const layout: LayoutModel = {
    pageTitle: data.site.name,
    description: data.site.tagline,
    canonicalUrl: `${ctx.publicUrl}/`,
    meta: siteOpenGraph(data.site, `${ctx.publicUrl}/`),
    jsonLd: null,
    site: data.site,
    assets: ctx.assets,
  };
  return {
    ...layout,
    latest: links(data.latest.nodes, ctx),
    ads: sidebarAds(data, ctx.bulletinPublicUrl),
    mostRead: data.mostRead.map((entry) => ({ ...entry, href: `/${entry.slug}`, viewCount: viewCountFormat.format(entry.viewCount) })),
  };
}

export function notFoundModel(site: SiteData, ctx: PageContext) {
  const layout: LayoutModel = { pageTitle: `Không tìm thấy trang - ${site.name}`, description: null, canonicalUrl: null, meta: [], jsonLd: null, site, assets: ctx.assets };
  return layout;
}

/**
 * Bulletin builds media URLs from its PUBLIC_URL, which may differ from the address this server
 * uses (an internal host name): resolve the body's relative images the way its own URLs are built.
 */
function mediaBaseOf(data: ArticlePageData, ctx: PageContext): string {
  const known = data.article?.coverImage?.url ?? data.site.bannerImage?.url;
  return known ? new URL(known).origin : ctx.bulletinPublicUrl;
}

function links(nodes: ArticleLinkData[], ctx: PageContext): ArticleLinkModel[] {
  return nodes.map((node) => ({ ...node, href: `/${node.slug}`, date: vietnameseDate(node.publishedAt, ctx.timeZone) }));
}
