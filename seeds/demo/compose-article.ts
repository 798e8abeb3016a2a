import { NEWSROOM_UTC_OFFSET_HOURS } from '../bulletin/bulletin-date';
import type { Random } from './prng';
import { CLOSINGS, DISTRICT, FAMILY_NAMES, GIVEN_NAMES, GROUPS, MIDDLE_NAMES, POSITIONS, SHARED_TITLES, SPEECHES, TOPICS, WARDS, type DemoTopic } from './phrases';

/** One demo article's words, composed like the portal's own news items. */
export interface ComposedArticle {
  title: string;
  lead: string;
  paragraphs: string[];
  categorySlug: string;
  tags: string[];
  /** The topic's stand-in cover label, or null for an article without a cover. */
  coverLabel: string | null;
  viewCount: number;
}

const LEAD_ENDINGS = [
  'với sự tham gia của đông đảo cán bộ và nhân dân.',
  'thu hút sự quan tâm của người dân trên địa bàn.',
  'nhằm thực hiện hiệu quả kế hoạch phát triển kinh tế - xã hội của quận.',
];
const COVER_PROBABILITY = 0.6;

export function composeArticle(random: Random, publishedAt: Date): ComposedArticle {
  const topic = pickWeighted(random, TOPICS);
  const story = random.pick(topic.stories);
  const ward = random.pick(WARDS);
  // A third of the news is district-wide, the rest happens in one ward.
  const districtWide = random.chance(1 / 3);
  const slots: Record<string, string> = {
    ward,
    place: districtWide ? `quận ${DISTRICT}` : `phường ${ward}`,
    Place: districtWide ? `Quận ${DISTRICT}` : `Phường ${ward}`,
    number: String(random.int(3, 60) * 10),
    percent: String(random.int(80, 99)),
    person: `${random.pick(FAMILY_NAMES)} ${random.pick(MIDDLE_NAMES)} ${random.pick(GIVEN_NAMES)}`,
    position: random.pick(POSITIONS),
    group: random.pick(GROUPS),
  };
  slots.activity = fill(story.activity, slots);
  // A ward's own bodies do not run district-wide events.
  const organizers = districtWide ? story.organizers.filter((name) => !name.includes('{ward}')) : story.organizers;
  const organizer = fill(organizers.length > 0 ? random.pick(organizers) : 'UBND quận', slots);

  const title = capitalize(fill(random.pick([...SHARED_TITLES, ...story.titles, ...story.titles]), slots));
  const lead = `${partOfDay(publishedAt)} ngày ${newsroomDate(publishedAt)}, ${organizer} tổ chức ${slots.activity} tại ${slots.place}, ${random.pick(LEAD_ENDINGS)}`;
  const details = shuffled(random, story.details).map((sentence) => fill(sentence, slots));
  const paragraphs = [
    details.slice(0, 2).join(' '),
    fill(random.pick(SPEECHES), slots),
    ...details.slice(2),
    fill(random.pick(CLOSINGS), slots),
  ];
  return {
    title,
    lead,
    paragraphs,
    categorySlug: topic.category,
    tags: [topic.tag, districtWide ? DISTRICT : ward],
    coverLabel: random.chance(COVER_PROBABILITY) ? topic.coverLabel : null,
    // Readership is skewed: most items get tens of views, a few get thousands.
    viewCount: Math.floor(Math.exp(random.next() * 8.5)),
  };
}

function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = slots[name];
    if (value === undefined) throw new Error(`Demo phrase slot {${name}} has no value in "${template}"`);
    return value;
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

function pickWeighted(random: Random, topics: DemoTopic[]): DemoTopic {
  const total = topics.reduce((sum, topic) => sum + topic.weight, 0);
  let ticket = random.next() * total;
  for (const topic of topics) {
    ticket -= topic.weight;
    if (ticket < 0) return topic;
  }
  return topics[topics.length - 1];
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function newsroomClock(instant: Date): Date {
  return new Date(instant.getTime() + NEWSROOM_UTC_OFFSET_HOURS * 3_600_000);
}

/** "03/11/2022" in the newsroom's time zone. */
function newsroomDate(instant: Date): string {
  const local = newsroomClock(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

/** How the portal opens a lead: "Sáng ngày …", "Chiều ngày …". */
function partOfDay(instant: Date): string {
  const hour = newsroomClock(instant).getUTCHours();
  if (hour < 11) return 'Sáng';
  if (hour < 13) return 'Trưa';
  if (hour < 18) return 'Chiều';
  return 'Tối';
}
