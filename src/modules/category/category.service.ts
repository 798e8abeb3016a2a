import type { Knex } from '@mikro-orm/postgresql';
import { lookupKey } from '../../shared/lookup-key';
import type { CategorySnapshot } from './category-snapshot';
import { CATEGORY_COLUMNS, type CategoryModel } from './category.model';

export class CategoryReadService {
  constructor(
    private readonly knex: Knex,
    private readonly snapshot?: CategorySnapshot,
  ) {}

  /** Top-level categories in display order; children come through Category.children. */
  roots(): Promise<CategoryModel[]> {
    return this.knex('category as c')
      .select(CATEGORY_COLUMNS)
      .whereNull('c.parent_id')
      .orderBy([{ column: 'c.position' }, { column: 'c.name' }]) as Promise<CategoryModel[]>;
  }

  async findOne(args: { id?: string | null; slug?: string | null }): Promise<CategoryModel | null> {
    const key = lookupKey(args);
    const held = await this.snapshot?.find(key);
    if (held) return held;
    const qb = this.knex('category as c').select(CATEGORY_COLUMNS).first();
    if (key.kind === 'id') qb.where('c.id', key.id);
    else qb.where('c.slug', key.slug);
    return ((await qb) as CategoryModel | undefined) ?? null;
  }
}
