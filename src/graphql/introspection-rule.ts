import { GraphQLError, type ValidationRule } from 'graphql';

/** What a client reads when it asks for the schema of a server that does not give it out. */
export const INTROSPECTION_DISABLED_MESSAGE =
  'Introspection is disabled on this server: the query asked for __schema or __type. ' +
  'The server operator can enable it with GRAPHQL_INTROSPECTION=true.';

/**
 * Refuses __schema and __type anywhere in a document (fragments included), in place of Apollo's
 * own NoIntrospection rule, whose message tells the client to "pass introspection: true to
 * ApolloServer". app.ts keeps Apollo's switch on and adds this rule when GRAPHQL_INTROSPECTION is
 * off. Apollo wraps every validation error as GRAPHQL_VALIDATION_FAILED (HTTP 400); the
 * validationErrorCode is Apollo's own, so clients that looked for it still find it.
 * __typename is not introspection of the schema and stays allowed.
 */
export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    const name = node.name.value;
    if (name === '__schema' || name === '__type') {
      context.reportError(new GraphQLError(INTROSPECTION_DISABLED_MESSAGE, { nodes: [node], extensions: { validationErrorCode: 'INTROSPECTION_DISABLED' } }));
    }
  },
});
