/**
 * The example's configuration: read once from the environment, validated, and refused as a whole
 * (every problem listed) when something is wrong.
 */
export interface PortalConfig {
  readonly port: number;
  readonly host: string;
  /** Bulletin as this server reaches it (GraphQL). */
  readonly bulletinUrl: string;
  /** Bulletin as readers' browsers reach it (view and ad beacons); images come from the URLs it answers with. */
  readonly bulletinPublicUrl: string;
  /** Where readers reach this site: canonical links, Open Graph and JSON-LD URLs. */
  readonly publicUrl: string;
  readonly timeZone: string;
  /** How many articles "Tin mới" and the homepage list. */
  readonly latestCount: number;
  /** GET with persisted queries (cacheable), or POST with the document (APIs without APQ). */
  readonly transport: 'get' | 'post';
}

export class PortalConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

export function loadPortalConfig(env: NodeJS.ProcessEnv = process.env): PortalConfig {
  const problems: string[] = [];
  const port = integer(env, 'PORT', 3000, 0, 65535, problems);
  const bulletinUrl = httpUrl(env, 'BULLETIN_URL', 'http://localhost:4000', problems);
  const bulletinPublicUrl = httpUrl(env, 'BULLETIN_PUBLIC_URL', bulletinUrl, problems);
  const publicUrl = httpUrl(env, 'PORTAL_PUBLIC_URL', `http://localhost:${port}`, problems);
  const timeZone = env.NEWSROOM_TIMEZONE || 'Asia/Ho_Chi_Minh';
  if (!isTimeZone(timeZone)) problems.push(`NEWSROOM_TIMEZONE: "${timeZone}" is not an IANA time zone`);
  const latestCount = integer(env, 'PORTAL_LATEST_COUNT', 10, 1, 50, problems);
  const transport = env.BULLETIN_TRANSPORT || 'get';
  if (transport !== 'get' && transport !== 'post') problems.push(`BULLETIN_TRANSPORT: "${transport}" is neither get nor post`);
  if (problems.length > 0) throw new PortalConfigError(problems);
  return { port, host: env.HOST || '0.0.0.0', bulletinUrl, bulletinPublicUrl, publicUrl, timeZone, latestCount, transport: transport as 'get' | 'post' };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    problems.push(`${name}: "${raw}" is not an integer from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

function httpUrl(env: NodeJS.ProcessEnv, name: string, fallback: string, problems: string[]): string {
  const raw = env[name] || fallback;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    if (url.search || url.hash) throw new Error('has a query or fragment');
    return url.toString().replace(/\/+$/, '');
  } catch {
    problems.push(`${name}: "${raw}" is not an http(s) URL without query or fragment`);
    return fallback;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
