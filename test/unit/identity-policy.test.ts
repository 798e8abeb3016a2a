import type { ResolverData } from 'type-graphql';
import { authChecker } from '../../src/graphql/auth-checker';
import type { Context } from '../../src/graphql/context';
import { EDITOR_ROLES, Role, STAFF_ROLES, hasRole, isApiKey, isEditor, isOwner, isSignedIn, userIdOf, type Viewer } from '../../src/modules/identity';
import { ADMIN_ID, AUTHOR_ID, EDITOR_ID, OTHER_AUTHOR_ID, expectRule, viewers } from '../helpers/viewers';

describe('role groups', () => {
  test('editors are editors and admins; staff are every role', () => {
    expect([...EDITOR_ROLES].sort()).toEqual([Role.ADMIN, Role.EDITOR]);
    expect([...STAFF_ROLES].sort()).toEqual(Object.values(Role).sort());
  });
});

describe('viewer questions', () => {
  test('only a user with a session is signed in: not anonymous, not an API key', () => {
    expectRule(isSignedIn, { author: true, otherAuthor: true, editor: true, admin: true });
  });

  test('tells an API key apart', () => {
    expectRule(isApiKey, { apiKey: true });
  });

  test('editors are editors and admins', () => {
    expectRule(isEditor, { editor: true, admin: true });
  });

  test('hasRole asks a signed-in user for one of the roles; an API key has none', () => {
    expectRule((viewer) => hasRole(viewer, [Role.ADMIN]), { admin: true });
    expectRule((viewer) => hasRole(viewer, STAFF_ROLES), { author: true, otherAuthor: true, editor: true, admin: true });
    expectRule((viewer) => hasRole(viewer, []), {});
  });

  test('userIdOf gives the signed-in user id and null otherwise (an API key id is not a user id)', () => {
    expect(Object.fromEntries(Object.entries(viewers).map(([name, viewer]) => [name, userIdOf(viewer)]))).toEqual({
      anonymous: null,
      apiKey: null,
      author: AUTHOR_ID,
      otherAuthor: OTHER_AUTHOR_ID,
      editor: EDITOR_ID,
      admin: ADMIN_ID,
    });
  });

  test('isOwner: only the owning user, never for an unowned row or an API key with the same id', () => {
    expectRule((viewer) => isOwner(viewer, AUTHOR_ID), { author: true });
    expectRule((viewer) => isOwner(viewer, null), {});
    expectRule((viewer) => isOwner(viewer, viewers.apiKey.id), {});
  });
});

describe('authChecker (the role gate)', () => {
  function gate(viewer: Viewer, roles: Role[]): string {
    try {
      authChecker({ context: { viewer } } as unknown as ResolverData<Context>, roles);
      return 'allowed';
    } catch (error) {
      return (error as { extensions: { code: string } }).extensions.code;
    }
  }

  function gateAll(roles: Role[]): Record<string, string> {
    return Object.fromEntries(Object.entries(viewers).map(([name, viewer]) => [name, gate(viewer, roles)]));
  }

  test('@Authorized() lets every signed-in user through; anonymous must log in; an API key is refused', () => {
    expect(gateAll([])).toEqual({
      anonymous: 'UNAUTHENTICATED',
      apiKey: 'FORBIDDEN',
      author: 'allowed',
      otherAuthor: 'allowed',
      editor: 'allowed',
      admin: 'allowed',
    });
  });

  test('@Authorized(EDITOR_ROLES) refuses authors', () => {
    expect(gateAll([...EDITOR_ROLES])).toEqual({
      anonymous: 'UNAUTHENTICATED',
      apiKey: 'FORBIDDEN',
      author: 'FORBIDDEN',
      otherAuthor: 'FORBIDDEN',
      editor: 'allowed',
      admin: 'allowed',
    });
  });

  test('@Authorized(ADMIN) lets admins only', () => {
    expect(gateAll([Role.ADMIN])).toMatchObject({ apiKey: 'FORBIDDEN', author: 'FORBIDDEN', editor: 'FORBIDDEN', admin: 'allowed' });
  });
});
