/** What a staff member may do (the product's rules: ../shared/ARCHITECTURE.md, "Roles"). */
export enum Role {
  ADMIN = 'ADMIN',
  EDITOR = 'EDITOR',
  AUTHOR = 'AUTHOR',
}

/** Who counts as an editor: everything on articles, categories, media. */
export const EDITOR_ROLES: readonly Role[] = Object.freeze([Role.EDITOR, Role.ADMIN]);

/** Who counts as staff: every signed-in role. */
export const STAFF_ROLES: readonly Role[] = Object.freeze([Role.AUTHOR, Role.EDITOR, Role.ADMIN]);
