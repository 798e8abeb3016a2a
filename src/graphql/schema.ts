import 'reflect-metadata';
import path from 'node:path';
import { DateTimeResolver } from 'graphql-scalars';
import { GraphQLScalarType, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth-checker';
import { resolvers } from './resolvers';

/**
 * graphql-scalars' DateTime, also accepting PostgreSQL's timestamp text ("2022-06-14 02:30:00+00"):
 * MikroORM turns pg's timestamp parsing off, so lean knex reads return strings, not Dates.
 */
const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  serialize(value: unknown) {
    const date = typeof value === 'string' ? new Date(value) : value;
    return DateTimeResolver.serialize(date instanceof Date && !Number.isNaN(date.getTime()) ? date : value);
  },
});

export const SCHEMA_FILE = path.resolve(__dirname, '..', '..', 'schema', 'schema.graphql');

/** Builds the executable schema; `emit` also writes schema/schema.graphql (the committed contract). */
export function createSchema({ emit = false }: { emit?: boolean } = {}): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    validate: { forbidUnknownValues: false },
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    emitSchemaFile: emit ? { path: SCHEMA_FILE, sortedSchema: true } : false,
  });
}
