import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { attackClass } from '../helpers/attack';
import { dataOf, expectRefusedUnchanged } from '../helpers/expect-graphql';
import { startHarness, type Harness } from '../helpers/harness';

const CLASS = attackClass('privilege escalation');

describe(`${CLASS} self-promotion and server-owned fields`, () => {
  let h: Harness;
  let author: SignedIn;
  let editor: SignedIn;
  let admin: SignedIn;
  let categoryId: string;
  beforeAll(async () => {
    h = await startHarness();
    [author, editor, admin] = await Promise.all([signIn(h, { role: Role.AUTHOR }), signIn(h, { role: Role.EDITOR }), signIn(h, { role: Role.ADMIN })]);
    const categories = dataOf(await h.gql<{ categories: { id: string }[] }>('{ categories { id } }'));
    categoryId = categories.categories[0].id;
  });
  afterAll(() => h?.close());

  const userRow = (id: string) => async () => (await h.orm.em.getConnection().execute('select role, active from users where id = ?', [id]))[0];
  const promote = (token: string, id: string, role: string) => h.gql('mutation($id: ID!, $role: Role!) { updateUser(id: $id, input: { role: $role }) { role } }', { id, role }, { token });

  test(`${CLASS} an author cannot make themselves an editor or an admin`, async () => {
    for (const role of ['EDITOR', 'ADMIN']) await expectRefusedUnchanged(userRow(author.user.id), () => promote(author.token, author.user.id, role), 'FORBIDDEN');
  });

  test(`${CLASS} an editor cannot make themselves an admin, nor reactivate or promote another user`, async () => {
    await expectRefusedUnchanged(userRow(editor.user.id), () => promote(editor.token, editor.user.id, 'ADMIN'), 'FORBIDDEN');
    await expectRefusedUnchanged(userRow(author.user.id), () => promote(editor.token, author.user.id, 'EDITOR'), 'FORBIDDEN');
  });

  test(`${CLASS} anonymous callers cannot create accounts or change roles`, async () => {
    await expectRefusedUnchanged(userRow(author.user.id), () => h.gql('mutation($id: ID!) { updateUser(id: $id, input: { role: ADMIN }) { role } }', { id: author.user.id }), 'UNAUTHENTICATED');
    const created = await h.gql('mutation { createUser(input: { email: "mallory@example.test", displayName: "Mallory", password: "long enough password", role: ADMIN }) { id } }');
    expect(created.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const rows = await h.orm.em.getConnection().execute(`select count(*)::int as n from users where email = 'mallory@example.test'`);
    expect(rows[0].n).toBe(0);
  });

  test(`${CLASS} the admin can promote (positive control)`, async () => {
    const other = await signIn(h, { role: Role.AUTHOR });
    expect(dataOf(await promote(admin.token, other.user.id, 'EDITOR'))).toEqual({ updateUser: { role: 'EDITOR' } });
  });

  test.each([
    ['status', 'status: PUBLISHED'],
    ['authorId', `authorId: "${'00000000-0000-4000-8000-000000000001'}"`],
    ['publishedAt', 'publishedAt: "2020-01-01T00:00:00Z"'],
    ['viewCount', 'viewCount: 1000000'],
    ['version', 'version: 99'],
    ['id', 'id: "00000000-0000-4000-8000-000000000002"'],
  ])(`${CLASS} createArticle refuses the server-owned field %s (no such input field), creating nothing`, async (field, assignment) => {
    const title = `Mass assignment ${field}`;
    const result = await h.gql(`mutation($c: ID!) { createArticle(input: { title: "${title}", categoryId: $c, ${assignment} }) { id } }`, { c: categoryId }, { token: author.token });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(result.errors?.[0].message).toContain(`"${field}"`);
    const rows = await h.orm.em.getConnection().execute('select count(*)::int as n from article where title = ?', [title]);
    expect(rows[0].n).toBe(0);
  });

  test(`${CLASS} the same fields smuggled in variables are refused as BAD_USER_INPUT`, async () => {
    const title = 'Mass assignment through variables';
    const result = await h.gql('mutation($input: CreateArticleInput!) { createArticle(input: $input) { id } }', { input: { title, categoryId, status: 'PUBLISHED', authorId: admin.user.id } }, { token: author.token });
    // One refusal per smuggled field.
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    const rows = await h.orm.em.getConnection().execute('select count(*)::int as n from article where title = ?', [title]);
    expect(rows[0].n).toBe(0);
  });

  test(`${CLASS} an author's article is always their own draft (positive control)`, async () => {
    const created = dataOf(await h.gql<{ createArticle: { status: string; author: { id: string } } }>('mutation($c: ID!) { createArticle(input: { title: "Của tôi", categoryId: $c }) { status author { id } } }', { c: categoryId }, { token: author.token }));
    expect(created.createArticle).toEqual({ status: 'DRAFT', author: { id: author.user.id } });
  });
});
