import { buildOnce, startBulletin } from './lib/bulletin-process';
import { createPrimary, psql } from './lib/cluster';
import { withClient } from './lib/ledger';
import { draftArticle, prepareNewsroom } from './lib/newsroom';
import { report, sleep } from './lib/report';

/**
 * SIGKILL mid-publish: editors publish drafts (publishArticle) and the scheduler publishes due
 * ones when Bulletin is killed with SIGKILL; Bulletin is started again on the same database. Every
 * article must then be whole: its status, version and revisions agree (one transaction each), an
 * acknowledged publish is PUBLISHED, and every scheduled article is published exactly once.
 *
 *   npx ts-node --swc test/reliability/sigkill-publish.ts
 *
 * Webhook delivery after a SIGKILL (neither lost nor sent twice) is sigkill-webhook.ts.
 */
const DRAFTS = Number(process.env.DRAFTS ?? 40);
/** Several scheduler batches (100 each), so that the kill can land inside one. */
const SCHEDULED = Number(process.env.SCHEDULED ?? 400);

async function main(): Promise<void> {
  const pgPort = Number(process.env.PG_PORT ?? 5435);
  const port = Number(process.env.BULLETIN_PORT ?? 4162);
  buildOnce();
  const primary = createPrimary('sigkill', pgPort);
  try {
    psql(primary, 'postgres', 'create database bulletin');
    const databaseUrl = primary.url('bulletin');
    const env = { SCHEDULER_INTERVAL_MS: '100' };
    const first = await startBulletin({ port, databaseUrl, name: 'sigkill-1', env });
    const newsroom = await prepareNewsroom(first.url, databaseUrl);
    const now = await Promise.all(Array.from({ length: DRAFTS }, (_, i) => draftArticle(first.url, newsroom.editorToken, newsroom.categoryId, `Publish now ${i}`)));
    const scheduled = await Promise.all(Array.from({ length: SCHEDULED }, (_, i) => draftArticle(first.url, newsroom.editorToken, newsroom.categoryId, `Scheduled ${i}`)));
    // Due once all are scheduled: the scheduler (every 100 ms) takes them while the publishes below run.
    const dueAt = new Date(Date.now() + 10_000);
    await Promise.all(scheduled.map((id) => publish(first.url, newsroom.editorToken, id, dueAt)));
    await sleep(Math.max(0, dueAt.getTime() - Date.now()));

    const acknowledged = new Set<string>();
    const publishing = now.map(async (id) => {
      if (await publish(first.url, newsroom.editorToken, id)) acknowledged.add(id);
    });
    while (acknowledged.size < Math.min(3, DRAFTS)) await sleep(5);
    const killed = await first.stop('SIGKILL');
    await Promise.all(publishing);

    const afterKill = await articleStates(databaseUrl);
    const second = await startBulletin({ port, databaseUrl, name: 'sigkill-2', env });
    // Everything due is published by the restarted scheduler.
    for (let i = 0; i < 100 && (await articleStates(databaseUrl)).filter((a) => a.status === 'SCHEDULED').length > 0; i += 1) await sleep(100);
    const final = await articleStates(databaseUrl);
    await second.stop('SIGTERM');

    const byId = new Map(final.map((a) => [a.id, a]));
    const whole = (a: ArticleState) => a.version === a.maxRevision && a.revisions === a.version && a.status === a.lastRevisionStatus && (a.status !== 'PUBLISHED' || a.publishedAt !== null);
    report(
      'sigkill-publish',
      {
        killed,
        publishNow: { sent: now.length, acknowledged: acknowledged.size, publishedAtKill: count(afterKill, now, 'PUBLISHED'), draftAtKill: count(afterKill, now, 'DRAFT') },
        scheduled: { sent: scheduled.length, publishedAtKill: count(afterKill, scheduled, 'PUBLISHED'), stillScheduledAtKill: count(afterKill, scheduled, 'SCHEDULED'), publishedAfterRestart: count(final, scheduled, 'PUBLISHED') },
        halfDoneAtKill: afterKill.filter((a) => !whole(a)).length,
      },
      {
        'no half-done article after the kill (version = revisions, status = last revision)': afterKill.every(whole),
        'every acknowledged publish is PUBLISHED': [...acknowledged].every((id) => byId.get(id)?.status === 'PUBLISHED'),
        'every article sent to publishArticle is PUBLISHED or still DRAFT, nothing else': now.every((id) => ['PUBLISHED', 'DRAFT'].includes(byId.get(id)!.status)),
        'every scheduled article is published after the restart': scheduled.every((id) => byId.get(id)?.status === 'PUBLISHED'),
        'each scheduled article published exactly once': scheduled.every((id) => byId.get(id)?.publishRevisions === 1),
        'still whole after the restart': final.every(whole),
      },
    );
  } finally {
    primary.destroy();
  }
}

interface ArticleState {
  id: string;
  status: string;
  version: number;
  publishedAt: Date | null;
  revisions: number;
  maxRevision: number;
  lastRevisionStatus: string;
  publishRevisions: number;
}

function count(states: ArticleState[], ids: string[], status: string): number {
  const wanted = new Set(ids);
  return states.filter((a) => wanted.has(a.id) && a.status === status).length;
}

async function publish(url: string, token: string, id: string, at?: Date): Promise<boolean> {
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'mutation($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { id status } }', variables: { id, at: at?.toISOString() } }),
    });
    const body = (await response.json()) as { data?: { publishArticle?: { status: string } } };
    return body.data?.publishArticle?.status === (at ? 'SCHEDULED' : 'PUBLISHED');
  } catch {
    return false;
  }
}

async function articleStates(databaseUrl: string): Promise<ArticleState[]> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<Record<string, unknown>>(`
      select a.id, a.status, a.version, a.published_at,
             (select count(*) from article_revision r where r.article_id = a.id)::int as revisions,
             (select max(version) from article_revision r where r.article_id = a.id) as max_revision,
             (select r.snapshot->>'status' from article_revision r where r.article_id = a.id order by version desc limit 1) as last_status,
             (select count(*) from article_revision r where r.article_id = a.id and r.action = 'PUBLISH')::int as publishes
      from article a where a.title like 'Publish now %' or a.title like 'Scheduled %'`);
    return rows.map((r) => ({
      id: r.id as string,
      status: r.status as string,
      version: Number(r.version),
      publishedAt: r.published_at as Date | null,
      revisions: Number(r.revisions),
      maxRevision: Number(r.max_revision),
      lastRevisionStatus: r.last_status as string,
      publishRevisions: Number(r.publishes),
    }));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
