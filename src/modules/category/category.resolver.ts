import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { EDITOR_ROLES } from '../identity';
import { CreateCategoryInput, UpdateCategoryInput } from './category.inputs';
import { CategoryModel } from './category.model';
import type { Plain } from '../../shared/plain';

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
  categories(@Ctx() ctx: Context): Promise<CategoryModel[]> {
    return ctx.services.categories.roots();
  }

  @Query(() => CategoryModel, { nullable: true })
  category(@Args(() => CategoryLookupArgs) args: CategoryLookupArgs, @Ctx() ctx: Context): Promise<CategoryModel | null> {
    return ctx.services.categories.findOne(args);
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
  children(@Root() category: Plain<CategoryModel>, @Ctx() ctx: Context): Promise<CategoryModel[]> {
    return ctx.loaders.categoryChildren.load(category.id);
  }

  @FieldResolver(() => CategoryModel, { nullable: true })
  parent(@Root() category: Plain<CategoryModel>, @Ctx() ctx: Context): Promise<CategoryModel | null> | null {
    return category.parentId ? ctx.loaders.categoryById.load(category.parentId) : null;
  }
}
