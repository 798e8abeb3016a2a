import { PUBLIC_URL } from './lib/bulletin';
import type { PeerId } from './lib/peers';

/**
 * The workloads: what each peer is asked, and how its answers are brought to one shape so that
 * they can be compared. P1 and P3 (Bulletin) get the same request bodies (P1 dispatches on
 * operationName); P2 (PostGraphile) gets its own schema's equivalent; P0 answers anything.
 */

export type WorkloadId = 'W1' | 'W1-ads' | 'W1-40' | 'W1-deep' | 'W2' | 'W3' | 'W4' | 'W5';
export const SATURATION_WORKLOADS: WorkloadId[] = ['W1', 'W1-ads', 'W2', 'W3', 'W4'];
/** Measured for SQL statements per request (and correctness) only, in a short run. */
export const STATEMENT_WORKLOADS: WorkloadId[] = ['W1-40', 'W1-deep'];
export const ALL_WORKLOADS: WorkloadId[] = [...SATURATION_WORKLOADS, ...STATEMENT_WORKLOADS, 'W5'];

export interface GraphqlBody {
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
}

/** Accent-free searches (as readers type them) that the demo vocabulary hits. */
export const SEARCH_TERMS = ['hien mau', 'tiem chung', 'nong thon moi', 'bong da', 'hoc sinh gioi', 'cong nghe so', 'rau an toan', 'thanh toan khong dung tien mat'];
/** W1-deep starts after this many pages of 20. */
export const DEEP_PAGES = 50;

export interface WorkloadInputs {
  /** W2: slugs of public articles to pick from at random. */
  slugs: string[];
  /** W3: categories without subcategories, so that PostGraphile's direct relation is the subtree. */
  categories: string[];
  searches: string[];
  /** W1-deep: each peer's own cursor after DEEP_PAGES pages. */
  deepCursors: Partial<Record<PeerId, string>>;
}

const LIST_NODE = 'id slug title excerpt publishedAt category { name slug } author { displayName } coverImage { url width height }';
const PG_LIST_NODE = 'id slug title excerpt publishedAt categoryByCategoryId { name slug } userByAuthorId { displayName } mediaByCoverImageId { storageKey width height }';
const PG_PUBLIC_ORDER = 'orderBy: [PUBLISHED_AT_DESC, ID_DESC], condition: { published: true }';

const Q = {
  W1: `query W1($first: Int!, $after: String) { articles(first: $first, after: $after) { nodes { ${LIST_NODE} } } }`,
  // The homepage with the seeded sidebar ad: its CPU per request against W1's is the ad serving's cost.
  W1ads:
    `query W1ads($first: Int!, $after: String) { articles(first: $first, after: $after) { nodes { ${LIST_NODE} } } ` +
    'adSlot(key: "sidebar-1") { ads { clickUrl impressionToken creative { alt image { url } } } } }',
  W1Walk: 'query W1Walk($first: Int!, $after: String) { articles(first: $first, after: $after) { pageInfo { endCursor } } }',
  W2: 'query W2($slug: String!) { article(slug: $slug) { id slug title excerpt body publishedAt viewCount category { name slug } author { displayName } coverImage { url width height alt } } }',
  W3: 'query W3($slug: String!, $first: Int!) { category(slug: $slug) { name articles(first: $first) { nodes { id slug title excerpt publishedAt coverImage { url width height } } } } }',
  W4: `query W4($search: String!, $first: Int!) { articles(first: $first, filter: { search: $search }) { nodes { ${LIST_NODE} } } }`,
};
const PG = {
  W1: `query W1($first: Int!, $after: Cursor) { allArticles(first: $first, after: $after, ${PG_PUBLIC_ORDER}) { nodes { ${PG_LIST_NODE} } } }`,
  W1Walk: `query W1Walk($first: Int!, $after: Cursor) { allArticles(first: $first, after: $after, ${PG_PUBLIC_ORDER}) { pageInfo { endCursor } } }`,
  W2:
    'query W2($slug: String!) { allArticles(first: 1, condition: { slug: $slug, published: true }) { nodes { id slug title excerpt body publishedAt viewCount ' +
    'categoryByCategoryId { name slug } userByAuthorId { displayName } mediaByCoverImageId { storageKey width height alt } } } }',
  W3:
    'query W3($slug: String!, $first: Int!) { categoryBySlug(slug: $slug) { name ' +
    `articlesByCategoryId(first: $first, ${PG_PUBLIC_ORDER}) { nodes { id slug title excerpt publishedAt mediaByCoverImageId { storageKey width height } } } } }`,
};

const body = (operationName: string, query: string, variables: Record<string, unknown>): GraphqlBody => ({ operationName, query, variables });

/** The page walk that finds each peer's deep cursor: the query, and where its endCursor is. */
export function walkBody(peer: PeerId, after: string | null): GraphqlBody {
  return body('W1Walk', peer === 'P2' ? PG.W1Walk : Q.W1Walk, { first: 20, ...(after ? { after } : {}) });
}

export function walkEndCursor(peer: PeerId, data: Record<string, unknown>): string | null {
  const list = (peer === 'P2' ? data.allArticles : data.articles) as { pageInfo: { endCursor: string | null } };
  return list.pageInfo.endCursor;
}

export interface Workload {
  id: WorkloadId;
  title: string;
  /** Peers that can answer it (the run may select fewer). */
  peers: PeerId[];
  /** What this peer is sent: one body, or many that the load generator picks from at random. */
  bodies(peer: PeerId, inputs: WorkloadInputs): GraphqlBody[];
  /** Answers brought to Bulletin's shape. */
  normalize(peer: PeerId, data: Record<string, unknown>): unknown;
  /** Is this answer a real one (not empty)? */
  expect(data: unknown): string | null;
}

/** PostGraphile's field names → Bulletin's; media by storage key → Bulletin's URL; timestamps to one form. */
const RENAMES: Record<string, string> = {
  allArticles: 'articles',
  categoryBySlug: 'category',
  articlesByCategoryId: 'articles',
  categoryByCategoryId: 'category',
  userByAuthorId: 'author',
  mediaByCoverImageId: 'coverImage',
  storageKey: 'url',
};

export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const name = RENAMES[key] ?? key;
    if (key === 'storageKey') out[name] = `${PUBLIC_URL}/media/${String(inner)}`;
    else if (key === 'publishedAt' && typeof inner === 'string') out[name] = new Date(inner).toISOString();
    else out[name] = canonical(inner);
  }
  return out;
}

const nodesOf = (data: unknown, ...path: string[]): unknown[] | undefined => {
  let at = data as Record<string, unknown> | undefined;
  for (const key of path) at = at?.[key] as Record<string, unknown> | undefined;
  return Array.isArray(at) ? at : undefined;
};

const expectNodes = (count: number | 'some', ...path: string[]) => (data: unknown) => {
  const nodes = nodesOf(data, ...path);
  if (!nodes) return `no ${path.join('.')} in the answer`;
  if (count === 'some' ? nodes.length === 0 : nodes.length !== count) return `${nodes.length} articles, expected ${count === 'some' ? 'at least one' : count}`;
  return null;
};

const homepage = (id: WorkloadId, title: string, first: number, deep: boolean): Workload => ({
  id,
  title,
  peers: id === 'W1' ? ['P0', 'P1', 'P2', 'P3'] : ['P1', 'P2', 'P3'],
  bodies(peer, inputs) {
    const after = deep ? inputs.deepCursors[peer] : undefined;
    if (deep && !after) throw new Error(`${id}: no deep cursor for ${peer}`);
    return [body('W1', peer === 'P2' ? PG.W1 : Q.W1, { first, ...(after ? { after } : {}) })];
  },
  normalize: (_peer, data) => canonical(data),
  expect: expectNodes(first, 'articles', 'nodes'),
});

/** Tokens differ per serving by design: an answer is compared without them. */
function withoutTokens(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTokens);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'impressionToken' && key !== 'clickUrl').map(([key, inner]) => [key, withoutTokens(inner)]));
}

export const WORKLOADS: Record<Exclude<WorkloadId, 'W5'>, Workload> = {
  W1: homepage('W1', 'homepage: articles(first: 20)', 20, false),
  'W1-ads': {
    id: 'W1-ads',
    title: 'homepage with the sidebar-1 ad slot: W1 + adSlot(key: "sidebar-1") { ads { … } }',
    peers: ['P3'],
    bodies: () => [body('W1ads', Q.W1ads, { first: 20 })],
    normalize: (_peer, data) => withoutTokens(canonical(data)),
    expect: (data) => {
      const ads = (data as { adSlot?: { ads?: unknown[] } | null }).adSlot?.ads;
      if (!ads || ads.length !== 1) return `sidebar-1 served ${ads?.length ?? 'no'} ads, expected 1 (is the seed's slot there?)`;
      return expectNodes(20, 'articles', 'nodes')(data);
    },
  },
  'W1-40': homepage('W1-40', 'homepage of 40: articles(first: 40)', 40, false),
  'W1-deep': homepage('W1-deep', `homepage after ${DEEP_PAGES} pages: articles(first: 20, after: cursor)`, 20, true),
  W2: {
    id: 'W2',
    title: 'article by slug, random over the chosen slugs',
    peers: ['P1', 'P2', 'P3'],
    bodies: (peer, inputs) => inputs.slugs.map((slug) => body('W2', peer === 'P2' ? PG.W2 : Q.W2, { slug })),
    normalize: (peer, data) => canonical(peer === 'P2' ? { article: (data.allArticles as { nodes: unknown[] }).nodes[0] ?? null } : data),
    expect: (data) => ((data as { article: unknown }).article ? null : 'article is null'),
  },
  W3: {
    id: 'W3',
    title: 'category page of 20, rotating over the leaf categories',
    peers: ['P1', 'P2', 'P3'],
    bodies: (peer, inputs) => inputs.categories.map((slug) => body('W3', peer === 'P2' ? PG.W3 : Q.W3, { slug, first: 20 })),
    normalize: (_peer, data) => canonical(data),
    expect: expectNodes('some', 'category', 'articles', 'nodes'),
  },
  W4: {
    id: 'W4',
    title: 'search, 20 newest matches, rotating over accent-free terms',
    peers: ['P1', 'P3'],
    bodies: (_peer, inputs) => inputs.searches.map((search) => body('W4', Q.W4, { search, first: 20 })),
    normalize: (_peer, data) => canonical(data),
    expect: expectNodes(20, 'articles', 'nodes'),
  },
};

export const W5_TITLE = 'view beacons: POST /views/<id>, every request a new visitor';
