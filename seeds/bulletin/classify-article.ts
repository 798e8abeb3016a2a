import { nfc } from '../../src/shared/text';

/**
 * Puts an imported page in a section and gives it tags, from words the newsroom uses for each beat.
 * Keyword rules rather than anything clever: predictable, and an editor can re-file an article.
 */

interface TopicRule {
  category: string;
  tag: string;
  keywords: string[];
}

const TOPIC_RULES: TopicRule[] = [
  { category: 'y-te', tag: 'hiến máu', keywords: ['hiến máu', 'máu tình nguyện'] },
  { category: 'y-te', tag: 'y tế', keywords: ['y tế', 'bệnh viện', 'tiêm chủng', 'sức khỏe', 'sức khoẻ', 'dịch bệnh', 'khám bệnh'] },
  { category: 'giao-duc', tag: 'giáo dục', keywords: ['giáo dục', 'trường học', 'năm học', 'học sinh', 'khai giảng'] },
  { category: 'kinh-te', tag: 'nông thôn mới', keywords: ['nông thôn mới'] },
  { category: 'kinh-te', tag: 'kinh tế', keywords: ['kinh tế', 'doanh nghiệp', 'sản xuất', 'đầu tư', 'ngân sách'] },
  { category: 'do-thi', tag: 'đô thị', keywords: ['đô thị', 'chỉnh trang', 'giao thông', 'trật tự xây dựng'] },
  { category: 'chuyen-doi-so', tag: 'chuyển đổi số', keywords: ['chuyển đổi số', 'dịch vụ công trực tuyến', 'số hóa'] },
  { category: 'van-hoa-the-thao', tag: 'văn hóa - thể thao', keywords: ['văn hóa', 'thể thao', 'lễ hội', 'văn nghệ', 'bóng đá'] },
  { category: 'xa-hoi', tag: 'an sinh xã hội', keywords: ['an sinh', 'hộ nghèo', 'người có công', 'từ thiện'] },
];

/** Pages that match no beat are general community news. */
export const DEFAULT_CATEGORY_SLUG = 'xa-hoi';

// A keyword in the title says more than one deep in the body.
const WEIGHT = { title: 3, lead: 2, body: 1 };

export interface ArticleText {
  title: string;
  lead: string;
  body: string[];
}

export interface Classification {
  categorySlug: string;
  tags: string[];
}

export function classifyArticle(text: ArticleText): Classification {
  const title = nfc(text.title).toLowerCase();
  const lead = nfc(text.lead).toLowerCase();
  const body = text.body.map((paragraph) => nfc(paragraph).toLowerCase());
  const scores = new Map<string, number>();
  const tags: string[] = [];
  for (const rule of TOPIC_RULES) {
    const inHeadline = occurrences(title, rule.keywords) * WEIGHT.title + occurrences(lead, rule.keywords) * WEIGHT.lead;
    const inBody = body.reduce((sum, paragraph) => sum + occurrences(paragraph, rule.keywords), 0) * WEIGHT.body;
    if (inHeadline + inBody > 0) scores.set(rule.category, (scores.get(rule.category) ?? 0) + inHeadline + inBody);
    // Tags describe what the article is about, so only the title and lead give them.
    if (inHeadline > 0 && !tags.includes(rule.tag)) tags.push(rule.tag);
  }
  let categorySlug = DEFAULT_CATEGORY_SLUG;
  let best = 0;
  for (const [category, score] of scores) {
    if (score > best) [categorySlug, best] = [category, score];
  }
  const place = findLocality([text.title, text.lead, ...text.body]);
  if (place && !tags.includes(place.name)) tags.push(place.name);
  return { categorySlug, tags };
}

function occurrences(text: string, keywords: string[]): number {
  let count = 0;
  for (const keyword of keywords) {
    // Whole words only: "y tế" must not match inside "quy tế…".
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(keyword)}(?![\\p{L}\\p{N}])`, 'gu');
    count += text.match(pattern)?.length ?? 0;
  }
  return count;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface Locality {
  /** The administrative unit as written in running text, lower case: "quận", "huyện", "phường"… */
  unit: string;
  /** The proper name: "Dương Kinh". */
  name: string;
}

const LOCALITY = /(?<!\p{L})([Qq]uận|[Hh]uyện|[Tt]hị xã|[Tt]hành phố|[Pp]hường|[Xx]ã|[Tt]hị trấn)\s+(\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*)*)/u;

/** The first place named like "Quận Dương Kinh" (unit, then capitalised words) in the texts. */
export function findLocality(texts: string[]): Locality | null {
  for (const text of texts) {
    const match = LOCALITY.exec(nfc(text));
    if (match) return { unit: match[1].toLowerCase(), name: match[2] };
  }
  return null;
}
