import { Lexer, Source, TokenKind } from 'graphql';
import type { QueryLimits } from '../config';
import { isSignedIn, type Viewer } from '../modules/identity';
import { LIMIT_SETTINGS, type QueryLimitName } from './query-limits';

export interface DocumentRefusal {
  limit: QueryLimitName;
  message: string;
  max: number;
}

/** Signed-in staff write longer documents (editorial screens); anonymous callers and API keys get the public limit. */
export function tokenLimitFor(viewer: Viewer, limits: QueryLimits): number {
  return isSignedIn(viewer) ? limits.maxTokensStaff : limits.maxTokensPublic;
}

/**
 * The checks that must come before parsing: the parser's work grows with the document, so a
 * document too long or with too many tokens is refused from its text. The token limit depends on
 * who asks, which Apollo's static parse options cannot express; the HTTP route knows the viewer
 * here. Lexing is linear and iterative, stops at the first token over the limit, and is skipped
 * when the document is too short to hold that many tokens (every token is at least one character).
 */
export function checkDocumentText(query: string, viewer: Viewer, limits: QueryLimits): DocumentRefusal | undefined {
  if (query.length > limits.maxDocumentLength) {
    return refusal('documentLength', `The document is ${query.length} characters long, above the limit of ${limits.maxDocumentLength}`, limits.maxDocumentLength, LIMIT_SETTINGS.documentLength);
  }
  const maxTokens = tokenLimitFor(viewer, limits);
  if (query.length <= maxTokens) return undefined;
  const tokens = countTokens(query, maxTokens + 1);
  if (tokens > maxTokens) {
    const [who, setting] = isSignedIn(viewer) ? ['for signed-in staff', 'GRAPHQL_MAX_TOKENS_STAFF'] : ['for anonymous callers and API keys', LIMIT_SETTINGS.tokens];
    return refusal('tokens', `The document has more than ${maxTokens} tokens, the limit ${who}`, maxTokens, setting);
  }
  return undefined;
}

function refusal(limit: QueryLimitName, message: string, max: number, setting: string): DocumentRefusal {
  return { limit, max, message: `${message} (${setting})` };
}

/** Tokens of the document (comments are not tokens), counting at most `stopAt`; a document that does not lex is left to the parser. */
export function countTokens(query: string, stopAt: number): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF && count < stopAt; token = lexer.advance()) count += 1;
  } catch {
    return count;
  }
  return count;
}
