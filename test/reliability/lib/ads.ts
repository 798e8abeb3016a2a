import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { gql } from './system';

/** Ads made through the API the way the ad desk makes them, for runs on an empty production database. */

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface RunSlot {
  key: string;
  campaignId: string;
  creativeId: string;
  alt: string;
}

/** A slot, an ACTIVE campaign (capped when told) and one 300×250 creative, made by the editor through A's API. */
export async function adSlotWithOneCreative(url: string, editorToken: string, cap: { maxImpressions: number; per: string } | null): Promise<RunSlot> {
  const auth = bearer(editorToken);
  const key = `multi-${randomUUID().slice(0, 8)}`;
  const slot = await gql(url, 'mutation($i: CreateAdSlotInput!) { createAdSlot(input: $i) { id } }', { i: { key, name: 'Multi-instance slot', sizes: [{ width: 300, height: 250 }] } }, auth);
  const slotId = (slot.data?.createAdSlot as { id: string }).id;
  const campaign = await gql(url, 'mutation($i: CreateAdCampaignInput!) { createAdCampaign(input: $i) { id } }', { i: { advertiser: 'Nhà sách Multi', priority: 'REMNANT', status: 'ACTIVE', slotIds: [slotId], frequencyCap: cap } }, auth);
  const campaignId = (campaign.data?.createAdCampaign as { id: string } | undefined)?.id;
  if (!campaignId) throw new Error(`createAdCampaign failed: ${JSON.stringify(campaign.errors)}`);
  const imageId = await uploadPng(url, editorToken);
  const alt = `Quảng cáo ${randomUUID().slice(0, 8)}`;
  const creative = await gql(url, 'mutation($i: CreateAdCreativeInput!) { createAdCreative(input: $i) { id } }', { i: { campaignId, imageId, alt, clickUrl: 'https://advertiser.example/multi' } }, auth);
  const creativeId = (creative.data?.createAdCreative as { id: string } | undefined)?.id;
  if (!creativeId) throw new Error(`createAdCreative failed: ${JSON.stringify(creative.errors)}`);
  return { key, campaignId, creativeId, alt };
}

async function uploadPng(url: string, token: string): Promise<string> {
  const png = await sharp({ create: { width: 300, height: 250, channels: 3, background: '#c0392b' } }).png().toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'ad.png');
  const response = await fetch(`${url}/media`, { method: 'POST', headers: bearer(token), body: form });
  const body = (await response.json()) as { id?: string };
  if (!body.id) throw new Error(`upload failed: ${response.status} ${JSON.stringify(body)}`);
  return body.id;
}
