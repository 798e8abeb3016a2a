import { GraphQLObjectType, GraphQLScalarType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

type Extract = (root: unknown, context: unknown, info: unknown, args: Record<string, unknown>) => unknown;

/**
 * type-graphql calls every field resolver method through its generic runner: it sorts the
 * parameter list, maps each parameter by kind and threads the call through the middleware chain,
 * on each call (eighty calls on a page of twenty articles). A field resolver with no role gate
 * and no middleware, whose parameters are only @Root() (untyped: the plain row), @Ctx(), @Info()
 * and scalar @Arg()s without validation (type-graphql passes those through unchanged), is called directly instead, with its parameters worked out once. Anything with
 * arguments, roles or middlewares keeps type-graphql's runner. Returns how many were replaced.
 */
export function directFieldResolvers(schema: GraphQLSchema): number {
  const storage = getMetadataStorage();
  const typeNames = new Map(storage.objectTypes.map((objectType) => [objectType.target, objectType.name]));
  const instances = new Map<unknown, Record<string, (...params: unknown[]) => unknown>>();
  let replaced = 0;
  for (const resolver of storage.fieldResolvers) {
    if (resolver.kind !== 'external' || resolver.roles !== undefined || (resolver.middlewares?.length ?? 0) > 0) continue;
    const extracts = paramExtractors(resolver.params ?? []);
    const objectClass = resolver.getObjectType?.();
    const type = objectClass ? schema.getType(typeNames.get(objectClass) ?? '') : undefined;
    const field = type instanceof GraphQLObjectType ? type.getFields()[resolver.schemaName] : undefined;
    if (!extracts || !field) continue;
    const target = resolver.target as new () => Record<string, (...params: unknown[]) => unknown>;
    // The same single instance per resolver class as type-graphql's default container keeps.
    const instance = instances.get(target) ?? new target();
    instances.set(target, instance);
    const method = instance[resolver.methodName].bind(instance);
    const resolve: GraphQLFieldResolver<unknown, unknown> = (root, args, context, info) => method(...extracts.map((extract) => extract(root, context, info, args)));
    field.resolve = resolve;
    replaced++;
  }
  return replaced;
}

function paramExtractors(params: ReturnType<typeof getMetadataStorage>['params']): Extract[] | undefined {
  const extracts: Extract[] = [];
  for (const param of [...params].sort((a, b) => a.index - b.index)) {
    if (param.kind === 'root' && param.propertyName === undefined && (param.getType === undefined || param.getType() === Object)) {
      extracts.push((root) => root);
    } else if (param.kind === 'context' && param.propertyName === undefined) {
      extracts.push((_root, context) => context);
    } else if (param.kind === 'arg' && param.validateSettings === undefined && param.validateFn === undefined && isScalar(param.getType())) {
      const name = param.name;
      extracts.push((_root, _context, _info, args) => args[name]);
    } else if (param.kind === 'info') {
      extracts.push((_root, _context, info) => info);
    } else {
      return undefined;
    }
  }
  return extracts;
}

/** Scalars and registered enums arrive as they are; input types would be turned into class instances. */
function isScalar(type: unknown): boolean {
  if (type instanceof GraphQLScalarType || type === String || type === Number || type === Boolean) return true;
  return getMetadataStorage().enums.some((registered) => registered.enumObj === type);
}
