import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLErrorExtensions,
} from 'graphql';

/**
 * Input guards that hold for every operation, present and future, so that no resolver has to
 * remember them:
 * - nesting: graphql-js parses and validates recursively, and a document nested a few thousand
 *   levels deep overflows the stack (the client would see the engine's "Maximum call stack size
 *   exceeded"). The lexer is iterative, so counting brackets with it is safe at any depth. The
 *   HTTP bridge runs this check before Apollo parses (no plugin hook runs before parsing and can
 *   still answer the client).
 * - NUL: PostgreSQL text cannot hold U+0000 (error 22021). A NUL in any string reaching an
 *   argument, literal or variable, is refused before any resolver, throttle or SQL runs.
 */

/** Far above any legitimate document (the query depth limit is far lower); far below the stack. */
export const MAX_DOCUMENT_NESTING = 128;

const OPENING = new Set<TokenKind>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<TokenKind>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

function clientError(message: string, code: string, extensions: GraphQLErrorExtensions = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code, http: { status: 400 } } });
}

/** The deepest bracket nesting of a document; undefined when it cannot exceed MAX_DOCUMENT_NESTING, or does not lex (the parser then reports it). */
export function documentNesting(query: string): number | undefined {
  // Hot path: nesting can never exceed the number of opening brackets (strings included), and
  // counting characters is far cheaper than lexing. Almost every real document stops here.
  if (countOpeningBrackets(query) <= MAX_DOCUMENT_NESTING) return undefined;
  const lexer = new Lexer(new Source(query));
  let depth = 0;
  let deepest = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (OPENING.has(token.kind)) deepest = Math.max(deepest, ++depth);
      else if (CLOSING.has(token.kind)) depth -= 1;
      if (deepest > MAX_DOCUMENT_NESTING) return deepest;
    }
  } catch {
    return undefined;
  }
  return deepest;
}

function countOpeningBrackets(query: string): number {
  let count = 0;
  for (let i = 0; i < query.length; i += 1) {
    const code = query.charCodeAt(i);
    if (code === 0x7b || code === 0x5b || code === 0x28) count += 1; // { [ (
  }
  return count;
}

export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsNul);
  return false;
}

/** "argument "slug" of field "article"", or of a directive; the nearest enclosing argument wins. */
function describeArgument(ancestors: ReadonlyArray<ASTNode | ReadonlyArray<ASTNode>>, argumentName: string): string {
  for (let i = ancestors.length - 1; i >= 0; i -= 1) {
    const node = ancestors[i];
    if (Array.isArray(node) || !('kind' in node)) continue;
    if (node.kind === Kind.FIELD) return `argument "${argumentName}" of field "${node.name.value}"`;
    if (node.kind === Kind.DIRECTIVE) return `argument "${argumentName}" of directive "@${node.name.value}"`;
  }
  return `argument "${argumentName}"`;
}

/**
 * Finds the first NUL reaching the operation: in a string literal, a variable's value or a
 * variable's default. The message names the argument it feeds where there is one.
 */
export function findNulInput(document: DocumentNode, variables: Record<string, unknown> | undefined): GraphQLError | undefined {
  let found: GraphQLError | undefined;
  let unplaced: GraphQLError | undefined; // a variable whose use was not (yet) seen
  const refusal = (what: string, extensions: GraphQLErrorExtensions) =>
    clientError(`The ${what} must not contain the NUL character (U+0000)`, 'BAD_USER_INPUT', extensions);
  const hasNulLiteral = (node: ASTNode) => {
    let nul = false;
    visit(node, {
      StringValue(literal) {
        nul ||= literal.value.includes('\u0000');
      },
    });
    return nul;
  };
  visit(document, {
    Argument(node, _key, _parent, _path, ancestors) {
      if (found) return false;
      const argumentName = node.name.value;
      const where = describeArgument(ancestors, argumentName);
      if (hasNulLiteral(node.value)) found = refusal(where, { argumentName });
      visit(node.value, {
        Variable(variable) {
          const variableName = variable.name.value;
          if (!found && containsNul(variables?.[variableName])) found = refusal(`variable "$${variableName}" (${where})`, { argumentName, variableName });
        },
      });
      return false;
    },
    VariableDefinition(node) {
      const variableName = node.variable.name.value;
      const defaultHasNul = node.defaultValue !== undefined && hasNulLiteral(node.defaultValue);
      if (!unplaced && (defaultHasNul || containsNul(variables?.[variableName]))) {
        unplaced = refusal(defaultHasNul ? `default value of variable "$${variableName}"` : `variable "$${variableName}"`, { variableName });
      }
      return false;
    },
  });
  return found ?? unplaced;
}

export const inputGuardsPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, request, source }) {
        // The walk over the document is needed only when a NUL could be there: raw, or written as
        // a \u escape (\u0000, \u{0}) in a literal, or in a variable's value.
        const text = source ?? request.query ?? '';
        if (text !== '' && !text.includes('\u0000') && !text.includes('\\u') && !containsNul(request.variables)) return;
        const error = findNulInput(document, request.variables);
        if (error) throw error;
      },
    };
  },
};
