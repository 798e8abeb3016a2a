import 'reflect-metadata';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth-checker';
import { directFieldResolvers } from './direct-resolvers';
import { dropPlainFieldResolvers } from './plain-fields';
import { resolvers } from './resolvers';
import { DateTimeScalar } from '../shared/scalars';

export const SCHEMA_FILE = path.resolve(__dirname, '..', '..', 'schema', 'schema.graphql');

/** Builds the executable schema; `emit` also writes schema/schema.graphql (the committed contract). */
export async function createSchema({ emit = false }: { emit?: boolean } = {}): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    authChecker,
    // Inputs are checked by the services (one definition per limit, shared with the descriptions),
    // not by class-validator decorators: none are declared, so type-graphql's validation is off.
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    emitSchemaFile: emit ? { path: SCHEMA_FILE, sortedSchema: true } : false,
  });
  dropPlainFieldResolvers(schema);
  directFieldResolvers(schema);
  return schema;
}
