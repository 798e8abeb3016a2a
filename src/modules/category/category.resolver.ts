import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { EDITOR_ROLES } from '../identity';
import { CreateCategoryInput, UpdateCategoryInput } from './category.inputs';
import { CategoryModel } from './category.model';
import type { Plain } from '../../shared/plain';
import { cacheTags, tagResponse, type ResponseCacheHint } from '../../shared/cache-hint';

function tagCategories<T extends CategoryModel | null>(hint: ResponseCacheHint, categories: T[]): T[] {
  for (const category of categories) if (category) tagResponse(hint, cacheTags.category(category.id));
  return categories;
}

@ArgsType()
class CategoryLookupArgs {
  @Field(() => ID, { nullable: true })
  id?: string | null;

  @Field(() => String, { nullable: true })
  slug?: string | null;
}

@Resolver(() => CategoryModel)
export class CategoryResolver {
  @Query(() => [CategoryModel], { description: 'Top-level categories; subcategories through children' })
  async categories(@Ctx() ctx: Context): Promise<CategoryModel[]> {
    return tagCategories(ctx.cacheHint, await ctx.services.categories.roots());
  }

  @Query(() => CategoryModel, { nullable: true })
  async category(@Args(() => CategoryLookupArgs) args: CategoryLookupArgs, @Ctx() ctx: Context): Promise<CategoryModel | null> {
    return tagCategories(ctx.cacheHint, [await ctx.services.categories.findOne(args)])[0];
  }

  @Authorized(EDITOR_ROLES)
  @Mutation(() => CategoryModel, { description: 'Editors and admins' })
  createCategory(@Arg('input', () => CreateCategoryInput) input: CreateCategoryInput, @Ctx() ctx: Context): Promise<CategoryModel> {
    return ctx.services.categoryEditing.create(input);
  }

  @Authorized(EDITOR_ROLES)
  @Mutation(() => CategoryModel, { description: 'Editors and admins. Rename, re-slug, reorder or move in the tree' })
  updateCategory(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateCategoryInput) input: UpdateCategoryInput, @Ctx() ctx: Context): Promise<CategoryModel> {
    return ctx.services.categoryEditing.update(id, input);
  }

  @Authorized(EDITOR_ROLES)
  @Mutation(() => Boolean, {
    description:
      'Editors and admins. Refused while the category holds articles (deleted ones included) or subcategories, ' +
      'unless moveArticlesTo names another category (not this one or below it): both move there first, in one transaction.',
  })
  deleteCategory(
    @Arg('id', () => ID) id: string,
    @Arg('moveArticlesTo', () => ID, { nullable: true }) moveArticlesTo: string | null,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.categoryEditing.delete(id, moveArticlesTo);
  }

  @FieldResolver(() => [CategoryModel])
  async children(@Root() category: Plain<CategoryModel>, @Ctx() ctx: Context): Promise<CategoryModel[]> {
    return tagCategories(ctx.cacheHint, await ctx.loaders.categoryChildren.load(category.id));
  }

  @FieldResolver(() => CategoryModel, { nullable: true })
  parent(@Root() category: Plain<CategoryModel>, @Ctx() ctx: Context): Promise<CategoryModel | null> | null {
    if (!category.parentId) return null;
    tagResponse(ctx.cacheHint, cacheTags.category(category.parentId));
    return ctx.loaders.categoryById.load(category.parentId);
  }
}
