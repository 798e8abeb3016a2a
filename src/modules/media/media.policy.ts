import { Role, isSignedIn, type Viewer } from '../identity';

/** Editors and admins manage every image; anyone else only what they uploaded. */
export function canManageMedia(viewer: Viewer, media: { uploadedById: string | null }): boolean {
  if (!isSignedIn(viewer)) return false;
  return viewer.role === Role.EDITOR || viewer.role === Role.ADMIN || (media.uploadedById !== null && media.uploadedById === viewer.id);
}
