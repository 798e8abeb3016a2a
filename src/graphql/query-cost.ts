import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getNamedType, isListType, getNullableType, type GraphQLField, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { QueryLimits } from '../config';
import { isSignedIn } from '../modules/identity';
import { DEFAULT_PAGE_SIZE } from '../shared/connection';
import type { Context } from './context';
import { limitError, type OnLimitRefused } from './query-limits';

/**
 * How many rows a list without page arguments is taken to hold (the category tree, an article's
 * tags or revisions): small lists, but a nested one still multiplies what is under it.
 */
export const UNPAGED_LIST_SIZE = 10;

const PAGE_ARGUMENTS = ['first', 'last'] as const;

/** The page a field asks for: `first`/`last` as given, or the field's default; undefined when it is not paged. */
function pageSize(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number | undefined {
  const paged = field.args.filter((arg) => (PAGE_ARGUMENTS as readonly string[]).includes(arg.name));
  if (paged.length === 0) return undefined;
  for (const arg of paged) {
    const given = args[arg.name];
    if (typeof given === 'number') return Math.max(given, 0);
  }
  const declared = paged.map((arg) => arg.defaultValue).find((value) => typeof value === 'number');
  return typeof declared === 'number' ? declared : DEFAULT_PAGE_SIZE;
}

/**
 * A field costs 1, plus what it holds times the rows it returns: a paged field (`first`/`last`)
 * multiplies its children by its page size; the `edges`/`nodes` lists of a connection are that
 * page, not another multiplication; a list of the type it is on (`Category.children`) walks a
 * tree, which holds each row once however deep it is walked, so it does not multiply either;
 * any other list of objects counts as UNPAGED_LIST_SIZE rows.
 * `articles(first: 100) { nodes { title author { displayName } } }` costs 1 + 100 × (1 + 1 + 1 + 1 + 1).
 */
export const pageCostEstimator: ComplexityEstimator = ({ field, args, childComplexity, type }) => {
  const page = pageSize(field, args);
  if (page !== undefined) return 1 + page * childComplexity;
  const returned = getNullableType(field.type);
  const isConnectionPage = getNamedType(type).name.endsWith('Connection');
  const isTreeWalk = getNamedType(returned) === type;
  if (isListType(returned) && childComplexity > 0 && !isConnectionPage && !isTreeWalk) return 1 + UNPAGED_LIST_SIZE * childComplexity;
  return 1 + childComplexity;
};

export function queryCost(schema: GraphQLSchema, document: Parameters<typeof getComplexity>[0]['query'], variables: Record<string, unknown>, operationName?: string): number {
  return getComplexity({ schema, query: document, variables, operationName, estimators: [pageCostEstimator] });
}

/**
 * Refuses an operation whose estimated cost is above the viewer's limit (signed-in staff:
 * `maxCostStaff`, everyone else `maxCost`), once it is resolved (its variables are known:
 * `first: $n` costs what $n says) and before it executes.
 */
export function queryCostPlugin(limits: QueryLimits, onRefused: OnLimitRefused): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operationName, schema, contextValue }) {
          const staff = isSignedIn(contextValue.viewer);
          const maxCost = staff ? limits.maxCostStaff : limits.maxCost;
          let cost: number;
          try {
            cost = queryCost(schema, document, request.variables ?? {}, operationName ?? undefined);
          } catch {
            // Variables that do not fit their types: execution refuses them in graphql-js's words, before any resolver.
            return;
          }
          if (cost <= maxCost) return;
          onRefused('cost');
          const [who, setting] = staff ? ['for signed-in staff', 'GRAPHQL_MAX_COST_STAFF'] : ['for anonymous callers and API keys', 'GRAPHQL_MAX_COST'];
          const refusal = limitError(`The query's estimated cost is ${cost}, above the limit of ${maxCost} ${who}: ask for smaller pages or fewer nested lists`, 'cost', {
            code: 'BAD_USER_INPUT',
            cost,
            maxCost,
            http: { status: 400 },
          }, setting);
          throw refusal as GraphQLError;
        },
      };
    },
  };
}
