import Module from 'node:module';
import path from 'node:path';

/**
 * PostGraphile 4 needs graphql 15, Bulletin graphql 16: npm installs graphql 15 twice, under
 * postgraphile/ and under graphile-build-pg/, and schema parts built against the two copies do not
 * mix ("Unexpected input type"). Imported first by P2, this makes every `graphql` of its process
 * the copy under postgraphile/.
 */
const postgraphileDir = path.dirname(require.resolve('postgraphile/package.json'));
const graphqlDir = path.dirname(require.resolve('graphql/package.json', { paths: [postgraphileDir] }));
const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = loader._resolveFilename;
loader._resolveFilename = function resolveOneGraphql(this: unknown, request: string, ...rest: unknown[]) {
  const redirected = request === 'graphql' || request.startsWith('graphql/') ? graphqlDir + request.slice('graphql'.length) : request;
  return resolve.call(this, redirected, ...rest);
};
