import { Writable } from 'node:stream';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isLeafType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import pino from 'pino';
import { createSchema } from '../../src/graphql/schema';
import { MAX_DOCUMENT_NESTING } from '../../src/graphql/input-guards';
import { Role, signIn } from '../helpers/accounts';
import { startHarness, type Harness } from '../helpers/harness';

/**
 * Every string that reaches an argument is checked for NUL before anything runs, whatever the
 * operation. The cases are generated from the schema: a new argument is covered the day it is added.
 */

interface NulCase {
  /** "Query.article(slug)" or "Mutation.updateArticle(input.title)". */
  label: string;
  operation: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  argument: GraphQLArgument;
  /** Path inside the argument's value ([] for the argument itself). */
  path: string[];
}

const STRING_SCALARS = new Set(['String', 'ID']);

/** Paths to every String/ID position inside an input type (lists included, cycles cut). */
function stringPaths(type: GraphQLInputType, seen: Set<string> = new Set()): string[][] {
  const named = getNamedType(type);
  if (isScalarType(named)) return STRING_SCALARS.has(named.name) ? [[]] : [];
  if (!isInputObjectType(named) || seen.has(named.name)) return [];
  const inner = new Set(seen).add(named.name);
  return Object.values(named.getFields()).flatMap((field) => stringPaths(field.type, inner).map((path) => [field.name, ...path]));
}

function nulCases(schema: GraphQLSchema): NulCase[] {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  return roots.flatMap(([operation, root]) =>
    Object.values(root?.getFields() ?? {}).flatMap((field) =>
      field.args.flatMap((argument) =>
        stringPaths(argument.type).map((path) => ({
          label: `${root?.name}.${field.name}(${[argument.name, ...path].join('.')})`,
          operation,
          field,
          argument,
          path,
        })),
      ),
    ),
  );
}

/** A valid-looking value of a type: required fields filled, the one under test carrying NUL. */
function sampleValue(type: GraphQLInputType, nulPath: string[] | undefined): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, nulPath);
  if (isListType(type)) return [sampleValue(type.ofType, nulPath)];
  if (nulPath?.length === 0) return 'abc\u0000def';
  if (isScalarType(type)) return { Int: 1, Float: 1, Boolean: true, DateTime: '2024-01-01T00:00:00Z', Date: '2024-01-01' }[type.name] ?? 'x';
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const onPath = nulPath?.[0] === field.name;
      if (onPath || isNonNullType(field.type)) value[field.name] = sampleValue(field.type, onPath ? nulPath?.slice(1) : undefined);
    }
    return value;
  }
  return null;
}

function operationFor(c: NulCase): { query: string; variables: Record<string, unknown> } {
  const used = c.field.args.filter((arg) => arg === c.argument || isNonNullType(arg.type));
  const variables: Record<string, unknown> = {};
  for (const arg of used) variables[arg.name] = sampleValue(arg.type, arg === c.argument ? c.path : undefined);
  const definitions = used.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const args = used.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isLeafType(getNamedType(c.field.type)) ? '' : ' { __typename }';
  return { query: `${c.operation} Probe(${definitions}) { ${c.field.name}(${args})${selection} }`, variables };
}

describe('input guards', () => {
  let h: Harness;
  let schema: GraphQLSchema;
  const logLines: { level: number; msg?: string }[] = [];

  beforeAll(async () => {
    schema = await createSchema();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    });
    h = await startHarness({}, { logger: pino({ level: 'info' }, sink) });
  });
  afterAll(() => h.close());

  it('finds string arguments to probe in every part of the schema', () => {
    const labels = nulCases(schema).map((c) => c.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'Query.article(slug)',
        'Query.articles(filter.tag)',
        'Query.articles(filter.categorySlug)',
        'Query.category(slug)',
        'Query.mostViewedArticles(categorySlug)',
        'Query.mediaList(filter.mimeType)',
        'Mutation.login(email)',
      ]),
    );
    expect(labels.length).toBeGreaterThan(40);
  });

  it('refuses a NUL byte sent through every string argument of the schema, naming the argument', async () => {
    const failures: string[] = [];
    for (const c of nulCases(schema)) {
      const { query, variables } = operationFor(c);
      const result = await h.gql(query, variables);
      const error = result.errors?.[0];
      if (result.status !== 400 || error?.extensions?.code !== 'BAD_USER_INPUT' || error.extensions.argumentName !== c.argument.name || !/NUL/.test(error.message)) {
        failures.push(`${c.label}: ${result.status} ${JSON.stringify(result.errors)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it.each([
    ['article(slug:)', '{ article(slug: "abc\\u0000def") { id } }', 'slug'],
    ['articles(filter: { tag })', '{ articles(filter: { tag: "a\\u0000" }) { totalCount } }', 'filter'],
    ['category(slug:)', '{ category(slug: "y-te\\u0000") { id } }', 'slug'],
    ['a variable default', 'query ($s: String = "a\\u0000") { article(slug: $s) { id } }', undefined],
  ])('refuses a NUL in a string literal: %s', async (_name, query, argumentName) => {
    const result = await h.gql(query);
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.argumentName).toBe(argumentName);
  });

  it('logs nothing at error level for NUL input, and spends no login throttle attempt', async () => {
    logLines.length = 0;
    const email = 'nul-probe@example.com';
    for (let i = 0; i < 12; i += 1) {
      const refused = await h.gql('mutation ($e: String!) { login(email: $e, password: "whatever-long") { token } }', { e: `${email}\u0000` });
      expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    // The throttle allows LOGIN_MAX_FAILURES (10) failures: had the NUL attempts counted, this would be RATE_LIMITED.
    const real = await h.gql('mutation ($e: String!) { login(email: $e, password: "whatever-long") { token } }', { e: email });
    expect(real.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(logLines.filter((line) => line.level >= 50)).toEqual([]);
  });

  it.each([
    ['a literal', '{ articles(first: 1) { edges { node { viewStats(from: "0000-01-01", to: "0000-01-01") { views } } } } }', undefined],
    ['a variable', 'query ($d: Date!) { articles(first: 1) { edges { node { viewStats(from: $d, to: $d) { views } } } } }', { d: '0000-01-01' }],
  ])('refuses the Date year 0000 at coercion, sent as %s', async (_how, query, variables) => {
    const result = await h.gql(query, variables);
    expect(result.status).toBe(400);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(/between years 0001 and 9999/);
  });

  it.each(['0000-06-01T00:00:00Z', '0001-01-01T00:00:00+07:00'])('refuses the DateTime %s (before year 0001 in UTC)', async (at) => {
    const result = await h.gql('mutation ($at: DateTime!) { publishArticle(id: "00000000-0000-4000-8000-000000000000", at: $at) { id } }', { at });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(/between years 0001 and 9999/);
  });

  it('accepts the first and last storable days', async () => {
    const editor = await signIn(h, { role: Role.EDITOR });
    const query = '{ articles(first: 1) { nodes { early: viewStats(from: "0001-01-01", to: "0001-01-02") { views } late: viewStats(from: "9999-12-30", to: "9999-12-31") { day views } } } }';
    const result = await h.gql<{ articles: { nodes: { late: { day: string; views: number }[] }[] } }>(query, {}, { token: editor.token });
    expect(result.errors).toBeUndefined();
    expect(result.data?.articles.nodes[0].late).toEqual([
      { day: '9999-12-30', views: 0 },
      { day: '9999-12-31', views: 0 },
    ]);
  });

  it.each([40_000, MAX_DOCUMENT_NESTING + 1])('answers a document nested %i levels deep with our own message', async (depth) => {
    const query = `{ articles { edges { node { category { ${'parent { '.repeat(depth)}id${' }'.repeat(depth)} } } } } }`;
    const result = await h.gql(query);
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(result.errors?.[0].message).toBe(`The document nests braces, brackets or parentheses more than ${MAX_DOCUMENT_NESTING} levels deep`);
  });

  it('answers a deeply nested list literal with our own message', async () => {
    const query = `{ article(slug: ${'['.repeat(20_000)}"x"${']'.repeat(20_000)}) { id } }`;
    const result = await h.gql(query);
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(result.errors?.[0].message).not.toMatch(/call stack/i);
  });
});
