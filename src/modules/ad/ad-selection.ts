import { PRIORITY_ORDER } from './ad.enums';
import type { SlotCandidate } from './ad-eligibility';

/**
 * Picks up to `limit` creatives: each pick takes the highest priority class still present, and
 * within it draws at random weighted by campaign weight × creative weight; a creative is never
 * picked twice. `admit` is asked about each pick (the frequency cap) and may refuse it: the
 * campaign is then out of this serving and the draw goes on without it.
 */
export async function pickCreatives(
  candidates: readonly SlotCandidate[],
  limit: number,
  admit: (candidate: SlotCandidate) => Promise<boolean>,
  random: () => number = Math.random,
): Promise<SlotCandidate[]> {
  let remaining = [...candidates];
  const picked: SlotCandidate[] = [];
  while (picked.length < limit && remaining.length > 0) {
    const priority = PRIORITY_ORDER.find((level) => remaining.some((candidate) => candidate.campaign.priority === level));
    const pool = remaining.filter((candidate) => candidate.campaign.priority === priority);
    const pick = weightedDraw(pool, random);
    if (await admit(pick)) {
      picked.push(pick);
      remaining = remaining.filter((candidate) => candidate !== pick);
    } else {
      remaining = remaining.filter((candidate) => candidate.campaign !== pick.campaign);
    }
  }
  return picked;
}

function weightedDraw(pool: readonly SlotCandidate[], random: () => number): SlotCandidate {
  const weightOf = (candidate: SlotCandidate) => candidate.campaign.weight * candidate.creative.weight;
  let point = random() * pool.reduce((sum, candidate) => sum + weightOf(candidate), 0);
  for (const candidate of pool) {
    point -= weightOf(candidate);
    if (point < 0) return candidate;
  }
  return pool[pool.length - 1];
}
