import { cacheTags, tagResponse, type ResponseCacheHint } from '../../shared/cache-hint';

/** An article answer holds that article: its tag (from the row already read, no SQL). */
export function tagArticle<T extends { id: string } | null>(hint: ResponseCacheHint, article: T): T {
  if (article) tagResponse(hint, cacheTags.article(article.id));
  return article;
}

/** A list answer changes with any publish (list:articles) and with an edit of any article on it. */
export function tagArticleList<T extends { edges: { node: { id: string } }[] } | { id: string }[]>(hint: ResponseCacheHint, page: T): T {
  tagResponse(hint, cacheTags.articleList);
  const rows = Array.isArray(page) ? page : page.edges.map((edge) => edge.node);
  for (const row of rows) tagResponse(hint, cacheTags.article(row.id));
  return page;
}
