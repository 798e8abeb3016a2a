/**
 * A GraphQL model's shape as a plain object type. Typing a resolver's @Root() with it (instead of
 * the class) stops type-graphql from copying every row into a new class instance on every field
 * call: the reflected parameter type becomes Object. Rows on read paths are plain objects anyway.
 */
export type Plain<T> = { [K in keyof T]: T[K] };
