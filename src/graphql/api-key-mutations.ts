import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { isApiKey } from '../modules/identity';
import { ForbiddenError } from '../shared/errors';
import type { Context } from './context';

/**
 * The mutations an API key may call: the public ones readers' pages make. Everything else is
 * refused before any resolver runs, including mutations open to anonymous callers such as
 * `login` (a key is never a way to a session). Secure by default: a new mutation is closed to keys.
 */
export const API_KEY_MUTATIONS: ReadonlySet<string> = new Set(['recordArticleView', 'recordAdEvents']);

export function refusedApiKeyMutation(operation: OperationDefinitionNode): string | undefined {
  if (operation.operation !== 'mutation') return undefined;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return 'mutations through fragments';
    if (selection.name.value !== '__typename' && !API_KEY_MUTATIONS.has(selection.name.value)) return selection.name.value;
  }
  return undefined;
}

export const apiKeyMutationsPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (!operation || !isApiKey(contextValue.viewer)) return;
        const refused = refusedApiKeyMutation(operation);
        if (refused !== undefined) throw new ForbiddenError(`An API key may not call ${refused}: only ${[...API_KEY_MUTATIONS].join(', ')}`);
      },
    };
  },
};
