import http from 'node:http';
import { SERVE_SLOT, createCampaign, createCreative, createSlot, type ServingData } from '../helpers/ads';
import { OPEN_REDIRECT_TARGETS, attackClass } from '../helpers/attack';
import { dataOf } from '../helpers/expect-graphql';
import { startHarness, type Harness } from '../helpers/harness';
import { browser } from '../helpers/views-api';

const CLASS = attackClass('open redirect');

/** A GET sent with `path` exactly as written (no client normalising it), answered with status and Location. */
function rawGet(base: string, path: string): Promise<{ status: number; location: string | undefined }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ host: hostname, port, path, method: 'GET', headers: { 'user-agent': browser('redirect-attacker') } }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, location: response.headers.location }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe(`${CLASS} ad click URLs`, () => {
  let h: Harness;
  let token: string;
  let storedUrl: string;
  beforeAll(async () => {
    h = await startHarness();
    const em = h.orm.em.fork();
    const slot = await createSlot(em);
    const creative = await createCreative(em, await createCampaign(em, [slot]), { clickUrl: 'https://advertiser.example/khuyen-mai?utm=bulletin' });
    storedUrl = creative.clickUrl;
    const served = dataOf(await h.gql<ServingData>(SERVE_SLOT, { key: slot.key }, { headers: { 'user-agent': browser('redirect-reader') } })).adSlot;
    token = new URL(served?.ads[0].clickUrl ?? '').pathname.slice('/ads/click/'.length);
  });
  afterAll(() => h?.close());

  test(`${CLASS} positive control: the genuine token redirects to the stored URL, and only there`, async () => {
    expect(await rawGet(h.url, `/ads/click/${token}`)).toEqual({ status: 302, location: storedUrl });
  });

  /** Every way an attacker can put a target into the click path: as the token, inside it, after it. */
  const forgedPaths = (target: string): string[] => [
    `/ads/click/${target}`,
    `/ads/click/${encodeURIComponent(target)}`,
    `/ads/click/${token.slice(0, 20)}${encodeURIComponent(target)}${token.slice(20)}`,
    `/ads/click/${token}${encodeURIComponent(target)}`,
    `/ads/click/${token}/${target}`,
    `/ads/click/${token}/${encodeURIComponent(target)}`,
    `/ads/click/${Buffer.from(target).toString('base64url')}`,
  ];

  test.each(OPEN_REDIRECT_TARGETS.map((target) => [target]))(`${CLASS} a forged, altered or extended token carrying %s is 404 with no Location`, async (target) => {
    for (const path of forgedPaths(target)) {
      expect({ path, ...(await rawGet(h.url, path)) }).toEqual({ path, status: 404, location: undefined });
    }
  });

  test.each(OPEN_REDIRECT_TARGETS.map((target) => [target]))(`${CLASS} a genuine token with %s in its query still redirects to the stored URL only (the query is never read)`, async (target) => {
    for (const query of ['url', 'next', 'redirect', 'to', 'location']) {
      expect(await rawGet(h.url, `/ads/click/${token}?${query}=${encodeURIComponent(target)}`)).toEqual({ status: 302, location: storedUrl });
    }
  });
});
