import { USAGE, createUserCommand, type CommandIO } from '../../scripts/create-user';
import { logIn } from '../helpers/accounts';
import { uniqueToken } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';

/** `npm run user:create`, driven through its function against the harness database. */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const PASSWORD = 'mật khẩu quản trị';

interface FakeIO extends CommandIO {
  stdout: string[];
  stderr: string[];
  prompts: string[];
}

/** Captures output; `answers` are what a terminal user types at each hidden prompt. */
function fakeIO(answers?: string[]): FakeIO {
  const io: FakeIO = {
    stdout: [],
    stderr: [],
    prompts: [],
    out: (line) => io.stdout.push(line),
    err: (line) => io.stderr.push(line),
    interactive: answers !== undefined,
    async promptHidden(question) {
      io.prompts.push(question);
      const answer = answers?.shift();
      if (answer === undefined) throw new Error('unexpected prompt');
      return answer;
    },
  };
  return io;
}

const env = (extra: Record<string, string> = {}) => ({ NODE_ENV: 'test', DATABASE_URL: h.config.databaseUrl, ...extra });
const newEmail = () => `cli-${uniqueToken()}@example.vn`;
const userByEmail = (email: string) => h.orm.em.getKnex()('users').first('id', 'email', 'role', 'display_name').where('email', email);

test('creates a user from BULLETIN_PASSWORD, prints id, email and role but never the password, and the user can log in', async () => {
  const email = newEmail();
  const io = fakeIO();
  const code = await createUserCommand(['--email', email.toUpperCase(), '--role', 'ADMIN', '--name', 'Quản trị viên'], env({ BULLETIN_PASSWORD: PASSWORD }), io);
  expect({ code, stderr: io.stderr }).toEqual({ code: 0, stderr: [] });
  const row = await userByEmail(email);
  expect(row).toMatchObject({ email, role: 'ADMIN', display_name: 'Quản trị viên' });
  expect(io.stdout.join('\n')).toBe(`Created user ${row.id}\n  email: ${email}\n  role:  ADMIN`);
  expect(io.stdout.join('\n')).not.toContain(PASSWORD);
  const token = await logIn(h, email, PASSWORD);
  expect((await h.gql<{ users: unknown }>(`{ users(first: 1) { nodes { id } } }`, {}, { token })).errors).toBeUndefined();
});

test('asks twice for a hidden password in a terminal, ignoring BULLETIN_PASSWORD; the name defaults to the email', async () => {
  const email = newEmail();
  const io = fakeIO([PASSWORD, PASSWORD]);
  expect(await createUserCommand(['--email', email, '--role', 'editor'], env({ BULLETIN_PASSWORD: 'not this one at all' }), io)).toBe(0);
  expect(io.prompts).toEqual(['Password: ', 'Repeat the password: ']);
  expect(await userByEmail(email)).toMatchObject({ role: 'EDITOR', display_name: email.split('@')[0] });
  await logIn(h, email, PASSWORD);
});

test.each([
  ['the two entries differ', [PASSWORD, `${PASSWORD}!`], {}, /two passwords differ/],
  ['the password is too short', ['short', PASSWORD], {}, /at least 10 bytes/],
  ['there is no terminal and no BULLETIN_PASSWORD', undefined, {}, /No password: run this in a terminal.*BULLETIN_PASSWORD/],
  ['BULLETIN_PASSWORD is over 72 bytes', undefined, { BULLETIN_PASSWORD: 'ệ'.repeat(25) }, /at most 72 bytes/],
])('fails with exit code 1 and a clear message when %s', async (_label, answers, extra, message) => {
  const email = newEmail();
  const io = fakeIO(answers ? [...answers] : undefined);
  expect(await createUserCommand(['--email', email, '--role', 'AUTHOR'], env(extra), io)).toBe(1);
  expect(io.stderr.join('\n')).toMatch(message);
  expect(io.stdout).toEqual([]);
  expect(await userByEmail(email)).toBeUndefined();
});

test('refuses an email already taken, whatever its case', async () => {
  const email = newEmail();
  expect(await createUserCommand(['--email', email, '--role', 'AUTHOR'], env({ BULLETIN_PASSWORD: PASSWORD }), fakeIO())).toBe(0);
  const io = fakeIO();
  expect(await createUserCommand(['--email', email.toUpperCase(), '--role', 'ADMIN'], env({ BULLETIN_PASSWORD: PASSWORD }), io)).toBe(1);
  expect(io.stderr).toEqual(['user:create: A user with this email already exists; nothing was created']);
  expect(await userByEmail(email)).toMatchObject({ role: 'AUTHOR' });
});

test('applies the API rules to the email', async () => {
  const io = fakeIO();
  expect(await createUserCommand(['--email', 'not-an-email', '--role', 'AUTHOR'], env({ BULLETIN_PASSWORD: PASSWORD }), io)).toBe(1);
  expect(io.stderr).toEqual(['user:create: "email" is not a valid email address']);
});

test.each([
  ['no --email', ['--role', 'ADMIN'], /--email is required/],
  ['no --role', ['--email', 'a@b.vn'], /--role is required/],
  ['an unknown role', ['--email', 'a@b.vn', '--role', 'OWNER'], /--role must be one of ADMIN, EDITOR, AUTHOR/],
  ['an unknown option', ['--email', 'a@b.vn', '--role', 'ADMIN', '--password', 'x'], /Unknown option '--password'/],
])('exits 2 with the usage on %s', async (_label, args, message) => {
  const io = fakeIO();
  expect(await createUserCommand(args, env({ BULLETIN_PASSWORD: PASSWORD }), io)).toBe(2);
  expect(io.stderr[0]).toMatch(message);
  expect(io.stderr[1]).toBe(USAGE);
});

test('reports a bad configuration without opening anything', async () => {
  const io = fakeIO();
  expect(await createUserCommand(['--email', newEmail(), '--role', 'ADMIN'], { NODE_ENV: 'production', BULLETIN_PASSWORD: PASSWORD }, io)).toBe(1);
  expect(io.stderr.join('\n')).toMatch(/Invalid configuration.*APP_SECRET is required/s);
});

test('--help prints the usage', async () => {
  const io = fakeIO();
  expect(await createUserCommand(['--help'], {}, io)).toBe(0);
  expect(io.stdout).toEqual([USAGE]);
});
