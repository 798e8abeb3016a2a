import type { AuthCheckerFn } from 'type-graphql';
import { hasRole, isApiKey, isSignedIn, type Role } from '../modules/identity';
import { ForbiddenError, UnauthenticatedError } from '../shared/errors';
import type { Context } from './context';

/**
 * The role gate for @Authorized(...): is there a signed-in user, and is its role allowed (no roles
 * listed: any signed-in user). Row rules live in the policies.
 */
export const authChecker: AuthCheckerFn<Context, Role> = ({ context }, roles) => {
  const { viewer } = context;
  // CASE: an API key is known but reads published content only; "log in" would be the wrong answer.
  if (isApiKey(viewer)) throw new ForbiddenError();
  if (!isSignedIn(viewer)) throw new UnauthenticatedError();
  if (roles.length > 0 && !hasRole(viewer, roles)) throw new ForbiddenError();
  return true;
};
