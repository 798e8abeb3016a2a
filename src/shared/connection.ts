import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
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

/** One page of any list, as the keyset helper returns it and connectionType's `from` takes it. */
export interface Page<Node> {
  edges: { cursor: string; node: Node }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Counts every matching row; run only when a client asks for totalCount. */
  count?: () => Promise<number>;
}

/**
 * Relay flags of a keyset page: `fetchedMore` says the query found a row beyond the page (it asks
 * for size + 1). Walking backwards, the rows past the page are the previous ones.
 */
export function pageFlags(page: Pick<PageRequest, 'backward' | 'cursor'>, fetchedMore: boolean): { hasNextPage: boolean; hasPreviousPage: boolean } {
  return {
    hasNextPage: page.backward ? page.cursor !== null : fetchedMore,
    hasPreviousPage: page.backward ? fetchedMore : page.cursor !== null,
  };
}

export interface ConnectionClass<Node> {
  new (): { edges: { cursor: string; node: Node }[]; nodes: Node[]; pageInfo: PageInfo; totalCount?: Promise<number> };
  from(page: Page<Node>): InstanceType<ConnectionClass<Node>>;
}

/**
 * The `<name>Connection` and `<name>Edge` GraphQL types of a list of `Node`, sharing PageInfo.
 * `totalCount` (a field only when a description is given) runs the page's count only if selected.
 */
export function connectionType<Node extends object>(
  NodeClass: ClassType<Node>,
  name: string,
  options: { totalCount?: string } = {},
): { Connection: ConnectionClass<Node>; Edge: ClassType<{ cursor: string; node: Node }> } {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => NodeClass)
    node!: Node;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [NodeClass])
    nodes!: Node[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    totalCount?: Promise<number>;

    static from(page: Page<Node>): Connection {
      const connection = new Connection();
      connection.edges = page.edges;
      connection.nodes = page.edges.map((edge) => edge.node);
      const { edges } = page;
      // Getters: a cursor is signed only if the client selects it.
      connection.pageInfo = {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        get startCursor() {
          return edges[0]?.cursor ?? null;
        },
        get endCursor() {
          return edges.at(-1)?.cursor ?? null;
        },
      };
      // A getter: the count query runs only if the field is selected.
      if (page.count) Object.defineProperty(connection, 'totalCount', { get: page.count, enumerable: true });
      return connection;
    }
  }
  if (options.totalCount !== undefined) Field(() => Int, { description: options.totalCount, simple: false })(Connection.prototype, 'totalCount');
  return { Connection, Edge };
}
