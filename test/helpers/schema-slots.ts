import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';

/** The committed schema (a test keeps it equal to the one the server builds): read synchronously, so tests can be generated from it. */
export const committedSchema = buildSchema(readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'));

/** One place a string reaches the server: an argument, or a field of an input object inside it (`input.tags[]`). */
export interface StringSlot {
  operation: 'query' | 'mutation';
  field: string;
  /** Argument name, then input fields down to the string ("input.title", "filter.search"). */
  path: string[];
  /** GraphQL type name at the slot: String or ID. */
  scalar: string;
}

const STRING_SCALARS = new Set(['String', 'ID']);

/** A valid-looking value of a type, with `override` placed at `path` (whose first element is within this value). */
export function sampleValue(type: GraphQLInputType, path: string[] = [], override?: unknown): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, path, override);
  if (isListType(type)) return [sampleValue(type.ofType, path, override)];
  if (path.length === 0 && override !== undefined) return override;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const onPath = path[0] === field.name;
      if (onPath || isNonNullType(field.type)) value[field.name] = sampleValue(field.type, onPath ? path.slice(1) : [], onPath ? override : undefined);
    }
    return value;
  }
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isScalarType(type)) {
    const samples: Record<string, unknown> = { String: 'probe', ID: '00000000-0000-4000-8000-000000000001', Int: 1, Float: 1, Boolean: false, DateTime: '2026-01-01T00:00:00.000Z', Date: '2026-01-01' };
    return samples[type.name] ?? 'probe';
  }
  return null;
}

function slotsOf(type: GraphQLInputType, path: string[], seen: Set<string>): { path: string[]; scalar: string }[] {
  const named = getNamedType(type);
  if (isScalarType(named)) return STRING_SCALARS.has(named.name) ? [{ path, scalar: named.name }] : [];
  if (!isInputObjectType(named) || seen.has(named.name)) return [];
  const inner = new Set(seen).add(named.name);
  return Object.values(named.getFields()).flatMap((field) => slotsOf(field.type, [...path, field.name], inner));
}

/** Every string slot of every query and mutation of the schema. */
export function stringSlots(): StringSlot[] {
  const roots = [['query', committedSchema.getQueryType()], ['mutation', committedSchema.getMutationType()]] as const;
  return roots.flatMap(([operation, root]) =>
    Object.values(root?.getFields() ?? {}).flatMap((field) =>
      field.args.flatMap((arg) => slotsOf(arg.type, [arg.name], new Set()).map((slot) => ({ operation, field: field.name, ...slot }))),
    ),
  );
}

/** The document and variables that send `value` at `slot` (every other argument a valid sample). */
export function slotRequest(slot: StringSlot, value: unknown): { query: string; variables: Record<string, unknown> } {
  const root = slot.operation === 'query' ? committedSchema.getQueryType() : committedSchema.getMutationType();
  const field = root?.getFields()[slot.field] as GraphQLField<unknown, unknown>;
  const args = field.args.filter((arg) => arg.name === slot.path[0] || isNonNullType(arg.type));
  const variables = Object.fromEntries(args.map((arg: GraphQLArgument) => [arg.name, sampleValue(arg.type, arg.name === slot.path[0] ? slot.path.slice(1) : [], arg.name === slot.path[0] ? value : undefined)]));
  const definitions = args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  const head = definitions ? `${slot.operation} Probe(${definitions})` : `${slot.operation} Probe`;
  return { query: `${head} { ${slot.field}${passed ? `(${passed})` : ''}${selection} }`, variables };
}
