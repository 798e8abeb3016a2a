import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from './context';

/** Tells the HTTP response cache which requests ran a query: only their answers may be reused. */
export const cacheHintPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        contextValue.cacheHint.query = operation?.operation === 'query';
      },
    };
  },
};
