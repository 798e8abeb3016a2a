import type { AuthChecker } from 'type-graphql';
import type { Role } from '../modules/identity';
import { ForbiddenError, UnauthenticatedError } from '../shared/errors';
import type { Context } from './context';

/** The role gate for @Authorized(...): is there a viewer, and is its role allowed. Row rules live in policies. */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const { viewer } = context;
  if (viewer.kind !== 'user') throw new UnauthenticatedError();
  if (roles.length > 0 && !roles.includes(viewer.role)) throw new ForbiddenError();
  return true;
};
