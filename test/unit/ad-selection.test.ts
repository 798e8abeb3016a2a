import { AdPriority } from '../../src/modules/ad/ad.enums';
import type { SlotCandidate } from '../../src/modules/ad/ad-eligibility';
import { pickCreatives } from '../../src/modules/ad/ad-selection';

function candidate(id: string, priority: AdPriority, weight = 1, campaignId = id): SlotCandidate {
  return {
    campaign: { id: campaignId, priority, startsAt: null, endsAt: null, weight: 1, goal: null, delivered: 0, cap: null, targets: null },
    creative: { id, campaignId, alt: id, width: 300, height: 250, weight, clickUrl: 'https://a.example/', active: true, imageId: id, image: {} as never },
  };
}
const always = async () => true;

describe('pickCreatives', () => {
  it('takes the highest class present, then the next one for a further ad', async () => {
    const picked = await pickCreatives([candidate('r', AdPriority.REMNANT, 100), candidate('c', AdPriority.CONTRACT), candidate('o', AdPriority.OVERRIDE)], 2, always);
    expect(picked.map((pick) => pick.creative.id)).toEqual(['o', 'c']);
  });

  it('draws by weight: a point in the first quarter picks the first of weights 1 and 3', async () => {
    const pool = [candidate('light', AdPriority.REMNANT, 1), candidate('heavy', AdPriority.REMNANT, 3)];
    expect((await pickCreatives(pool, 1, always, () => 0.2))[0].creative.id).toBe('light');
    expect((await pickCreatives(pool, 1, always, () => 0.3))[0].creative.id).toBe('heavy');
  });

  it('drops a campaign the cap refuses and goes on without it', async () => {
    const pool = [candidate('capped-1', AdPriority.CONTRACT, 1, 'capped'), candidate('capped-2', AdPriority.CONTRACT, 1, 'capped'), candidate('fill', AdPriority.REMNANT)];
    const picked = await pickCreatives(pool, 3, async (pick) => pick.campaign.id !== 'capped');
    expect(picked.map((pick) => pick.creative.id)).toEqual(['fill']);
  });

  it('answers nothing when nothing is eligible', async () => {
    expect(await pickCreatives([], 3, always)).toEqual([]);
  });
});
