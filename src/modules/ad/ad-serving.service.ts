import { BadInputError } from '../../shared/errors';
import { assertUuid } from '../../shared/uuid';
import { cleanPlainText } from '../../shared/text';
import { isEditor, type Viewer } from '../identity';
import type { ReaderFingerprint } from '../metering';
import type { AdEventKind } from './ad.enums';
import type { AdContext } from './ad.inputs';
import type { AdServingModel, AdSlotModel } from './ad.models';
import type { AdServer } from './ad-server';
import type { ServableSlot } from './ad-eligibility';
import { AD_LIMITS } from './ad-validation';

/** A slot as `adSlot` answers it: with the page it was asked for, which its `ads` need. */
export type SlotOnPage = AdSlotModel & { page?: AdContext | null };

/** Largest recordAdEvents call. */
export const MAX_EVENT_TOKENS = 50;

const EVENT_COUNTERS = { IMPRESSION: 'impressions', VIEWABLE: 'viewable' } as const;

/** Serving and counting for one request (anyone): reads the in-memory eligible set, never SQL for eligibility. */
export class AdServingService {
  constructor(
    private readonly server: AdServer,
    private readonly viewer: Viewer,
    private readonly reader: ReaderFingerprint,
    /** The category of a public article by id or slug (null when none is visible), for targeting on article pages. */
    private readonly categoryOfArticle: (article: { id?: string | null; slug?: string | null }) => Promise<string | null>,
  ) {}

  /** Hidden ≡ not found: an inactive slot exists for editors only. */
  async slot(key: string, page: AdContext | null | undefined): Promise<SlotOnPage | null> {
    const slot = await this.server.slot(cleanPlainText(key));
    if (!slot || (!slot.active && !isEditor(this.viewer))) return null;
    return { id: slot.id, key: slot.key, name: slot.name, sizes: slot.sizes, active: slot.active, page };
  }

  async ads(root: SlotOnPage, limit: number): Promise<AdServingModel[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > AD_LIMITS.servingsMax) throw new BadInputError(`"limit" must be between 1 and ${AD_LIMITS.servingsMax}`, 'limit');
    const slot: ServableSlot | undefined = await this.server.slot(root.key);
    if (!slot || !slot.active) return [];
    const categorySlug = root.page?.categorySlug == null ? null : cleanPlainText(root.page.categorySlug).toLowerCase();
    const article = articleOfPage(root.page);
    return this.server.serve(slot, { categorySlug, categoryId: () => (article === null ? Promise.resolve(null) : this.categoryOfArticle(article)) }, limit, this.reader);
  }

  record(tokens: readonly string[], kind: AdEventKind): Promise<number> {
    if (tokens.length > MAX_EVENT_TOKENS) throw new BadInputError(`"tokens" may hold at most ${MAX_EVENT_TOKENS} tokens`, 'tokens');
    return this.server.record(tokens, EVENT_COUNTERS[kind], this.reader);
  }
}

/** The article a page names, checked before any serving (the lookup itself runs only when a targeted campaign needs it). */
function articleOfPage(page: AdContext | null | undefined): { id?: string; slug?: string } | null {
  const [id, slug] = [page?.articleId ?? null, page?.articleSlug ?? null];
  if (id !== null && slug !== null) throw new BadInputError('Give at most one of "articleId" or "articleSlug"', 'articleSlug');
  if (id !== null) return { id: assertUuid(id, 'articleId') };
  if (slug !== null) return { slug: cleanPlainText(slug) };
  return null;
}
