import { Pool } from 'pg';
import { env, readBody, send, servePeer, type GraphqlRequest } from './http-peer';
import { searchDocument, searchQueryText, visible } from './public-sql';

/**
 * P1, the floor: node:http and a `pg` Pool answering the workloads' JSON with one hand-written,
 * prepared SQL statement per request. No GraphQL (it dispatches on operationName and reads the
 * variables), no ORM, no logger: what the same answers cost with nothing in between. Its JSON is
 * byte for byte what Bulletin answers (the bench checks that before timing anything).
 *
 * The SQL reproduces Bulletin's semantics: the public visibility rule, the keyset order
 * (published_at desc, id desc), a category page over the category's whole subtree, an article
 * found by its current slug or else by a former one, and full-text search over the same document
 * as Bulletin's index (public-sql.ts).
 *
 * Environment: DATABASE_URL, DB_POOL_MAX (default 10), PUBLIC_URL (media URLs), HOST, PORT.
 */

const PUBLIC = visible;
const SEARCH_DOCUMENT = searchDocument('a');

const LIST_SELECT = `
  select a.id, a.slug, a.title, a.excerpt, a.published_at, a.published_at::text as published_key,
         c.name as category_name, c.slug as category_slug, u.display_name as author_name,
         m.storage_key as cover_key, m.width as cover_width, m.height as cover_height
    from article a
    join category c on c.id = a.category_id
    join users u on u.id = a.author_id
    left join media m on m.id = a.cover_image_id
   where ${PUBLIC('a')}`;
const ORDER = 'order by a.published_at desc, a.id desc';

const SQL = {
  homepage: `${LIST_SELECT} ${ORDER} limit $1`,
  homepageAfter: `${LIST_SELECT} and (a.published_at, a.id) < ($2::timestamptz, $3::uuid) ${ORDER} limit $1`,
  search: `${LIST_SELECT} and ${SEARCH_DOCUMENT} @@ to_tsquery('simple'::regconfig, $2) ${ORDER} limit $1`,
  article: `
    select a.id, a.slug, a.title, a.excerpt, a.body, a.published_at, a.view_count,
           c.name as category_name, c.slug as category_slug, u.display_name as author_name,
           m.storage_key as cover_key, m.width as cover_width, m.height as cover_height, m.alt as cover_alt
      from article a
      join category c on c.id = a.category_id
      join users u on u.id = a.author_id
      left join media m on m.id = a.cover_image_id
     where a.id = coalesce(
             (select x.id from article x where x.slug = $1 and ${PUBLIC('x')}),
             (select s.article_id from article_slug s join article x on x.id = s.article_id where s.slug = $1 and ${PUBLIC('x')} limit 1))`,
  category: `
    with recursive subtree as (
      select id from category where slug = $1
      union all
      select c.id from category c join subtree s on c.parent_id = s.id)
    select cat.name as category_name, p.*
      from category cat
      left join lateral (
        select a.id, a.slug, a.title, a.excerpt, a.published_at,
               m.storage_key as cover_key, m.width as cover_width, m.height as cover_height
          from article a
          left join media m on m.id = a.cover_image_id
         where a.category_id in (select id from subtree) and ${PUBLIC('a')}
         ${ORDER} limit $2) p on true
     where cat.slug = $1`,
};

interface Row {
  id: string;
  slug: string;
  title: string;
  excerpt: string;
  body?: string;
  published_at: Date;
  published_key?: string;
  view_count?: number;
  category_name: string;
  category_slug?: string;
  author_name?: string;
  cover_key: string | null;
  cover_width: number | null;
  cover_height: number | null;
  cover_alt?: string | null;
}

const publicUrl = (process.env.PUBLIC_URL ?? 'http://localhost').replace(/\/+$/, '');
const pool = new Pool({ connectionString: env('DATABASE_URL'), max: Number(process.env.DB_POOL_MAX ?? 10) });

async function rows(name: keyof typeof SQL, values: unknown[]): Promise<Row[]> {
  return (await pool.query<Row>({ name, text: SQL[name], values })).rows;
}

const cover = (row: Row) => (row.cover_key === null ? null : { url: `${publicUrl}/media/${row.cover_key}`, width: row.cover_width, height: row.cover_height });

const listNode = (row: Row) => ({
  id: row.id,
  slug: row.slug,
  title: row.title,
  excerpt: row.excerpt,
  publishedAt: row.published_at,
  category: { name: row.category_name, slug: row.category_slug },
  author: { displayName: row.author_name },
  coverImage: cover(row),
});

/** Bulletin's page size rule: 1 to 100, default 20 (out of range is an error there; never sent here). */
const pageSize = (value: unknown) => (typeof value === 'number' ? value : 20);

/** P1's own cursor: the last row's sort key (published_at as text keeps its microseconds) and id. */
const encodeCursor = (row: Row) => Buffer.from(JSON.stringify([row.published_key, row.id])).toString('base64url');
const decodeCursor = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];

const OPERATIONS: Record<string, (variables: Record<string, unknown>) => Promise<unknown>> = {
  // W1 (and W1-40, W1-deep): { articles(first, after) { nodes { … } } }
  async W1(variables) {
    const found = await homepageRows(variables);
    return { articles: { nodes: found.map(listNode) } };
  },
  // The bench's page walk to a deep cursor: the same with pageInfo { endCursor }.
  async W1Walk(variables) {
    const found = await homepageRows(variables);
    const last = found.at(-1);
    return { articles: { nodes: found.map(listNode), pageInfo: { endCursor: last ? encodeCursor(last) : null } } };
  },
  async W2(variables) {
    const [row] = await rows('article', [String(variables.slug).normalize('NFC').trim().toLowerCase()]);
    if (!row) return { article: null };
    return {
      article: {
        id: row.id,
        slug: row.slug,
        title: row.title,
        excerpt: row.excerpt,
        body: row.body,
        publishedAt: row.published_at,
        viewCount: row.view_count,
        category: { name: row.category_name, slug: row.category_slug },
        author: { displayName: row.author_name },
        coverImage: row.cover_key === null ? null : { ...cover(row), alt: row.cover_alt },
      },
    };
  },
  async W3(variables) {
    const found = await rows('category', [String(variables.slug).normalize('NFC').trim().toLowerCase(), pageSize(variables.first)]);
    if (found.length === 0) return { category: null };
    // The list node without category and author (key order kept: id … publishedAt, coverImage).
    const nodes = found.filter((row) => row.id !== null).map((row) => {
      const { category: _category, author: _author, ...node } = listNode(row);
      return node;
    });
    return { category: { name: found[0].category_name, articles: { nodes } } };
  },
  async W4(variables) {
    const query = searchQueryText(String(variables.search));
    const found = query === null ? await homepageRows(variables) : await rows('search', [pageSize(variables.first), query]);
    return { articles: { nodes: found.map(listNode) } };
  },
};

function homepageRows(variables: Record<string, unknown>): Promise<Row[]> {
  if (typeof variables.after === 'string') return rows('homepageAfter', [pageSize(variables.first), ...decodeCursor(variables.after)]);
  return rows('homepage', [pageSize(variables.first)]);
}

servePeer('p1-raw-pg', {
  handle: async (req, res) => {
    let request: GraphqlRequest;
    try {
      request = JSON.parse((await readBody(req)).toString('utf8')) as GraphqlRequest;
    } catch {
      return send(res, 400, '{"errors":[{"message":"Request body is not valid JSON"}]}');
    }
    const operation = typeof request.operationName === 'string' ? OPERATIONS[request.operationName] : undefined;
    if (!operation) return send(res, 400, '{"errors":[{"message":"P1 answers the operations W1, W1Walk, W2, W3 and W4 only"}]}');
    send(res, 200, JSON.stringify({ data: await operation(request.variables ?? {}) }));
  },
  close: () => pool.end(),
});
