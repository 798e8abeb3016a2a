import type { SyndicationConfig } from '../../config';
import { ArticleStatus } from '../article';

/** Who to credit when an article is republished: the same three lines in the API and every feed. */
export interface Attribution {
  /** The publication (the site's name). */
  source: string;
  /** The byline: the author's display name. */
  author: string;
  /** The rights line: CONTENT_RIGHTS, or "© <site name>". */
  rights: string;
}

export function attributionOf(config: Pick<SyndicationConfig, 'rights'>, siteName: string, authorName: string): Attribution {
  return { source: siteName, author: authorName, rights: config.rights ?? `© ${siteName}` };
}

/** What the ninjs status of an article is made from. `embargoedUntil` exists once embargoes do. */
export interface EmbargoFacts {
  status: ArticleStatus;
  publishedAt: Date | null;
  deletedAt: Date | null;
  embargoedUntil?: Date | null;
}

export interface NinjsStatus {
  pubstatus: 'usable' | 'withheld' | 'canceled';
  /** ISO time before which the item must not be published; absent when not embargoed. */
  embargoed?: string;
}

/**
 * The one mapping of an article's state and embargo to ninjs: public → usable; under an embargo
 * that has not ended → withheld with `embargoed` (partners with the embargoed scope hold it until
 * then); unpublished, archived or deleted → canceled (what a mirror must take down).
 */
export function ninjsStatusOf(article: EmbargoFacts, now = new Date()): NinjsStatus {
  if (article.deletedAt !== null || article.status !== ArticleStatus.PUBLISHED) return { pubstatus: 'canceled' };
  const embargo = article.embargoedUntil ?? null;
  if (embargo !== null && embargo > now) return { pubstatus: 'withheld', embargoed: embargo.toISOString() };
  if (article.publishedAt !== null && article.publishedAt > now) return { pubstatus: 'withheld', embargoed: article.publishedAt.toISOString() };
  return { pubstatus: 'usable' };
}
