import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { QueryLimits } from '../config';

/** The names a refusal carries in `extensions.limit` and in the refusal metric. */
export type QueryLimitName = 'depth' | 'aliases' | 'directives' | 'tokens' | 'documentLength' | 'cost' | 'authMutations';

/** Called once per refused document, with the limit it broke (the metrics count it). */
export type OnLimitRefused = (limit: QueryLimitName) => void;

/** The setting behind each limit, named in every refusal so a client (or an operator) knows which one. */
export const LIMIT_SETTINGS: Record<QueryLimitName, string> = {
  depth: 'GRAPHQL_MAX_DEPTH',
  aliases: 'GRAPHQL_MAX_ALIASES',
  directives: 'GRAPHQL_MAX_DIRECTIVES',
  tokens: 'GRAPHQL_MAX_TOKENS',
  documentLength: 'GRAPHQL_MAX_DOCUMENT_LENGTH',
  cost: 'GRAPHQL_MAX_COST',
  authMutations: 'one authentication mutation per document',
};

/** Mutations that check a password: one per document, or a single request could try many. */
export const AUTHENTICATION_MUTATIONS: ReadonlySet<string> = new Set(['login', 'changePassword']);

/**
 * Validation rules for the shape of a document: depth (fragments counted as if written inline),
 * aliases and directives come from GraphQL Armor's rules, maintained against the bypasses found
 * in the wild (fragment cycles, aliases hidden in fragments); the authentication rule is ours.
 * Apollo answers a broken rule with GRAPHQL_VALIDATION_FAILED (HTTP 400) before the operation is
 * resolved, so no resolver runs and no SQL is sent.
 */
export function queryLimitRules(limits: QueryLimits, onRefused: OnLimitRefused): ValidationRule[] {
  const reject = (limit: QueryLimitName) => [
    (context: ValidationContext | null, error: GraphQLError) => {
      onRefused(limit);
      context?.reportError(limitError(error.message.replace(/^Syntax Error: /, ''), limit));
    },
  ];
  return [
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true, propagateOnRejection: false, onReject: reject('depth') }),
    maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: reject('aliases') }),
    maxDirectivesRule({ n: limits.maxDirectives, propagateOnRejection: false, onReject: reject('directives') }),
    singleAuthenticationMutationRule(onRefused),
  ];
}

/** A refusal naming its limit: in the message (with its setting) and in `extensions.limit`. */
export function limitError(message: string, limit: QueryLimitName, extensions: Record<string, unknown> = {}, setting = LIMIT_SETTINGS[limit]): GraphQLError {
  return new GraphQLError(`${message} (${setting})`, { extensions: { ...extensions, limit } });
}

/**
 * At most one `login` or `changePassword` per document: aliases would otherwise try a password
 * list in one request, past the per-request view of the login throttle. Counts fields of the
 * Mutation type wherever they are written (fragments included).
 */
function singleAuthenticationMutationRule(onRefused: OnLimitRefused): ValidationRule {
  return (context) => {
    const mutationType = context.getSchema().getMutationType();
    let found = 0;
    return {
      Field(node) {
        if (mutationType && context.getParentType() === mutationType && AUTHENTICATION_MUTATIONS.has(node.name.value)) found += 1;
      },
      Document: {
        leave() {
          if (found <= 1) return;
          onRefused('authMutations');
          context.reportError(limitError(`A document may hold at most one authentication mutation (login, changePassword); found ${found}`, 'authMutations'));
        },
      },
    };
  };
}
