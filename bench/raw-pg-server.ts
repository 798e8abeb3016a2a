import http from 'node:http';
import { Pool } from 'pg';

/**
 * The floor for the homepage benchmark: plain node:http and a `pg` Pool answering the homepage
 * query's JSON with one hand-written, prepared SQL statement. No GraphQL, no ORM, no logger: what
 * the same answer costs with nothing in between. It does not read the GraphQL document beyond
 * parsing the JSON body; it only ever answers the homepage query.
 *
 * Environment: DATABASE_URL, DB_POOL_MAX (default 10), PUBLIC_URL (media URLs), HOST, PORT (0: any).
 * Run by bench/homepage.ts as a child process; it reports its port over IPC and exits when the
 * parent goes away.
 */

const PAGE_SIZE = 20;

/** The same rows as Bulletin's public list (applyPublicFilter + keyset order), joined in one go. */
const HOMEPAGE_SQL = `
  select a.id, a.slug, a.title, a.excerpt, a.published_at,
         c.name as category_name, c.slug as category_slug,
         u.display_name as author_name,
         m.storage_key as cover_key, m.width as cover_width, m.height as cover_height
    from article a
    join category c on c.id = a.category_id
    join users u on u.id = a.author_id
    left join media m on m.id = a.cover_image_id
   where a.status = 'PUBLISHED' and a.published_at <= now() and a.deleted_at is null
   order by a.published_at desc, a.id desc
   limit $1`;

interface HomepageRow {
  id: string;
  slug: string;
  title: string;
  excerpt: string;
  published_at: Date;
  category_name: string;
  category_slug: string;
  author_name: string;
  cover_key: string | null;
  cover_width: number | null;
  cover_height: number | null;
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('DATABASE_URL is required');
  process.exit(78);
}
const publicUrl = (process.env.PUBLIC_URL ?? 'http://localhost').replace(/\/+$/, '');
const pool = new Pool({ connectionString: databaseUrl, max: Number(process.env.DB_POOL_MAX ?? 10) });

async function homepage(): Promise<string> {
  const { rows } = await pool.query<HomepageRow>({ name: 'homepage', text: HOMEPAGE_SQL, values: [PAGE_SIZE] });
  const nodes = rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    title: row.title,
    excerpt: row.excerpt,
    publishedAt: row.published_at,
    category: { name: row.category_name, slug: row.category_slug },
    author: { displayName: row.author_name },
    coverImage: row.cover_key === null ? null : { url: `${publicUrl}/media/${row.cover_key}`, width: row.cover_width, height: row.cover_height },
  }));
  return JSON.stringify({ data: { articles: { nodes } } });
}

function send(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.url === '/healthz') return send(res, 200, '{"status":"ok"}');
  if (req.url !== '/graphql' || req.method !== 'POST') return send(res, 404, '{"error":"Not found"}');
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let request: { query?: unknown };
  try {
    request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query?: unknown };
  } catch {
    return send(res, 400, '{"errors":[{"message":"Request body is not valid JSON"}]}');
  }
  if (typeof request.query !== 'string') return send(res, 400, '{"errors":[{"message":"No query"}]}');
  send(res, 200, await homepage());
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) send(res, 500, '{"errors":[{"message":"Internal server error"}]}');
    else res.destroy();
  });
});
server.keepAliveTimeout = 65_000;

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  server.close(() => {
    pool.end().finally(() => process.exit(0));
  });
  server.closeAllConnections();
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// The bench talks over IPC: when it goes away (even killed hard), so do we.
process.on('disconnect', stop);

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  if (process.send) process.send({ ready: true, port });
  else console.log(`raw-pg homepage server on http://127.0.0.1:${port}/graphql`);
});
