import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { ACTIVE_CONTENT, XSS_PAYLOADS, attackClass } from '../helpers/attack';
import { createDraft } from '../helpers/article-api';
import { fetchMedia, startMediaHarness, stopMediaHarness, upload, type MediaHarness } from '../helpers/media';
import { createCategory } from '../helpers/factories';

const CLASS = attackClass('xss');

describe(`${CLASS} script through article bodies, titles and SVG`, () => {
  let m: MediaHarness;
  let author: SignedIn;
  let categoryId: string;
  beforeAll(async () => {
    m = await startMediaHarness({ MEDIA_ALLOW_SVG: 'true' });
    author = await signIn(m.h, { role: Role.AUTHOR });
    categoryId = (await createCategory(m.h.orm.em.fork())).id;
  });
  afterAll(() => stopMediaHarness(m));

  test.each(XSS_PAYLOADS.map((payload) => [payload]))(`${CLASS} a body holding %s is stored without active content, keeping its text`, async (payload) => {
    const draft = await createDraft(m.h, author.token, { categoryId, body: `<p>Tin chính ${payload}</p>` });
    expect(draft.body).not.toMatch(ACTIVE_CONTENT);
    expect(draft.body).toContain('Tin chính');
    const stored = await m.h.orm.em.getConnection().execute('select body from article where id = ?', [draft.id]);
    expect(stored[0].body).not.toMatch(ACTIVE_CONTENT);
  });

  test(`${CLASS} a title is plain text: returned exactly as written, in JSON, never as HTML`, async () => {
    const title = '<script>alert("tiêu đề")</script>';
    const response = await fetch(`${m.h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${author.token}` },
      body: JSON.stringify({ query: 'mutation($c: ID!, $t: String!) { createArticle(input: { title: $t, categoryId: $c }) { title } }', variables: { c: categoryId, t: title } }),
    });
    expect(response.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(((await response.json()) as { data: { createArticle: { title: string } } }).data.createArticle.title).toBe(title);
  });

  test(`${CLASS} an SVG with scripts and handlers is stored sanitized and served with a sandboxing CSP`, async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)"><rect width="10" height="10" onclick="alert(4)"/></a></svg>`;
    const uploaded = await upload(m.h, Buffer.from(svg), { token: author.token, contentType: 'image/svg+xml', filename: 'logo.svg' });
    expect(uploaded.status).toBe(201);
    const served = await fetchMedia(m.h, uploaded.body.url);
    const text = await served.text();
    expect(text).not.toMatch(ACTIVE_CONTENT);
    expect(text).toContain('<rect');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
  });
});
