import { Role } from '../user/user.entity';
import { isStaff, type Viewer } from '../user/viewer';

/** Editors and admins manage every image; anyone else only what they uploaded. */
export function canManageMedia(viewer: Viewer, media: { uploadedById: string | null }): boolean {
  if (!isStaff(viewer)) return false;
  return viewer.role === Role.EDITOR || viewer.role === Role.ADMIN || (media.uploadedById !== null && media.uploadedById === viewer.id);
}
