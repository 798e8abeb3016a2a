import { parse, type GraphQLSchema } from 'graphql';
import { createSchema } from '../../src/graphql/schema';
import { UNPAGED_LIST_SIZE, queryCost } from '../../src/graphql/query-cost';
import { countTokens, tokenLimitFor } from '../../src/graphql/document-limits';
import { loadConfig } from '../../src/config';
import { expectRule, viewers } from '../helpers/viewers';
import { MAX_OPERATION_LABELS, createRequestMetrics } from '../../src/http/request-metrics';
import { noMetrics } from '../../src/shared/metrics';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

const cost = (query: string, variables: Record<string, unknown> = {}) => queryCost(schema, parse(query), variables);

describe('query cost: a paged field costs its page size times its children', () => {
  test('a page of 100 titles costs 1 + 100 × (nodes 1 + title 1)', () => {
    expect(cost('{ articles(first: 100) { nodes { title } } }')).toBe(1 + 100 * 2);
  });

  test('the page comes from variables, `last`, or the default page of 20', () => {
    expect(cost('query($n: Int) { articles(first: $n) { nodes { title } } }', { n: 7 })).toBe(1 + 7 * 2);
    expect(cost('{ articles(last: 3) { nodes { title } } }')).toBe(1 + 3 * 2);
    expect(cost('{ articles { nodes { title } } }')).toBe(1 + 20 * 2);
  });

  test('nested pages multiply', () => {
    expect(cost('{ articles(first: 10) { nodes { category { articles(first: 10) { nodes { title } } } } } }')).toBe(1 + 10 * (1 + 1 + (1 + 10 * 2)));
  });

  test('walking the category tree does not multiply at each level (the tree holds each category once)', () => {
    expect(cost('{ categories { slug children { slug children { slug children { slug } } } } }')).toBe(1 + UNPAGED_LIST_SIZE * (1 + (1 + (1 + (1 + 1) + 1) + 1)));
  });

  test(`a list without page arguments counts as ${UNPAGED_LIST_SIZE} rows; a list of scalars costs 1`, () => {
    expect(cost('{ categories { name } }')).toBe(1 + UNPAGED_LIST_SIZE * 1);
    expect(cost('{ article(slug: "x") { tags } }')).toBe(2);
  });

  test.each([
    ['the homepage', '{ articles(first: 20) { edges { cursor node { title slug publishedAt category { name } coverImage { url } } } pageInfo { hasNextPage endCursor } } }', 261],
    ['a category page', '{ category(slug: "tin-tuc") { name articleCount children { name slug } articles(first: 10, after: "c") { nodes { title slug } pageInfo { hasNextPage endCursor } } } }', 67],
    ['the staff list with revisions', '{ articles(filter: { status: [DRAFT, IN_REVIEW] }) { nodes { title status author { displayName } revisions { action changedFields actor { displayName } createdAt } } } }', 1121],
  ])('%s (README) is within the default limit of 5000', (_name, query, expected) => {
    expect(cost(query)).toBe(expected);
  });
});

describe('token counting', () => {
  test('counts lexical tokens, not comments or commas, and stops at the limit', () => {
    expect(countTokens('{ a, b } # a comment', 100)).toBe(4);
    expect(countTokens('{ a b c d e f }', 3)).toBe(3);
  });
});

describe('operation labels', () => {
  test('keep plain names up to a cap, and label anything else by type only', () => {
    const metrics = createRequestMetrics(noMetrics());
    expect(metrics.operationLabel('query', 'HomePage')).toBe('query HomePage');
    expect(metrics.operationLabel('mutation', null)).toBe('mutation (anonymous)');
    expect(metrics.operationLabel('query', 'x'.repeat(65))).toBe('query (other)');
    for (let i = 1; i < MAX_OPERATION_LABELS; i += 1) metrics.operationLabel('query', `Q${i}`);
    expect(metrics.operationLabel('query', 'OneTooMany')).toBe('query (other)');
    expect(metrics.operationLabel('query', 'HomePage')).toBe('query HomePage');
  });
});

describe('the token limit by viewer', () => {
  test('staff get GRAPHQL_MAX_TOKENS_STAFF; anonymous callers and API keys GRAPHQL_MAX_TOKENS', () => {
    const limits = loadConfig({ NODE_ENV: 'test' }).queryLimits;
    expectRule((viewer) => tokenLimitFor(viewer, limits) === limits.maxTokensStaff, { author: true, otherAuthor: true, editor: true, admin: true });
    expect(tokenLimitFor(viewers.apiKey, limits)).toBe(1000);
    expect(tokenLimitFor(viewers.anonymous, limits)).toBe(1000);
  });
});
