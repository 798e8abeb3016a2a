import fs from 'node:fs';
import path from 'node:path';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { dataOf } from '../helpers/expect-graphql';
import type { GraphQLResult, Harness } from '../helpers/harness';
import { photoWithGps, startMediaHarness, stopMediaHarness, upload, type MediaJson } from '../helpers/media';

/** updateMedia and deleteMedia for every kind of caller; after each refusal the row is read again. */

let h: Harness;
let mediaDir: string;
let owner: SignedIn;
let otherAuthor: SignedIn;
let editor: SignedIn;
let admin: SignedIn;
beforeAll(async () => {
  ({ h, mediaDir } = await startMediaHarness());
  [owner, otherAuthor, editor, admin] = await Promise.all([
    signIn(h, { role: Role.AUTHOR }),
    signIn(h, { role: Role.AUTHOR }),
    signIn(h, { role: Role.EDITOR }),
    signIn(h, { role: Role.ADMIN }),
  ]);
});
afterAll(() => stopMediaHarness({ h, mediaDir }));

let seed = 500;
async function ownersImage(): Promise<MediaJson> {
  seed += 1;
  const { status, body } = await upload(h, await photoWithGps({ seed, width: 200, height: 150 }), { token: owner.token, fields: { alt: 'Ảnh gốc', caption: 'Chú thích gốc' } });
  expect(status).toBe(201);
  return body;
}

async function row(id: string): Promise<{ alt: string | null; caption: string | null } | undefined> {
  return h.orm.em.fork().getKnex()('media').first('alt', 'caption').where('id', id);
}

const UPDATE = 'mutation($id: ID!, $input: UpdateMediaInput!) { updateMedia(id: $id, input: $input) { id alt caption } }';
const DELETE = 'mutation($id: ID!) { deleteMedia(id: $id) }';

function update(token: string | undefined, id: string, input: Record<string, string | null>) {
  return h.gql<{ updateMedia: { id: string; alt: string | null; caption: string | null } }>(UPDATE, { id, input }, { token });
}

function expectRefused(result: GraphQLResult<unknown>, code: string): void {
  expect(result.errors).toHaveLength(1);
  expect(result.errors?.[0].extensions?.code).toBe(code);
  expect(result.data ?? null).toBeNull();
}

const callers: { name: string; token: () => string | undefined; allowed: boolean; refusal?: string }[] = [
  { name: 'anonymous', token: () => undefined, allowed: false, refusal: 'UNAUTHENTICATED' },
  { name: 'the author who uploaded it', token: () => owner.token, allowed: true },
  { name: 'another author', token: () => otherAuthor.token, allowed: false, refusal: 'FORBIDDEN' },
  { name: 'an editor', token: () => editor.token, allowed: true },
  { name: 'an admin', token: () => admin.token, allowed: true },
];

describe.each(callers)('updateMedia by $name', ({ token, allowed, refusal }) => {
  test(allowed ? 'changes alt and caption (null or empty removes, omitted keeps)' : `is refused (${refusal}) and changes nothing`, async () => {
    const media = await ownersImage();
    const result = await update(token(), media.id, { alt: '  Alt mới  ' });
    if (!allowed) {
      expectRefused(result, refusal as string);
      expect(await row(media.id)).toEqual({ alt: 'Ảnh gốc', caption: 'Chú thích gốc' });
      return;
    }
    expect(dataOf(result).updateMedia).toEqual({ id: media.id, alt: 'Alt mới', caption: 'Chú thích gốc' });
    expect(dataOf(await update(token(), media.id, { caption: null, alt: '' })).updateMedia).toMatchObject({ alt: null, caption: null });
    expect(await row(media.id)).toEqual({ alt: null, caption: null });
  });
});

describe.each(callers)('deleteMedia by $name', ({ token, allowed, refusal }) => {
  test(allowed ? 'deletes the row and its file' : `is refused (${refusal}) and deletes nothing`, async () => {
    const media = await ownersImage();
    const file = path.join(mediaDir, `${media.sha256}.jpg`);
    const result = await h.gql<{ deleteMedia: string }>(DELETE, { id: media.id }, { token: token() });
    if (!allowed) {
      expectRefused(result, refusal as string);
      expect(await row(media.id)).toEqual({ alt: 'Ảnh gốc', caption: 'Chú thích gốc' });
      expect(fs.existsSync(file)).toBe(true);
      return;
    }
    expect(dataOf(result).deleteMedia).toBe(media.id);
    expect(await row(media.id)).toBeUndefined();
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('seeded images (no uploader)', () => {
  test('only editors and admins may edit or delete them; an author may not', async () => {
    const seeded = await h.orm.em.fork().getKnex()('media').first('id', 'alt', 'caption').whereNull('uploaded_by_id').where('alt', 'like', 'Quảng cáo %');
    expectRefused(await update(owner.token, seeded.id, { alt: 'x' }), 'FORBIDDEN');
    expectRefused(await h.gql(DELETE, { id: seeded.id }, { token: owner.token }), 'FORBIDDEN');
    expect(await row(seeded.id)).toEqual({ alt: seeded.alt, caption: seeded.caption });
    expect(dataOf(await update(editor.token, seeded.id, { caption: 'Biên tập viên sửa' })).updateMedia.caption).toBe('Biên tập viên sửa');
  });

  test('unknown ids are NOT_FOUND for staff, malformed ones BAD_USER_INPUT', async () => {
    expectRefused(await update(editor.token, '00000000-0000-4000-8000-000000000000', { alt: 'x' }), 'NOT_FOUND');
    expectRefused(await h.gql(DELETE, { id: 'not-an-id' }, { token: editor.token }), 'BAD_USER_INPUT');
  });
});
