// The identity module's public surface: other modules, graphql/, http/, cli/, seeds and tests import only this.
export { Role, EDITOR_ROLES, STAFF_ROLES } from './roles';
export { ANONYMOUS, hasRole, isApiKey, isEditor, isOwner, isSignedIn, userIdOf } from './viewer';
export type { AnonymousViewer, ApiKeyViewer, UserViewer, Viewer } from './viewer';
export { User } from './user.entity';
export { Session } from './session.entity';
export { USER_COLUMNS, UserModel } from './user.model';
export { UserResolver } from './user.resolver';
export { UserService } from './user.service';
export { createUserLoaders } from './user.loader';
export { AuthResolver } from './auth.resolver';
export { AuthService, LOGIN_FAILED, authenticateToken, type AuthDeps } from './auth.service';
export { MemoryLoginThrottle, RedisLoginThrottle, type LoginThrottle } from './login-throttle';
export { assertPasswordAcceptable, hashPassword } from './password';
export { bearerToken } from './session-token';
