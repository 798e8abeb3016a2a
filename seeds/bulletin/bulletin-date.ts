/**
 * Dates as the portal writes them in a lead: "Sáng ngày 03/11/2022", "Chiều 15/3/2023", "ngày 01/02/2022".
 * The page gives a part of the day, not a time: each part maps to a representative hour.
 */
const DATE_IN_TEXT = /(?:(?<!\p{L})(sáng|trưa|chiều|tối)\s+)?(?:ngày\s+)?(?<!\d)(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/iu;

const HOUR_OF_PART_OF_DAY: Record<string, number> = { sáng: 8, trưa: 11, chiều: 14, tối: 19 };
/** No part of the day given: a morning publication, as the portal's own news usually is. */
const DEFAULT_HOUR = 8;

/**
 * The newsroom's clock (Asia/Ho_Chi_Minh). Vietnam has kept UTC+07:00 without daylight saving
 * since 1975, so a fixed offset is exact for every page we import.
 */
export const NEWSROOM_UTC_OFFSET_HOURS = 7;

export type FoundDate = { date: Date } | { invalid: string } | null;

/** The first dd/mm/yyyy date in the text, as an instant; `invalid` when it names no real day. */
export function findNewsroomDate(text: string): FoundDate {
  const match = DATE_IN_TEXT.exec(text);
  if (!match) return null;
  const [written, partOfDay, dd, mm, yyyy] = match;
  const day = Number(dd);
  const month = Number(mm);
  const year = Number(yyyy);
  const hour = partOfDay ? HOUR_OF_PART_OF_DAY[partOfDay.toLowerCase()] : DEFAULT_HOUR;
  const utc = new Date(Date.UTC(year, month - 1, day, hour - NEWSROOM_UTC_OFFSET_HOURS));
  // Date.UTC rolls 31/02 over into March: compare the local calendar day back to what was written.
  const local = new Date(utc.getTime() + NEWSROOM_UTC_OFFSET_HOURS * 3_600_000);
  if (local.getUTCFullYear() !== year || local.getUTCMonth() !== month - 1 || local.getUTCDate() !== day) {
    return { invalid: written.trim() };
  }
  return { date: utc };
}
