import { FlushMode } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
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
}

/** imported: the article is new; updated: something from the page changed; unchanged: nothing was written. */
export type ImportOutcome = 'imported' | 'updated' | 'unchanged';

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
 * category slug) and only what differs is written, so a second run changes nothing.
 */
export async function importBulletinPage(orm: MikroORM, parsed: ParsedPage, options: ImportBulletinOptions): Promise<ImportBulletinResult> {
  const log = options.log ?? (() => undefined);
  const slug = slugify(parsed.title);
  if (slug === '') throw new Error(`${parsed.fileName}: the title "${parsed.title}" gives an empty slug`);
  // Rendering is CPU work: do it before the transaction holds any locks.
  const rendered = await renderPageImages(parsed);

  // COMMIT flush mode: nothing is written before the end, so the change sets computed there are
  // the whole of what this import changes.
  const em = orm.em.fork({ flushMode: FlushMode.COMMIT });
  return em.transactional(
    async (tx) => {
      const library = new SeedMediaLibrary(tx, options.mediaStorage);
      const banner = await library.ensure(rendered.banner, { alt: parsed.banner.alt });
      const photos = new Map<ImagePlaceholder, Media>();
      for (const [index, photo] of parsed.articlePhotos.entries()) {
        photos.set(photo, await library.ensure(rendered.photos[index], { alt: photo.alt }));
      }
      // The ad module will place these; for now they are media rows waiting for it.
      for (const [index, ad] of parsed.advertisements.entries()) await library.ensure(rendered.ads[index], { alt: ad.alt });

      await ensureSite(tx, parsed, banner);
      const { article, created } = await upsertArticle(tx, parsed, slug, photos);
      tx.getUnitOfWork().computeChangeSets();
      const changed = tx.getUnitOfWork().getChangeSets().length > 0;
      const outcome: ImportOutcome = created ? 'imported' : changed ? 'updated' : 'unchanged';
      log(`${parsed.fileName}: ${outcome} "${parsed.title}" (/${slug})`);
      return { outcome, articleId: article.id, slug };
    },
    { flushMode: FlushMode.COMMIT },
  );
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
): Promise<{ article: Article; created: boolean }> {
  const body = sanitizeArticleHtml(renderBody(parsed.body, photos));
  const bodyText = htmlToPlainText(body);
  const { categorySlug, tags } = classifyArticle({ title: parsed.title, lead: parsed.excerpt, body: paragraphsOf(parsed.body) });
  const categories = await ensureCategories(em, [...BULLETIN_CATEGORY_SLUGS, categorySlug]);
  const author = await ensureAuthor(em, parsed.author);
  const cover = parsed.articlePhotos.length > 0 ? (photos.get(parsed.articlePhotos[0]) ?? null) : null;
  // What the page says. Editorial state (status, deletion, section, tags) is only set on creation:
  // a re-import must not undo an editor's decisions.
  const content = {
    title: parsed.title,
    excerpt: parsed.excerpt,
    body,
    bodyText,
    wordCount: countWords(bodyText),
    publishedAt: parsed.publishedAt,
    author,
    coverImage: cover,
  };
  // bodyText is lazy: load it, or assigning it would look like a change every time.
  const existing = await em.findOne(Article, { slug }, { populate: ['bodyText'] });
  if (existing) {
    em.assign(existing, { ...content, viewCount: Math.max(existing.viewCount, parsed.viewCount) });
    return { article: existing, created: false };
  }
  const category = categories.get(categorySlug) as Category;
  const article = em.create(Article, { ...content, slug, status: ArticleStatus.PUBLISHED, viewCount: parsed.viewCount, category, tags });
  return { article, created: true };
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
