import './one-graphql';
import { Pool } from 'pg';
import { makeAddPgTableConditionPlugin, postgraphile, type PostGraphileOptions } from 'postgraphile';
import { env, servePeer } from './http-peer';

/**
 * P2: PostGraphile 4.14.1 over the same tables (schema `public`), with the options its
 * documentation recommends for production, minus what the workloads do not use:
 *
 * - no GraphiQL, no query log, no explain, no watch mode, no default mutations, no legacy
 *   relations, errors without stacks; `dynamicJson`, `setofFunctionsContainNulls: false`;
 * - `ignoreRBAC: false` (expose what the role may read; the bench connects as the owner);
 * - one plugin, the `published` condition on articles: Bulletin's public visibility rule
 *   (status PUBLISHED, published_at come, not deleted) as PostGraphile's own `condition`
 *   argument, written with graphile-utils' makeAddPgTableConditionPlugin. The status is a
 *   literal, as in Bulletin, so the planner can use the partial index article_public_feed_idx.
 *
 * Its queries are its schema's equivalent of the workloads (bench/workloads.ts): allArticles with
 * orderBy [PUBLISHED_AT_DESC, ID_DESC] and condition { published: true }, relations through its
 * inflected fields (categoryByCategoryId, userByAuthorId, mediaByCoverImageId). There is no
 * full-text search in it out of the box, so it does not run W4.
 *
 * Environment: DATABASE_URL, DB_POOL_MAX (default 10), HOST, PORT.
 */

const PublishedCondition = makeAddPgTableConditionPlugin(
  'public',
  'article',
  'published',
  (build) => ({ description: 'Published and visible to the public (Bulletin’s visibility rule)', type: build.graphql.GraphQLBoolean }),
  (value, { sql, sqlTableAlias }) =>
    value === true ? sql.fragment`(${sqlTableAlias}.status = 'PUBLISHED' and ${sqlTableAlias}.published_at <= now() and ${sqlTableAlias}.deleted_at is null)` : null,
);

const OPTIONS: PostGraphileOptions = {
  graphqlRoute: '/graphql',
  graphiql: false,
  enhanceGraphiql: false,
  disableQueryLog: true,
  allowExplain: false,
  watchPg: false,
  retryOnInitFail: false,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: false,
  disableDefaultMutations: true,
  legacyRelations: 'omit',
  showErrorStack: false,
  extendedErrors: ['errcode'],
  enableQueryBatching: false,
  appendPlugins: [PublishedCondition],
};

const pool = new Pool({ connectionString: env('DATABASE_URL'), max: Number(process.env.DB_POOL_MAX ?? 10) });
const middleware = postgraphile(pool, 'public', OPTIONS);

servePeer('p2-postgraphile', {
  raw: (req, res) => {
    void middleware(req, res);
  },
  close: () => pool.end(),
});
