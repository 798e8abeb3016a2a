import { knexOf, lockForTransaction } from '../../db/transaction';
import { ForeignKeyConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { BadInputError, ConflictError, NotFoundError } from '../../shared/errors';
import { SLUG_MAX_LENGTH, SLUG_PATTERN, slugify } from '../../shared/slugify';
import { cleanPlainText, textLength } from '../../shared/text';
import { assertUuid } from '../../shared/uuid';
import { CATEGORY_DESCRIPTION_MAX, CATEGORY_NAME_MAX, Category } from './category.entity';
import type { CreateCategoryInput, UpdateCategoryInput } from './category.inputs';
import type { CategorySnapshot } from './category-snapshot';
import { CATEGORY_COLUMNS, type CategoryModel } from './category.model';

const POSITION_MAX = 1_000_000;

/**
 * Serializes every change to the category tree (create, move, delete): two concurrent moves could
 * otherwise each pass the cycle check and together make a loop. Category edits are rare.
 */
const TREE_LOCK = 'category-tree';

/** Category writes, for editors and admins (the resolvers' role gate says so). */
export class CategoryEditingService {
  constructor(
    private readonly em: EntityManager,
    private readonly snapshot?: CategorySnapshot,
  ) {}

  /** A change to the category table: this instance's in-memory copy is dropped once it ends. */
  private async changing<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.em.transactional(work);
    } finally {
      this.snapshot?.invalidate();
    }
  }

  async create(input: CreateCategoryInput): Promise<CategoryModel> {
    const name = checkName(input.name);
    const slug = input.slug != null ? checkSlug(input.slug) : slugFromName(name);
    const description = checkDescription(input.description);
    const parentId = input.parentId == null ? null : assertUuid(input.parentId, 'parentId');
    const position = input.position == null ? null : checkPosition(input.position);
    const id = await this.changing(async (em) => {
      const sql = await lockTree(em);
      const parent = parentId === null ? null : await findParent(em, parentId);
      await assertSlugFree(sql, slug);
      const category = em.create(Category, { name, slug, description, parent, position: position ?? (await nextPosition(sql, parentId)) });
      return category.id;
    });
    return this.read(id);
  }

  async update(id: string, input: UpdateCategoryInput): Promise<CategoryModel> {
    const categoryId = assertUuid(id, 'id');
    const name = input.name == null ? null : checkName(input.name);
    const slug = input.slug == null ? null : checkSlug(input.slug);
    const parentId = input.parentId == null ? input.parentId : assertUuid(input.parentId, 'parentId');
    const position = input.position == null ? null : checkPosition(input.position);
    await this.changing(async (em) => {
      const sql = await lockTree(em);
      const category = await em.findOne(Category, categoryId);
      if (!category) throw new NotFoundError('No such category');
      if (name !== null) category.name = name;
      if (slug !== null && slug !== category.slug) {
        await assertSlugFree(sql, slug, categoryId);
        category.slug = slug;
      }
      if (input.description !== undefined) category.description = checkDescription(input.description);
      // CASE: a move (parentId given and different) goes through the cycle check; the same parent is no move.
      if (parentId !== undefined && parentId !== (category.parent?.id ?? null)) {
        if (parentId !== null) await assertNotInSubtree(sql, categoryId, parentId, 'parentId', 'A category cannot be moved under itself or one of its subcategories');
        category.parent = parentId === null ? null : await findParent(em, parentId);
        if (position === null) category.position = await nextPosition(sql, parentId);
      }
      if (position !== null) category.position = position;
    });
    return this.read(categoryId);
  }

  /**
   * Deletes a category. While articles (soft-deleted ones too: they still reference it) or
   * subcategories would be orphaned, `moveArticlesTo` must name where they go; they move first,
   * in the same transaction.
   */
  async delete(id: string, moveArticlesTo: string | null | undefined): Promise<boolean> {
    const categoryId = assertUuid(id, 'id');
    const targetId = moveArticlesTo == null ? null : assertUuid(moveArticlesTo, 'moveArticlesTo');
    try {
      await this.changing(async (em) => {
        const sql = await lockTree(em);
        const category = await em.findOne(Category, categoryId);
        if (!category) throw new NotFoundError('No such category');
        if (targetId === null) {
          await assertNothingOrphaned(sql, category);
        } else {
          await assertNotInSubtree(sql, categoryId, targetId, 'moveArticlesTo', '"moveArticlesTo" cannot be the category being deleted or one of its subcategories');
          const target = await em.findOne(Category, targetId);
          if (!target) throw new BadInputError('"moveArticlesTo" does not name an existing category', 'moveArticlesTo');
          await moveContents(em, sql, categoryId, target);
        }
        em.remove(category);
      });
    } catch (error) {
      // CASE: an article was filed under the category between the check and the delete.
      if (error instanceof ForeignKeyConstraintViolationException) {
        throw new BadInputError('The category gained articles or subcategories meanwhile; try again', 'moveArticlesTo');
      }
      throw error;
    }
    return true;
  }

  private async read(id: string): Promise<CategoryModel> {
    return (await this.em.getKnex()('category as c').first(CATEGORY_COLUMNS).where('c.id', id)) as CategoryModel;
  }
}

/** Takes the tree lock and returns the transaction's knex, for plain queries inside it. */
async function lockTree(em: EntityManager): Promise<Knex> {
  const sql = knexOf(em);
  await lockForTransaction(sql, TREE_LOCK);
  return sql;
}

async function findParent(em: EntityManager, parentId: string): Promise<Category> {
  const parent = await em.findOne(Category, parentId);
  if (!parent) throw new BadInputError('"parentId" does not name an existing category', 'parentId');
  return parent;
}

async function assertSlugFree(sql: Knex, slug: string, exceptId?: string): Promise<void> {
  const qb = sql('category').first('id').where('slug', slug);
  if (exceptId) qb.whereNot('id', exceptId);
  if (await qb) throw new ConflictError(`The slug "${slug}" is already used by another category`, { field: 'slug' });
}

/** After the last sibling under `parentId` (null: among the top-level categories). */
async function nextPosition(sql: Knex, parentId: string | null): Promise<number> {
  const row = (await sql('category')
    .first(sql.raw('coalesce(max(position) + 1, 0) as next'))
    .whereRaw('parent_id is not distinct from ?', [parentId])) as { next: number | string };
  return Math.min(Number(row.next), POSITION_MAX);
}

/** Refuses `candidateId` when it is `rootId` or below it: walks up from the candidate (UNION stops on any loop). */
async function assertNotInSubtree(sql: Knex, rootId: string, candidateId: string, field: string, message: string): Promise<void> {
  if (candidateId === rootId) throw new BadInputError(message, field);
  const { rows } = (await sql.raw(
    `with recursive up(id, parent_id) as (
       select id, parent_id from category where id = ?
       union
       select c.id, c.parent_id from category c join up on c.id = up.parent_id
     ) select 1 from up where id = ? limit 1`,
    [candidateId, rootId],
  )) as { rows: unknown[] };
  if (rows.length > 0) throw new BadInputError(message, field);
}

async function countContents(sql: Knex, categoryId: string): Promise<{ articles: number; children: number }> {
  const [articles, children] = await Promise.all([
    sql('article').count({ n: '*' }).where('category_id', categoryId).first(),
    sql('category').count({ n: '*' }).where('parent_id', categoryId).first(),
  ]);
  return { articles: Number(articles?.n ?? 0), children: Number(children?.n ?? 0) };
}

async function assertNothingOrphaned(sql: Knex, category: Category): Promise<void> {
  const { articles, children } = await countContents(sql, category.id);
  if (articles === 0 && children === 0) return;
  const held = [
    articles > 0 ? `${articles} article(s), counting deleted ones` : null,
    children > 0 ? `${children} subcategor${children === 1 ? 'y' : 'ies'}` : null,
  ].filter(Boolean);
  throw new BadInputError(
    `Cannot delete "${category.name}": it still holds ${held.join(' and ')}. Pass "moveArticlesTo" to move them to another category first.`,
    'moveArticlesTo',
    { articleCount: articles, childCount: children },
  );
}

/** Articles move to `target` (their version bumps: the row changed); subcategories follow, after its own. */
async function moveContents(em: EntityManager, sql: Knex, categoryId: string, target: Category): Promise<void> {
  await sql('article')
    .where('category_id', categoryId)
    .update({ category_id: target.id, updated_at: new Date(), version: sql.raw('version + 1') });
  const children = await em.find(Category, { parent: categoryId }, { orderBy: { position: 'asc', name: 'asc' } });
  let position = await nextPosition(sql, target.id);
  for (const child of children) {
    child.parent = target;
    child.position = Math.min(position++, POSITION_MAX);
  }
}

function checkName(value: string): string {
  const name = cleanPlainText(value);
  const length = textLength(name);
  if (length === 0 || length > CATEGORY_NAME_MAX) throw new BadInputError(`"name" must be 1 to ${CATEGORY_NAME_MAX} characters`, 'name');
  return name;
}

function checkSlug(value: string): string {
  const slug = cleanPlainText(value).toLowerCase();
  if (!SLUG_PATTERN.test(slug) || textLength(slug) > SLUG_MAX_LENGTH) {
    throw new BadInputError(`"slug" must be lower-case letters and digits in words joined by single dashes, at most ${SLUG_MAX_LENGTH} characters`, 'slug');
  }
  return slug;
}

function slugFromName(name: string): string {
  const slug = slugify(name);
  if (!slug) throw new BadInputError('No slug can be made from this name: give "slug"', 'slug');
  return slug;
}

function checkDescription(value: string | null | undefined): string | null {
  const description = value == null ? '' : cleanPlainText(value);
  if (textLength(description) > CATEGORY_DESCRIPTION_MAX) {
    throw new BadInputError(`"description" must be at most ${CATEGORY_DESCRIPTION_MAX} characters`, 'description');
  }
  return description === '' ? null : description;
}

function checkPosition(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > POSITION_MAX) throw new BadInputError(`"position" must be between 0 and ${POSITION_MAX}`, 'position');
  return value;
}
