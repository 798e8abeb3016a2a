import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { BadInputError } from './errors';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Relay cursor arguments; lists extend it with their own filter and order. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})` })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => Int, { nullable: true })
  last?: number | null;

  @Field(() => String, { nullable: true })
  before?: string | null;
}

export interface PageRequest {
  /** Rows to return. */
  size: number;
  /** true for last/before: walk the ordering backwards from `cursor`. */
  backward: boolean;
  cursor: string | null;
  cursorArg: 'after' | 'before';
}

/** Validates Relay arguments: one direction at a time, sizes between 1 and MAX_PAGE_SIZE. */
export function pageRequest(args: ConnectionArgs): PageRequest {
  const { first, after, last, before } = args;
  const forward = first != null || after != null;
  const backward = last != null || before != null;
  if (forward && backward) throw new BadInputError('Use either first/after or last/before, not both', last != null ? 'last' : 'before');
  const [sizeArg, size] = backward ? ['last', last] : ['first', first];
  if (size != null && (size < 1 || size > MAX_PAGE_SIZE)) {
    throw new BadInputError(`"${sizeArg}" must be between 1 and ${MAX_PAGE_SIZE}`, sizeArg as string);
  }
  return {
    size: size ?? DEFAULT_PAGE_SIZE,
    backward,
    cursor: (backward ? before : after) ?? null,
    cursorArg: backward ? 'before' : 'after',
  };
}
