import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { createCampaign, createCreative, createSlot } from '../helpers/ads';
import { dataOf, expectRefusedUnchanged } from '../helpers/expect-graphql';
import { createMedia, uniqueToken } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';
import type { MutationCase as RoleMatrixCase } from '../helpers/role-matrix';
import type { AdCampaign, AdCreative, AdSlot } from '../../src/modules/ad';

/**
 * Every ad mutation, and updateSite, as anonymous, author, editor and admin: editors and admins
 * manage ads (authors never: ads have no owner, so there is no "author's own" case), only admins
 * edit the site; a refusal has the right code and leaves the rows as they were.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const knex = () => h.orm.em.getKnex();

interface Fixture {
  slot: AdSlot;
  campaign: AdCampaign;
  creative: AdCreative;
  imageId: string;
  key: string;
}

type MutationCase = RoleMatrixCase<Fixture>;

const row = (table: string, id: string) => knex()(table).first('*').where('id', id);
const campaignState = async (id: string) => ({ campaign: await row('ad_campaign', id), slots: await knex()('ad_campaign_slot').where('campaign_id', id).orderBy('slot_id') });

const AD_MUTATIONS: Record<string, MutationCase> = {
  createAdSlot: {
    run: ({ key }, token) => h.gql('mutation($key: String!) { createAdSlot(input: { key: $key, name: "Đầu trang", sizes: [{ width: 728, height: 90 }] }) { id key } }', { key }, { token }),
    snapshot: ({ key }) => knex()('ad_slot').where('key', key),
    async expectApplied({ key }, data) {
      expect(data.createAdSlot).toMatchObject({ key });
      expect(await knex()('ad_slot').where('key', key)).toHaveLength(1);
    },
  },
  updateAdSlot: {
    run: ({ slot }, token) => h.gql('mutation($id: ID!) { updateAdSlot(id: $id, input: { name: "Cột phải", active: false }) { id } }', { id: slot.id }, { token }),
    snapshot: ({ slot }) => row('ad_slot', slot.id),
    async expectApplied({ slot }) {
      expect(await row('ad_slot', slot.id)).toMatchObject({ name: 'Cột phải', active: false });
    },
  },
  createAdCampaign: {
    run: ({ slot, key }, token) =>
      h.gql('mutation($slot: ID!, $name: String!) { createAdCampaign(input: { advertiser: $name, priority: CONTRACT, slotIds: [$slot] }) { id status } }', { slot: slot.id, name: key }, { token }),
    snapshot: ({ key }) => knex()('ad_campaign').where('advertiser', key),
    async expectApplied({ key }, data) {
      expect(data.createAdCampaign).toMatchObject({ status: 'DRAFT' });
      expect(await knex()('ad_campaign').where('advertiser', key)).toHaveLength(1);
    },
  },
  updateAdCampaign: {
    run: ({ campaign }, token) => h.gql('mutation($id: ID!) { updateAdCampaign(id: $id, input: { status: PAUSED, weight: 7, slotIds: [] }) { id } }', { id: campaign.id }, { token }),
    snapshot: ({ campaign }) => campaignState(campaign.id),
    async expectApplied({ campaign }) {
      expect(await campaignState(campaign.id)).toMatchObject({ campaign: { status: 'PAUSED', weight: 7 }, slots: [] });
    },
  },
  deleteAdCampaign: {
    run: ({ campaign }, token) => h.gql('mutation($id: ID!) { deleteAdCampaign(id: $id) }', { id: campaign.id }, { token }),
    snapshot: ({ campaign }) => row('ad_campaign', campaign.id),
    async expectApplied({ campaign }) {
      expect((await row('ad_campaign', campaign.id)).deleted_at).not.toBeNull();
    },
  },
  createAdCreative: {
    run: ({ campaign, imageId, key }, token) =>
      h.gql('mutation($c: ID!, $i: ID!, $alt: String!) { createAdCreative(input: { campaignId: $c, imageId: $i, alt: $alt, clickUrl: "https://shop.example/" }) { id width height } }', { c: campaign.id, i: imageId, alt: key }, { token }),
    snapshot: ({ key }) => knex()('ad_creative').where('alt', key),
    async expectApplied({ key }, data) {
      expect(data.createAdCreative).toMatchObject({ width: 300, height: 250 });
      expect(await knex()('ad_creative').where('alt', key)).toHaveLength(1);
    },
  },
  updateAdCreative: {
    run: ({ creative }, token) => h.gql('mutation($id: ID!) { updateAdCreative(id: $id, input: { alt: "Khuyến mãi", weight: 5, active: false }) { id } }', { id: creative.id }, { token }),
    snapshot: ({ creative }) => row('ad_creative', creative.id),
    async expectApplied({ creative }) {
      expect(await row('ad_creative', creative.id)).toMatchObject({ alt: 'Khuyến mãi', weight: 5, active: false });
    },
  },
  deleteAdCreative: {
    run: ({ creative }, token) => h.gql('mutation($id: ID!) { deleteAdCreative(id: $id) }', { id: creative.id }, { token }),
    snapshot: ({ creative }) => row('ad_creative', creative.id),
    async expectApplied({ creative }) {
      expect((await row('ad_creative', creative.id)).deleted_at).not.toBeNull();
    },
  },
};

const ADS_TXT = 'example.com, pub-123, DIRECT\n';
const siteRow = () => knex()('site').first('name', 'tagline', 'banner_image_id', 'ads_txt');
const SITE_MUTATION: MutationCase = {
  run: ({ imageId }, token) => h.gql('mutation($banner: ID, $ads: String) { updateSite(input: { name: "Cổng thông tin", tagline: "Tin tức", bannerId: $banner, adsTxt: $ads }) { name } }', { banner: imageId, ads: ADS_TXT }, { token }),
  snapshot: () => siteRow(),
  async expectApplied({ imageId }) {
    expect(await siteRow()).toEqual({ name: 'Cổng thông tin', tagline: 'Tin tức', banner_image_id: imageId, ads_txt: ADS_TXT });
  },
};

const ACTORS = [
  ['anonymous', null],
  ['an author', Role.AUTHOR],
  ['an editor', Role.EDITOR],
  ['an admin', Role.ADMIN],
] as const;
const AD_REFUSALS: Record<string, string | null> = { anonymous: 'UNAUTHENTICATED', 'an author': 'FORBIDDEN', 'an editor': null, 'an admin': null };
const SITE_REFUSALS: Record<string, string | null> = { anonymous: 'UNAUTHENTICATED', 'an author': 'FORBIDDEN', 'an editor': 'FORBIDDEN', 'an admin': null };

const CASES = [
  ...Object.keys(AD_MUTATIONS).flatMap((name) => ACTORS.map(([actor, role]) => [name, actor, role, AD_MUTATIONS[name], AD_REFUSALS[actor]] as const)),
  ...ACTORS.map(([actor, role]) => ['updateSite', actor, role, SITE_MUTATION, SITE_REFUSALS[actor]] as const),
];

async function prepare(): Promise<Fixture> {
  const em = h.orm.em.fork();
  const slot = await createSlot(em);
  const campaign = await createCampaign(em, [slot]);
  const creative = await createCreative(em, campaign);
  const image = await createMedia(em, { width: 300, height: 250 });
  return { slot, campaign, creative, imageId: image.id, key: `k-${uniqueToken().toLowerCase()}` };
}

test.each(CASES)('%s as %s', async (_name, _actor, role, spec, refusal) => {
  const fixture = await prepare();
  const actor: SignedIn | null = role ? await signIn(h, { role }) : null;
  if (refusal) return expectRefusedUnchanged(() => spec.snapshot(fixture), () => spec.run(fixture, actor?.token), refusal);
  await spec.expectApplied(fixture, dataOf(await spec.run(fixture, actor?.token)));
});

test('covers every ad mutation in the schema', async () => {
  const { __type } = dataOf(await h.gql<{ __type: { fields: { name: string }[] } }>('{ __type(name: "Mutation") { fields { name } } }'));
  const adMutations = __type.fields.map((field) => field.name).filter((name) => /^(create|update|delete)Ad/.test(name));
  expect(adMutations.sort()).toEqual(Object.keys(AD_MUTATIONS).sort());
});
