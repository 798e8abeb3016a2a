import type { Knex } from '@mikro-orm/postgresql';
import { CATEGORY_COLUMNS, type CategoryModel } from './category.model';

interface Snapshot {
  loadedAt: number;
  byId: Map<string, CategoryModel>;
  bySlug: Map<string, CategoryModel>;
  childIds: Map<string, string[]>;
}

/**
 * The category table held in memory for lookups by id or slug: a newsroom has a few dozen
 * categories and every category page looks one up, so a page costs its article query alone. The
 * copy is read again (one statement for all of them) once it is `ttlMs` old, and at once after
 * this instance changes a category; a change made elsewhere (another instance, SQL) shows within
 * `ttlMs`. A slug or id the copy does not hold is looked up in the database: a new category is
 * found at once. ttlMs 0: every lookup goes to the database.
 */
export class CategorySnapshot {
  private current: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;

  constructor(
    private readonly knex: Knex,
    private readonly ttlMs: number,
  ) {}

  /** The category, or undefined when the copy does not hold it (look in the database). */
  async find(key: { kind: 'id'; id: string } | { kind: 'slug'; slug: string }): Promise<CategoryModel | undefined> {
    if (this.ttlMs === 0) return undefined;
    const snapshot = await this.fresh();
    return key.kind === 'id' ? snapshot.byId.get(key.id) : snapshot.bySlug.get(key.slug);
  }

  /**
   * Ids of the category with this slug and of every category below it, or undefined when the copy
   * does not hold the slug (ask the database). A category page filters on these ids as values: the
   * planner then sees how many there are (one, for a leaf) and reads the category's own index,
   * where a subquery it cannot estimate made it walk the whole public feed.
   */
  async subtreeIds(slug: string): Promise<string[] | undefined> {
    if (this.ttlMs === 0) return undefined;
    const snapshot = await this.fresh();
    const root = snapshot.bySlug.get(slug);
    if (!root) return undefined;
    const ids = [root.id];
    // The table's parent links form a tree (category editing refuses cycles); ids.length bounds the walk anyway.
    for (let at = 0; at < ids.length && ids.length <= snapshot.byId.size; at += 1) ids.push(...(snapshot.childIds.get(ids[at]) ?? []));
    return ids;
  }

  /** After a change on this instance: the next lookup reads the table again. */
  invalidate(): void {
    this.current = undefined;
    this.loading = undefined;
  }

  private fresh(): Promise<Snapshot> {
    if (this.current && Date.now() - this.current.loadedAt < this.ttlMs) return Promise.resolve(this.current);
    if (!this.loading) {
      const loading = this.load().then(
        (snapshot) => {
          // Kept only if no change invalidated it while it was being read.
          if (this.loading === loading) {
            this.current = snapshot;
            this.loading = undefined;
          }
          return snapshot;
        },
        (error: unknown) => {
          if (this.loading === loading) this.loading = undefined;
          throw error;
        },
      );
      this.loading = loading;
    }
    return this.loading;
  }

  private async load(): Promise<Snapshot> {
    const loadedAt = Date.now();
    const rows = (await this.knex('category as c').select(CATEGORY_COLUMNS)) as CategoryModel[];
    const childIds = new Map<string, string[]>();
    for (const row of rows) if (row.parentId) childIds.set(row.parentId, [...(childIds.get(row.parentId) ?? []), row.id]);
    return { loadedAt, byId: new Map(rows.map((row) => [row.id, row])), bySlug: new Map(rows.map((row) => [row.slug, row])), childIds };
  }
}
