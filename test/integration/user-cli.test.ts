import { runBulletin } from '../../src/cli/main';
import { CREATE_USAGE as USAGE } from '../../src/cli/user-commands';
import type { CommandIO } from '../../src/cli/command-io';
import { logIn } from '../helpers/accounts';
import { uniqueToken } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';

/** `bulletin user:create` and `bulletin user:password`, driven through the command's function against the harness database. */

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

const createUser = (args: string[], env: Record<string, string | undefined>, io: CommandIO) => runBulletin(['user:create', ...args], { env, io });
const env = (extra: Record<string, string> = {}) => ({ NODE_ENV: 'test', DATABASE_URL: h.config.databaseUrl, ...extra });
const newEmail = () => `cli-${uniqueToken()}@example.vn`;
const userByEmail = (email: string) => h.orm.em.getKnex()('users').first('id', 'email', 'role', 'display_name').where('email', email);

test('creates a user from BULLETIN_PASSWORD, prints id, email and role but never the password, and the user can log in', async () => {
  const email = newEmail();
  const io = fakeIO();
  const code = await createUser(['--email', email.toUpperCase(), '--role', 'ADMIN', '--name', 'Quản trị viên'], env({ BULLETIN_PASSWORD: PASSWORD }), io);
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
  expect(await createUser(['--email', email, '--role', 'editor'], env({ BULLETIN_PASSWORD: 'not this one at all' }), io)).toBe(0);
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
  expect(await createUser(['--email', email, '--role', 'AUTHOR'], env(extra), io)).toBe(1);
  expect(io.stderr.join('\n')).toMatch(message);
  expect(io.stdout).toEqual([]);
  expect(await userByEmail(email)).toBeUndefined();
});

test('refuses an email already taken, whatever its case', async () => {
  const email = newEmail();
  expect(await createUser(['--email', email, '--role', 'AUTHOR'], env({ BULLETIN_PASSWORD: PASSWORD }), fakeIO())).toBe(0);
  const io = fakeIO();
  expect(await createUser(['--email', email.toUpperCase(), '--role', 'ADMIN'], env({ BULLETIN_PASSWORD: PASSWORD }), io)).toBe(1);
  expect(io.stderr).toEqual(['user:create: A user with this email already exists; nothing was created (to set a new password: bulletin user:password)']);
  expect(await userByEmail(email)).toMatchObject({ role: 'AUTHOR' });
});

test('applies the API rules to the email', async () => {
  const io = fakeIO();
  expect(await createUser(['--email', 'not-an-email', '--role', 'AUTHOR'], env({ BULLETIN_PASSWORD: PASSWORD }), io)).toBe(1);
  expect(io.stderr).toEqual(['user:create: "email" is not a valid email address']);
});

test.each([
  ['no --email', ['--role', 'ADMIN'], /--email is required/],
  ['no --role', ['--email', 'a@b.vn'], /--role is required/],
  ['an unknown role', ['--email', 'a@b.vn', '--role', 'OWNER'], /--role must be one of ADMIN, EDITOR, AUTHOR/],
  ['an unknown option', ['--email', 'a@b.vn', '--role', 'ADMIN', '--password', 'x'], /Unknown option '--password'/],
])('exits 2 with the usage on %s', async (_label, args, message) => {
  const io = fakeIO();
  expect(await createUser(args, env({ BULLETIN_PASSWORD: PASSWORD }), io)).toBe(2);
  expect(io.stderr[0]).toMatch(message);
  expect(io.stderr[1]).toBe(USAGE);
});

test('reports a bad configuration without opening anything', async () => {
  const io = fakeIO();
  expect(await createUser(['--email', newEmail(), '--role', 'ADMIN'], { NODE_ENV: 'production', BULLETIN_PASSWORD: PASSWORD }, io)).toBe(1);
  expect(io.stderr.join('\n')).toMatch(/Invalid configuration.*APP_SECRET is required/s);
});

test('--help prints the usage', async () => {
  const io = fakeIO();
  expect(await createUser(['--help'], {}, io)).toBe(0);
  expect(io.stdout).toEqual([USAGE]);
});

describe('bulletin user:password', () => {
  const NEW_PASSWORD = 'một mật khẩu mới hoàn toàn';
  const setPassword = (args: string[], extra: Record<string, string> = {}, io = fakeIO()) => runBulletin(['user:password', ...args], { env: env(extra), io });

  test('sets a new password, ends every session, and the new password logs in', async () => {
    const email = newEmail();
    expect(await createUser(['--email', email, '--role', 'EDITOR'], env({ BULLETIN_PASSWORD: PASSWORD }), fakeIO())).toBe(0);
    const oldToken = await logIn(h, email, PASSWORD);
    const io = fakeIO();
    expect(await setPassword(['--email', email.toUpperCase()], { BULLETIN_PASSWORD: NEW_PASSWORD }, io)).toBe(0);
    expect(io.stdout).toEqual([`New password set for ${email} (EDITOR); 1 session(s) ended`]);
    expect(io.stdout.join('\n')).not.toContain(NEW_PASSWORD);
    const me = await h.gql('{ me { id } }', {}, { token: oldToken });
    expect(me.status).toBe(401);
    const failed = await h.gql('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: PASSWORD });
    expect(failed.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    await logIn(h, email, NEW_PASSWORD);
  });

  test('says so when no user has the email, and changes nothing', async () => {
    const io = fakeIO();
    expect(await setPassword(['--email', newEmail()], { BULLETIN_PASSWORD: NEW_PASSWORD }, io)).toBe(1);
    expect(io.stderr).toEqual(['user:password: No user has this email']);
  });

  test('refuses a password the API would refuse, before touching the database', async () => {
    const io = fakeIO();
    expect(await setPassword(['--email', newEmail()], { BULLETIN_PASSWORD: 'short' }, io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/at least 10 bytes/);
  });
});

describe('bulletin', () => {
  test('lists its commands with help, and exits 2 on an unknown command', async () => {
    const help = fakeIO();
    expect(await runBulletin(['help'], { env: {}, io: help })).toBe(0);
    for (const name of ['user:create', 'user:password', 'import', 'seed:demo', 'migrate']) expect(help.stdout[0]).toContain(`  ${name} `);
    const unknown = fakeIO();
    expect(await runBulletin(['user:delete'], { env: {}, io: unknown })).toBe(2);
    expect(unknown.stderr[0]).toMatch(/^Unknown command "user:delete"/);
  });

  test('migrate status lists every migration as applied, and migrate up has nothing to do', async () => {
    const status = fakeIO();
    expect(await runBulletin(['migrate', 'status'], { env: env(), io: status })).toBe(0);
    const applied = status.stdout.filter((line) => line.startsWith('  applied  Migration'));
    expect(applied.length).toBeGreaterThan(0);
    expect(status.stdout[0]).toMatch(new RegExp(`: ${applied.length} applied, 0 pending$`));
    const up = fakeIO();
    expect(await runBulletin(['migrate'], { env: env(), io: up })).toBe(0);
    expect(up.stdout).toEqual([expect.stringMatching(/^Up to date/)]);
  });
});
