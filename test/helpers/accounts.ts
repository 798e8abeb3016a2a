import { randomBytes } from 'node:crypto';
import { hashPassword, type User } from '../../src/modules/identity';
import { dataOf } from './expect-graphql';
import { Role, createUser, uniqueToken } from './factories';
import type { GraphQLResult, Harness } from './harness';

/** 21 bytes, comfortably inside 10..72. */
export const TEST_PASSWORD = 'correct horse battery';

export const LOGIN = `
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { token expiresAt user { id email role displayName } }
  }`;

export interface LoginData {
  login: { token: string; expiresAt: string; user: { id: string; email: string; role: Role; displayName: string } };
}

export interface AccountOptions {
  role?: Role;
  password?: string;
  email?: string;
  displayName?: string;
  active?: boolean;
}

export interface Account {
  user: User;
  email: string;
  password: string;
}

export interface SignedIn extends Account {
  token: string;
}

/** A user with a known password, inserted directly (the harness config hashes at bcrypt cost 4). */
export async function createAccount(h: Harness, options: AccountOptions = {}): Promise<Account> {
  const token = uniqueToken();
  const password = options.password ?? TEST_PASSWORD;
  const role = options.role ?? Role.AUTHOR;
  const user = await createUser(h.orm.em.fork(), {
    role,
    email: options.email ?? `${role.toLowerCase()}-${token}@example.test`,
    displayName: options.displayName ?? `${role[0]}${role.slice(1).toLowerCase()} ${token}`,
    active: options.active ?? true,
    passwordHash: await hashPassword(password, h.config.bcryptCost),
  });
  return { user, email: user.email, password };
}

/** The `login` mutation as a client sends it; `address` is an X-Forwarded-For value (harness with TRUST_PROXY). */
export function loginRequest(h: Harness, email: string, password: string, address?: string): Promise<GraphQLResult<LoginData>> {
  return h.gql<LoginData>(LOGIN, { email, password }, address ? { headers: { 'x-forwarded-for': address } } : {});
}

/** Logs in through GraphQL and returns the bearer token. */
export async function logIn(h: Harness, email: string, password: string): Promise<string> {
  return dataOf(await loginRequest(h, email, password)).login.token;
}

/** createAccount + logIn. */
export async function signIn(h: Harness, options: AccountOptions = {}): Promise<SignedIn> {
  const account = await createAccount(h, options);
  return { ...account, token: await logIn(h, account.email, account.password) };
}

/** A random address from the benchmarking range (198.18.0.0/15): its own per-address throttle counter. */
export function testAddress(): string {
  const [a, b, c] = randomBytes(3);
  return `198.${18 + (a & 1)}.${b}.${c}`;
}

export { Role };
