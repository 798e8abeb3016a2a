import type { Knex } from '@mikro-orm/postgresql';
import { BadInputError } from '../../shared/errors';
import { cleanPlainText } from '../../shared/text';
import { isUuid } from '../../shared/uuid';
import { CATEGORY_COLUMNS, type CategoryModel } from './category.model';

export class CategoryReadService {
  constructor(private readonly knex: Knex) {}

  /** Top-level categories in display order; children come through Category.children. */
  roots(): Promise<CategoryModel[]> {
    return this.knex('category as c')
      .select(CATEGORY_COLUMNS)
      .whereNull('c.parent_id')
      .orderBy([{ column: 'c.position' }, { column: 'c.name' }]) as Promise<CategoryModel[]>;
  }

  async findOne({ id, slug }: { id?: string | null; slug?: string | null }): Promise<CategoryModel | null> {
    if ((id == null) === (slug == null)) throw new BadInputError('Give exactly one of "id" or "slug"', id == null ? 'id' : 'slug');
    const qb = this.knex('category as c').select(CATEGORY_COLUMNS).first();
    if (id != null) {
      if (!isUuid(id)) throw new BadInputError('"id" is not a valid ID', 'id');
      qb.where('c.id', id.toLowerCase());
    } else {
      qb.where('c.slug', cleanPlainText(slug as string).toLowerCase());
    }
    return ((await qb) as CategoryModel | undefined) ?? null;
  }
}
