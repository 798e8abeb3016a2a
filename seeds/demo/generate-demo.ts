import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import { ArticleStatus } from '../../src/modules/article/article.entity';
import type { MediaStorage } from '../../src/modules/media/media-storage';
import { countWords, escapeHtml } from '../../src/shared/html';
import { slugify } from '../../src/shared/slugify';
import { NEWSROOM_UTC_OFFSET_HOURS } from '../bulletin/bulletin-date';
import { PLACEHOLDER_SIZES, renderPlaceholderImage } from '../bulletin/placeholder-image';
import { ensureAuthor } from '../shared/authors';
import { allCategorySlugs, ensureCategories } from '../shared/categories';
import { SeedMediaLibrary } from '../shared/media';
import { composeArticle, type ComposedArticle } from './compose-article';
import { TOPICS } from './phrases';
import { mulberry32, randomUuid, streamSeed } from './prng';

/** The demo newsroom's reporters (bylines as the portal prints them). */
export const DEMO_AUTHORS = ['Thu Hà', 'Minh Đức', 'Hải Yến', 'Văn Toàn'];
export const DEFAULT_DEMO_SEED = 20221103;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Articles go out between 07:00 and 21:00 newsroom time, over the year before the anchor day. */
const FIRST_HOUR = 7;
const WORKING_DAY_MS = 14 * HOUR_MS;
const SPAN_DAYS = 365;
/** Rows per INSERT: 18 columns × 1000 rows stays far below PostgreSQL's 65535 parameters. */
const BATCH_SIZE = 1000;

export interface DemoArticle extends ComposedArticle {
  id: string;
  slug: string;
  publishedAt: Date;
  authorName: string;
}

/**
 * The demo articles for a seed, without touching the database. Article i depends only on the
 * seed, i, the count (its place on the timeline) and the anchor day: same inputs, same data.
 */
export function planDemoArticles(count: number, seed = DEFAULT_DEMO_SEED, anchor: Date = newsroomMidnight(new Date())): DemoArticle[] {
  const slot = (SPAN_DAYS * WORKING_DAY_MS) / Math.max(1, count);
  return Array.from({ length: count }, (_, index) => {
    const random = mulberry32(streamSeed(seed, index));
    const id = randomUuid(random);
    // Newest first, one slot of working time each, so no two articles share a timestamp.
    const working = Math.floor((index + random.next() * 0.9) * slot);
    const day = Math.floor(working / WORKING_DAY_MS) + 1; // from yesterday back: never in the future
    const publishedAt = new Date(anchor.getTime() - day * DAY_MS + FIRST_HOUR * HOUR_MS + (working % WORKING_DAY_MS));
    const composed = composeArticle(random, publishedAt);
    // The index keeps slugs unique even where two composed titles coincide.
    const slug = `${slugify(composed.title, 100)}-${index + 1}`;
    return { ...composed, id, slug, publishedAt, authorName: random.pick(DEMO_AUTHORS) };
  });
}

/** Midnight of the instant's calendar day in the newsroom's time zone, as an instant. */
export function newsroomMidnight(instant: Date): Date {
  const offset = NEWSROOM_UTC_OFFSET_HOURS * HOUR_MS;
  return new Date(Math.floor((instant.getTime() + offset) / DAY_MS) * DAY_MS - offset);
}

interface RowReferences {
  categoryId: string;
  authorId: string;
  coverId: string | null;
}

/** One article table row (column names as in the migrations). */
function articleRow(article: DemoArticle, refs: RowReferences): Record<string, unknown> {
  const bodyText = article.paragraphs.join(' ');
  return {
    id: article.id,
    created_at: new Date(article.publishedAt.getTime() - 2 * HOUR_MS),
    updated_at: article.publishedAt,
    title: article.title,
    slug: article.slug,
    excerpt: article.lead,
    // Composed text holds no markup: escaped paragraphs are already what the sanitizer would keep.
    body: article.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n'),
    body_text: bodyText,
    word_count: countWords(bodyText),
    status: ArticleStatus.PUBLISHED,
    published_at: article.publishedAt,
    category_id: refs.categoryId,
    author_id: refs.authorId,
    cover_image_id: refs.coverId,
    tags: article.tags,
    version: 1,
    view_count: article.viewCount,
  };
}

export interface GenerateDemoOptions {
  count: number;
  mediaStorage: MediaStorage;
  seed?: number;
  /** The day the timeline ends (articles start the day before); defaults to today. */
  anchor?: Date;
}

export interface GenerateDemoResult {
  inserted: number;
  /** Already present (same id or slug from an earlier run with the same seed): left alone. */
  skipped: number;
}

/**
 * Inserts demo articles, with their authors, categories and cover images, in one transaction.
 * Articles go in by batched INSERTs (no entity hydration) so ten thousand take seconds.
 */
export async function generateDemoArticles(orm: MikroORM, options: GenerateDemoOptions): Promise<GenerateDemoResult> {
  if (!Number.isInteger(options.count) || options.count < 0) throw new Error(`count must be a non-negative integer (got ${options.count})`);
  const articles = planDemoArticles(options.count, options.seed ?? DEFAULT_DEMO_SEED, options.anchor ?? newsroomMidnight(new Date()));
  const covers = await Promise.all(
    TOPICS.map(async (topic) => ({ label: topic.coverLabel, image: await renderPlaceholderImage(`Ảnh minh họa – ${topic.coverLabel}`, PLACEHOLDER_SIZES['article-photo']) })),
  );

  return orm.em.fork().transactional(async (em) => {
    const categories = await ensureCategories(em, allCategorySlugs());
    const authors = new Map<string, string>();
    for (const name of DEMO_AUTHORS) authors.set(name, (await ensureAuthor(em, name)).id);
    const library = new SeedMediaLibrary(em, options.mediaStorage);
    const coverIds = new Map<string, string>();
    for (const { label, image } of covers) coverIds.set(label, (await library.ensure(image, { alt: `Ảnh minh họa chuyên mục ${label}` })).id);
    // The articles below reference these rows by id: write them first.
    await em.flush();

    let inserted = 0;
    const knex = em.getKnex();
    for (let start = 0; start < articles.length; start += BATCH_SIZE) {
      const rows = articles.slice(start, start + BATCH_SIZE).map((article) =>
        articleRow(article, {
          categoryId: categories.get(article.categorySlug)?.id as string,
          authorId: authors.get(article.authorName) as string,
          coverId: article.coverLabel === null ? null : (coverIds.get(article.coverLabel) ?? null),
        }),
      );
      // Plain knex: MikroORM's query builder spends longer preparing 1000 rows than PostgreSQL takes to insert them.
      // Re-running with the same seed finds the same ids and slugs: skip those rows instead of failing.
      const ids = await knex('article')
        .insert(rows)
        .onConflict()
        .ignore()
        .returning('id')
        .transacting(em.getTransactionContext() as Knex.Transaction);
      inserted += ids.length;
    }
    return { inserted, skipped: articles.length - inserted };
  });
}
