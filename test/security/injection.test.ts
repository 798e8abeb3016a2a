import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { attackClass } from '../helpers/attack';
import { startHarness, type Harness } from '../helpers/harness';
import { slotRequest, stringSlots, type StringSlot } from '../helpers/schema-slots';

const CLASS = attackClass('injection');
/** Every place a string reaches the server, read from the committed schema: a new argument is covered the day it is added. */
const SLOTS = stringSlots();
const title = (slot: StringSlot) => `${slot.operation} ${slot.field}(${slot.path.join('.')}: ${slot.scalar})`;

/** Strings an attacker tries: SQL meant to break out of a literal, a LIKE pattern, an operator object's text, a path, a huge Unicode run. */
const SQL_LOOKING = ["' OR '1'='1' --", "x'); drop table article; --", '%_%\\', '{"$ne": null}', '../../etc/passwd', 'ạ'.repeat(300)];

describe(`${CLASS} every string argument of the schema`, () => {
  let h: Harness;
  let admin: SignedIn;
  beforeAll(async () => {
    // Past the login throttle: the probes of `login` are failures by design.
    h = await startHarness({ LOGIN_MAX_FAILURES: '1000' });
    admin = await signIn(h, { role: Role.ADMIN });
  });
  afterAll(() => h?.close());

  test(`${CLASS} the schema has string slots to probe`, () => {
    expect(SLOTS.length).toBeGreaterThan(30);
    expect(SLOTS.map(title)).toContain('mutation createArticle(input.title: String)');
  });

  test.each(SLOTS.map((slot) => [title(slot), slot] as const))(`${CLASS} a NUL in %s is BAD_USER_INPUT, before any SQL`, async (_title, slot) => {
    const { query, variables } = slotRequest(slot, 'a\u0000b');
    const before = h.queryCount();
    // Signed in as an admin so that no role gate answers first; the token's own lookup is the only statement allowed.
    const result = await h.gql(query, variables, { token: admin.token });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0].message).toContain(`"$${slot.path[0]}"`);
    expect(h.queryCount() - before).toBeLessThanOrEqual(2);
  });

  test.each(SLOTS.map((slot) => [title(slot), slot] as const))(`${CLASS} SQL-looking text in %s is never an internal error`, async (_title, slot) => {
    for (const value of SQL_LOOKING) {
      const { query, variables } = slotRequest(slot, value);
      for (const token of [admin.token, undefined]) {
        const result = await h.gql(query, variables, { token });
        expect(result.status).toBeLessThan(500);
        expect(result.errors?.map((error) => error.extensions?.code) ?? []).not.toContain('INTERNAL_SERVER_ERROR');
      }
    }
  });
});
