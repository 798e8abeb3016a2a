import type { GraphQLSchema } from 'graphql';
import { Authorized, Mutation, Query, Resolver, buildSchema, getMetadataStorage } from 'type-graphql';
import { authChecker } from '../../src/graphql/auth-checker';
import { resolvers } from '../../src/graphql/resolvers';
import { createSchema } from '../../src/graphql/schema';

/**
 * Secure by default: every mutation carries @Authorized (on the method or its resolver class) or
 * sits on this short, deliberate list of public mutations. Adding to the list is a design decision.
 */
const PUBLIC_MUTATIONS = new Set([
  'login',
  // Anonymous readers may record a view (ARCHITECTURE.md, Roles).
  'recordArticleView',
  // …and report that an ad rendered or came into view (ARCHITECTURE.md, Roles: "ad slots").
  'recordAdEvents',
]);

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Target = Function;

/** The parts of type-graphql's MetadataStorage this check reads. */
interface AuthorizationMetadata {
  mutations: readonly { target: Target; methodName: string; schemaName: string }[];
  authorizedFields: readonly { target: Target; fieldName: string; roles: unknown[] }[];
  authorizedResolver: readonly { target: Target; roles: unknown[] }[];
}

/**
 * The roles guarding a schema mutation: an array (empty = any signed-in user), null when no
 * @Authorized applies, undefined when no resolver in `resolverClasses` declares it. Mirrors
 * type-graphql's own lookup: @Authorized on the method, else on the method's resolver class.
 */
function guardOf(metadata: AuthorizationMetadata, resolverClasses: readonly Target[], name: string): unknown[] | null | undefined {
  const handler = metadata.mutations.find((m) => m.schemaName === name && resolverClasses.includes(m.target));
  if (!handler) return undefined;
  const onMethod = metadata.authorizedFields.find((a) => a.target === handler.target && a.fieldName === handler.methodName);
  const onClass = metadata.authorizedResolver.find((a) => a.target === handler.target);
  return (onMethod ?? onClass)?.roles ?? null;
}

/** Mutations of the schema that are neither guarded nor public (with why), sorted. */
function unguardedMutations(schema: GraphQLSchema, metadata: AuthorizationMetadata, resolverClasses: readonly Target[], publicNames: ReadonlySet<string>): string[] {
  const names = Object.keys(schema.getMutationType()?.getFields() ?? {});
  return names
    .filter((name) => !publicNames.has(name))
    .flatMap((name) => {
      const guard = guardOf(metadata, resolverClasses, name);
      if (guard === undefined) return [`${name} (no resolver metadata found)`];
      return guard === null ? [`${name} (no @Authorized)`] : [];
    })
    .sort();
}

describe('every mutation is guarded', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await createSchema();
  });

  test('each mutation in the schema has @Authorized or is on the public list', () => {
    const problems = unguardedMutations(schema, getMetadataStorage(), resolvers, PUBLIC_MUTATIONS);
    if (problems.length > 0) {
      throw new Error(`Mutations without @Authorized (add it, or add the name to PUBLIC_MUTATIONS on purpose):\n  ${problems.join('\n  ')}`);
    }
  });

  test('reads the real roles (the check is not vacuous)', () => {
    const metadata = getMetadataStorage();
    expect(Object.keys(schema.getMutationType()?.getFields() ?? {})).toEqual(expect.arrayContaining(['login', 'createUser', 'createCategory', 'logout']));
    expect(guardOf(metadata, resolvers, 'createCategory')).toEqual(['EDITOR', 'ADMIN']);
    expect(guardOf(metadata, resolvers, 'createUser')).toEqual(['ADMIN']);
    expect(guardOf(metadata, resolvers, 'logout')).toEqual([]);
    expect(guardOf(metadata, resolvers, 'login')).toBeNull();
  });
});

describe('the detection itself', () => {
  class Guarded {}
  class GuardedClass {}
  class Open {}
  // type-graphql does not carry a class-level @Authorized over to a subclass's own methods.
  class OpenChild extends GuardedClass {}

  const fake: AuthorizationMetadata = {
    mutations: [
      { target: Guarded, methodName: 'publishThing', schemaName: 'publishThing' },
      { target: Open, methodName: 'deleteEverything', schemaName: 'deleteEverything' },
      { target: Open, methodName: 'login', schemaName: 'login' },
      { target: GuardedClass, methodName: 'renameThing', schemaName: 'renameThing' },
      { target: OpenChild, methodName: 'subclassMethod', schemaName: 'subclassMethod' },
    ],
    authorizedFields: [{ target: Guarded, fieldName: 'publishThing', roles: ['EDITOR'] }],
    authorizedResolver: [{ target: GuardedClass, roles: [] }],
  };
  const schemaWith = (names: string[]) => ({ getMutationType: () => ({ getFields: () => Object.fromEntries(names.map((n) => [n, {}])) }) }) as unknown as GraphQLSchema;
  const classes = [Guarded, GuardedClass, Open, OpenChild];

  test('reports a mutation without @Authorized, and one with no metadata at all', () => {
    const schema = schemaWith(['publishThing', 'deleteEverything', 'login', 'renameThing', 'subclassMethod', 'ghost']);
    expect(unguardedMutations(schema, fake, classes, new Set(['login']))).toEqual([
      'deleteEverything (no @Authorized)',
      'ghost (no resolver metadata found)',
      'subclassMethod (no @Authorized)',
    ]);
  });

  test('a public name is only exempt while it is on the list', () => {
    expect(unguardedMutations(schemaWith(['login']), fake, classes, new Set())).toEqual(['login (no @Authorized)']);
  });

  test('catches an unguarded mutation declared with the real decorators', async () => {
    @Resolver()
    class CarelessResolver {
      @Query(() => Boolean)
      ping(): boolean {
        return true;
      }

      @Mutation(() => Boolean)
      wipeArchive(): boolean {
        return true;
      }

      @Authorized('ADMIN')
      @Mutation(() => Boolean)
      wipeCarefully(): boolean {
        return true;
      }
    }
    const schema = await buildSchema({ resolvers: [CarelessResolver], authChecker, validate: false });
    expect(unguardedMutations(schema, getMetadataStorage(), [CarelessResolver], PUBLIC_MUTATIONS)).toEqual(['wipeArchive (no @Authorized)']);
  });
});
