import path from 'node:path';
import { FlushMode, LockMode } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { knexOf } from '../../src/db/transaction';
import { createArticleChangeListeners } from '../../src/article-change-wiring';
import type { ArticleChangeListeners } from '../../src/modules/article';
import { notifyArticleChange, publicFactsOf } from '../../src/modules/article/article-change-events';
import { recordRevision } from '../../src/modules/article/article-revisions';
import { cleanCoverText } from '../../src/modules/article/article-content';
import { ArticleRevisionAction } from '../../src/modules/article/article-revision.entity';
import { Article, ArticleStatus } from '../../src/modules/article/article.entity';
import type { Category } from '../../src/modules/category/category.entity';
import type { Media } from '../../src/modules/media/media.entity';
import type { MediaStorage } from '../../src/modules/media/media-storage';
import { Site } from '../../src/modules/site/site.entity';
import { countWords, escapeHtml, htmlToPlainText, sanitizeArticleHtml } from '../../src/shared/html';
import { slugify } from '../../src/shared/slugify';
import { ensureAuthor } from '../shared/authors';
import { ensureCategories } from '../shared/categories';
import { SeedMediaLibrary } from '../shared/media';
import { DEFAULT_CATEGORY_SLUG, classifyArticle, findLocality } from './classify-article';
import type { BodyBlock, ImagePlaceholder, ParsedPage } from './parse-bulletin';
import { PLACEHOLDER_SIZES, renderPlaceholderImage, type RenderedImage } from './placeholder-image';

export interface ImportBulletinOptions {
  mediaStorage: MediaStorage;
  log?: (message: string) => void;
  /** Work out the outcome, then roll back: nothing is written, media files included. */
  dryRun?: boolean;
  /** Told of the article's public change in the import's transaction; the app's set (change log, …) by default. */
  articleChanges?: ArticleChangeListeners;
}

/**
 * imported: the article is new; updated: something from the page changed; kept: the article was
 * changed in Bulletin since it was imported, so the page was not applied; unchanged: nothing to write.
 */
export type ImportOutcome = 'imported' | 'updated' | 'kept' | 'unchanged';

export interface ImportBulletinResult {
  outcome: ImportOutcome;
  articleId: string;
  slug: string;
}

/** The sections every bulletin import sets up, whatever the page is about. */
const BULLETIN_CATEGORY_SLUGS = ['y-te', DEFAULT_CATEGORY_SLUG];

/**
 * Writes one parsed page: media, categories, author, site and article, in one transaction.
 * Idempotent: rows are matched by natural keys (article slug, media hash, user slug or email,
 * category slug) and only what differs is written, so a second run changes nothing. An article
 * staff changed since its import is left alone (see editedInBulletin). Every change the importer
 * makes to an article is recorded as an IMPORT revision with no actor.
 */
export async function importBulletinPage(orm: MikroORM, parsed: ParsedPage, options: ImportBulletinOptions): Promise<ImportBulletinResult> {
  const log = options.log ?? (() => undefined);
  const slug = slugify(parsed.title);
  if (slug === '') throw new Error(`${parsed.fileName}: the title "${parsed.title}" gives an empty slug`);
  // Rendering is CPU work: do it before the transaction holds any locks.
  const rendered = await renderPageImages(parsed);
  const storage = options.dryRun ? readOnlyStorage(options.mediaStorage) : options.mediaStorage;

  // COMMIT flush mode: nothing is written before the end, so the change sets computed there are
  // the whole of what this import changes.
  const em = orm.em.fork({ flushMode: FlushMode.COMMIT });
  try {
    return await em.transactional(
      async (tx) => {
        // Locked until commit: an editor's save waits for the import (and then gets CONFLICT on its
        // stale version) instead of the import overwriting it unseen.
        const existing = await tx.findOne(Article, { slug }, { populate: ['bodyText'], lockMode: LockMode.PESSIMISTIC_WRITE });
        if (existing && (await editedInBulletin(tx, existing))) {
          log(`${parsed.fileName}: kept "${parsed.title}" (/${slug}): edited in Bulletin since its import`);
          return finish({ outcome: 'kept', articleId: existing.id, slug }, options.dryRun);
        }
        const library = new SeedMediaLibrary(tx, storage);
        const banner = await library.ensure(rendered.banner, { alt: parsed.banner.alt });
        const photos = new Map<ImagePlaceholder, Media>();
        for (const [index, photo] of parsed.articlePhotos.entries()) {
          photos.set(photo, await library.ensure(rendered.photos[index], { alt: photo.alt }));
        }
        // The seed places these in the sidebar ad slots (seeds/shared/house-ads.ts).
        for (const [index, ad] of parsed.advertisements.entries()) await library.ensure(rendered.ads[index], { alt: ad.alt });

        await ensureSite(tx, parsed, banner);
        const before = existing ? publicFactsOf(existing) : null;
        const article = await upsertArticle(tx, parsed, slug, photos, existing);
        const uow = tx.getUnitOfWork();
        uow.computeChangeSets();
        const changedFields = articleFieldsChanged(tx, article);
        const changed = uow.getChangeSets().length > 0;
        const outcome: ImportOutcome = !existing ? 'imported' : changed ? 'updated' : 'unchanged';
        log(`${parsed.fileName}: ${outcome} "${parsed.title}" (/${slug})`);
        const result: ImportBulletinResult = { outcome, articleId: article.id, slug };
        if (options.dryRun || changedFields.length === 0) return finish(result, options.dryRun);
        // The revision carries the version the change gives the article: flush the article first.
        if (existing) await tx.flush();
        recordRevision(tx, article, { action: ArticleRevisionAction.IMPORT, changedFields, note: `Imported from ${path.basename(parsed.fileName)}` }, null);
        await tx.flush();
        await notifyArticleChange(options.articleChanges ?? createArticleChangeListeners(), tx, before, article);
        return result;
      },
      { flushMode: FlushMode.COMMIT },
    );
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}

/** Thrown out of a dry run's transaction: MikroORM rolls back, the result comes out in the error. */
class DryRunRollback extends Error {
  constructor(readonly result: ImportBulletinResult) {
    super('dry run: rolled back');
  }
}

function finish(result: ImportBulletinResult, dryRun: boolean | undefined): ImportBulletinResult {
  if (dryRun) throw new DryRunRollback(result);
  return result;
}

/** A dry run reads the media directory (is this file already there?) but never writes to it. */
function readOnlyStorage(storage: MediaStorage): MediaStorage {
  return {
    description: `${storage.description} (dry run: not written)`,
    put: async () => undefined,
    delete: async () => undefined,
    get: (key, range) => storage.get(key, range),
    stat: (key) => storage.stat(key),
    exists: (key) => storage.exists(key),
  };
}

/**
 * Whether staff changed the article since the importer last wrote it; then a re-import must not
 * touch it. Every change in Bulletin (edit, workflow move, delete, revert, the scheduler publishing
 * a staff schedule) writes a revision and bumps the version, and the importer records its own
 * writes as IMPORT revisions. So the article is the importer's only while its newest revision is
 * the importer's and its version is still the one that revision recorded (a version moved on with
 * no revision means a change that bypassed the history: treated as an edit too, to be safe).
 * Articles imported before the importer recorded revisions have none of their own: for those any
 * revision at all is staff's (a staff article with the same title included); none means untouched.
 */
async function editedInBulletin(em: EntityManager, article: Article): Promise<boolean> {
  const row = (await knexOf(em)('article_revision')
    .first(knexOf(em).raw('max(version) as latest'), knexOf(em).raw('max(version) filter (where action = ? and actor_id is null) as imported', [ArticleRevisionAction.IMPORT]))
    .where('article_id', article.id)) as { latest: number | null; imported: number | null };
  if (row.latest === null) return false;
  if (row.imported === null) return true;
  return row.latest > row.imported || article.version !== row.imported;
}

/** Article properties as revisions name them; bodyText and wordCount come with the body. */
const REVISION_FIELD: Record<string, string> = {
  title: 'title',
  slug: 'slug',
  excerpt: 'excerpt',
  body: 'body',
  bodyText: 'body',
  wordCount: 'body',
  publishedAt: 'publishedAt',
  status: 'status',
  category: 'categoryId',
  author: 'authorId',
  coverImage: 'coverImageId',
  coverAlt: 'coverAlt',
  coverCaption: 'coverCaption',
  tags: 'tags',
  viewCount: 'viewCount',
};

/** What this import changes on the article (after computeChangeSets), in revision field names. */
function articleFieldsChanged(em: EntityManager, article: Article): string[] {
  const changeSet = em.getUnitOfWork().getChangeSets().find((candidate) => candidate.entity === article);
  if (!changeSet) return [];
  return [...new Set(Object.keys(changeSet.payload).flatMap((property) => REVISION_FIELD[property] ?? []))];
}

interface RenderedPageImages {
  banner: RenderedImage;
  photos: RenderedImage[];
  ads: RenderedImage[];
}

async function renderPageImages(parsed: ParsedPage): Promise<RenderedPageImages> {
  const render = (image: ImagePlaceholder) => renderPlaceholderImage(image.label, PLACEHOLDER_SIZES[image.kind]);
  return {
    banner: await render(parsed.banner),
    photos: await Promise.all(parsed.articlePhotos.map(render)),
    ads: await Promise.all(parsed.advertisements.map(render)),
  };
}

/** The one site row: created from the first page; afterwards only empty fields are filled in. */
async function ensureSite(em: EntityManager, parsed: ParsedPage, banner: Media): Promise<void> {
  const [site] = await em.find(Site, {}, { orderBy: { createdAt: 'asc' }, limit: 1 });
  if (!site) {
    const place = findLocality([parsed.title, parsed.excerpt, ...paragraphsOf(parsed.body)]);
    const name = place ? `Cổng thông tin ${place.unit} ${place.name}` : 'Cổng thông tin điện tử';
    em.create(Site, { name, tagline: parsed.siteTagline, bannerImage: banner });
    return;
  }
  // CASE: an editor may have changed the site since; a page never overwrites their choices.
  site.tagline ??= parsed.siteTagline;
  site.bannerImage ??= banner;
}

async function upsertArticle(
  em: EntityManager,
  parsed: ParsedPage,
  slug: string,
  photos: Map<ImagePlaceholder, Media>,
  existing: Article | null,
): Promise<Article> {
  const body = sanitizeArticleHtml(renderBody(parsed.body, photos));
  const bodyText = htmlToPlainText(body);
  const { categorySlug, tags } = classifyArticle({ title: parsed.title, lead: parsed.excerpt, body: paragraphsOf(parsed.body) });
  const categories = await ensureCategories(em, [...BULLETIN_CATEGORY_SLUGS, categorySlug]);
  const author = await ensureAuthor(em, parsed.author);
  const coverPhoto = parsed.articlePhotos.length > 0 ? parsed.articlePhotos[0] : null;
  const cover = coverPhoto ? (photos.get(coverPhoto) ?? null) : null;
  // What the page says. Editorial state (status, deletion, section, tags) is only set on creation.
  const content = {
    title: parsed.title,
    excerpt: parsed.excerpt,
    body,
    bodyText,
    wordCount: countWords(bodyText),
    publishedAt: parsed.publishedAt,
    author,
    coverImage: cover,
    // CASE: the same placeholder photo (one Media row, deduplicated by hash) can illustrate several
    // pages; the alt text of this page's photo belongs to this article's use of it.
    coverAlt: coverPhoto ? cleanCoverText(coverPhoto.alt, 'coverAlt') : null,
  };
  if (existing) {
    em.assign(existing, { ...content, viewCount: Math.max(existing.viewCount, parsed.viewCount) });
    return existing;
  }
  const category = categories.get(categorySlug) as Category;
  return em.create(Article, { ...content, slug, status: ArticleStatus.PUBLISHED, viewCount: parsed.viewCount, category, tags });
}

function paragraphsOf(body: BodyBlock[]): string[] {
  return body.flatMap((block) => (block.type === 'paragraph' ? [block.text] : []));
}

/** The body as HTML; each photo placeholder becomes a figure at its place in the text. */
function renderBody(blocks: BodyBlock[], photos: Map<ImagePlaceholder, Media>): string {
  return blocks
    .map((block) => {
      if (block.type === 'paragraph') return `<p>${escapeHtml(block.text)}</p>`;
      const media = photos.get(block.image) as Media;
      // Relative URL: the body stays valid whatever host or PUBLIC_URL serves it.
      const img = `<img src="/media/${media.storageKey}" alt="${escapeHtml(block.image.alt)}" width="${media.width}" height="${media.height}">`;
      return `<figure>${img}</figure>`;
    })
    .join('\n');
}
