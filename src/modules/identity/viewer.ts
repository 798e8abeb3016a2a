import { EDITOR_ROLES, type Role } from './roles';

/**
 * Who is asking. Rules never look inside a viewer themselves: they ask the functions below, so a new
 * kind of viewer is handled in one place.
 */
export type Viewer = AnonymousViewer | UserViewer | ApiKeyViewer;

export interface AnonymousViewer {
  readonly kind: 'anonymous';
}

/** A staff member signed in with a session token; sessionId is absent only for viewers built in-process. */
export interface UserViewer {
  readonly kind: 'user';
  readonly id: string;
  readonly role: Role;
  readonly sessionId?: string;
}

/** A partner or frontend: published content only, like anonymous for every write and every draft. */
export interface ApiKeyViewer {
  readonly kind: 'apiKey';
  readonly id: string;
  readonly scopes: readonly string[];
  /** Requests the key may make per minute (the HTTP layer's rate limit). */
  readonly rateLimitPerMinute: number;
}

export const ANONYMOUS: Viewer = Object.freeze({ kind: 'anonymous' });

/** A staff member with a session, whatever the role. API keys are not signed in. */
export function isSignedIn(viewer: Viewer): viewer is UserViewer {
  return viewer.kind === 'user';
}

export function isApiKey(viewer: Viewer): viewer is ApiKeyViewer {
  return viewer.kind === 'apiKey';
}

export function hasRole(viewer: Viewer, roles: readonly Role[]): viewer is UserViewer {
  return isSignedIn(viewer) && roles.includes(viewer.role);
}

export function isEditor(viewer: Viewer): viewer is UserViewer {
  return hasRole(viewer, EDITOR_ROLES);
}

/** The signed-in user's id, or null for anyone else. */
export function userIdOf(viewer: Viewer): string | null {
  return isSignedIn(viewer) ? viewer.id : null;
}

/** Is the viewer the signed-in user who owns a row (its author, its uploader)? A null owner is nobody's. */
export function isOwner(viewer: Viewer, ownerId: string | null): viewer is UserViewer {
  return ownerId !== null && userIdOf(viewer) === ownerId;
}

/** An API key granted this scope (users and anonymous have no scopes). */
export function hasScope(viewer: Viewer, scope: string): boolean {
  return isApiKey(viewer) && viewer.scopes.includes(scope);
}
