import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from './context';

export interface GraphQLMetricsHooks {
  /** The operation is known (after parsing and validation). */
  operation(context: Context, type: string, name: string | null | undefined): void;
  /** One error of the answer, by its final code (after formatError). */
  error(code: string): void;
}

/** Reports each request's operation and the codes of the errors it answers with. */
export function graphqlMetricsPlugin(hooks: GraphQLMetricsHooks): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, operationName }) {
          hooks.operation(contextValue, operation?.operation ?? 'unknown', operationName);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) hooks.error(String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
        },
      };
    },
  };
}
