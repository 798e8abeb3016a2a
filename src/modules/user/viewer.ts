import { Role } from './user.entity';

/** Who is asking. Anonymous readers and partner keys see published content only. */
export type Viewer = { kind: 'anonymous' } | { kind: 'user'; id: string; role: Role; sessionId?: string };

export const ANONYMOUS: Viewer = Object.freeze({ kind: 'anonymous' });

export function isStaff(viewer: Viewer): viewer is Extract<Viewer, { kind: 'user' }> {
  return viewer.kind === 'user';
}
