import type { GraphQLResult } from './harness';

/** One mutation of a role matrix: how to call it, what a refusal must leave untouched, what success changes. */
export interface MutationCase<Fixture> {
  run(fixture: Fixture, token: string | undefined): Promise<GraphQLResult<Record<string, unknown>>>;
  /** What a refusal must leave untouched, read straight from the database. */
  snapshot(fixture: Fixture): Promise<unknown>;
  expectApplied(fixture: Fixture, data: Record<string, unknown>): Promise<void>;
}
