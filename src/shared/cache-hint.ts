/**
 * What executing a GraphQL request tells the HTTP layer about its answer: whether it may be
 * reused at all, and which content it holds (as cache tags, for purging by what changed).
 */
export interface ResponseCacheHint {
  /** The operation was a query (never a mutation): its answer may be reused. */
  query: boolean;
  /**
   * A field whose answer depends on who reads it (an ad serving: rotation, frequency caps,
   * per-serving tokens) marks the whole response as never to be shared.
   */
  perVisitor: boolean;
  /** Cache tags (see `cacheTags`) of what the answer contains. */
  tags: Set<string>;
}

export const emptyCacheHint = (): ResponseCacheHint => ({ query: false, perVisitor: false, tags: new Set() });

/**
 * The cache tag vocabulary, shared by responses (`Cache-Tag` / `Surrogate-Key` headers) and by
 * `cache.purge` notifications: a change purges exactly the tags whose content it altered.
 */
export const cacheTags = {
  site: 'site',
  /** Any list of articles (latest, category pages, search, most read): a publish changes them. */
  articleList: 'list:articles',
  article: (id: string) => `article:${id}`,
  category: (id: string) => `category:${id}`,
  media: (id: string) => `media:${id}`,
} as const;

/** Adds the tags of what a resolver returned to the request's hint (a Set: repeats cost nothing). */
export function tagResponse(hint: ResponseCacheHint, ...tags: string[]): void {
  for (const tag of tags) hint.tags.add(tag);
}
