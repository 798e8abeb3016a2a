import type { Harness } from './harness';

/** The seeded bulletin article (seeds/bulletin.txt), by its slug. */
export const BULLETIN_SLUG = 'quan-duong-kinh-to-chuc-ngay-hoi-hien-mau-tinh-nguyen-nam-2022';
export const BULLETIN_AUTHOR = 'Quốc Vũ';
export const SITE_URL = 'https://tin.example.vn';

export interface Fetched {
  status: number;
  headers: Headers;
  body: string;
}

export async function get(h: Harness, path: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const response = await fetch(`${h.url}${path}`, { headers });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** The seeded article's row facts straight from the database. */
export async function bulletinArticle(h: Harness): Promise<{ id: string; cover_image_id: string; storage_key: string; mime_type: string }> {
  const [row] = (await h.orm.em
    .getConnection()
    .execute('select a.id, a.cover_image_id, m.storage_key, m.mime_type from article a join media m on m.id = a.cover_image_id where a.slug = ?', [BULLETIN_SLUG])) as {
    id: string;
    cover_image_id: string;
    storage_key: string;
    mime_type: string;
  }[];
  return row;
}
