import type { NonEmptyArray } from 'type-graphql';
import { ArticleResolver } from '../modules/article/article.resolver';
import { CategoryResolver } from '../modules/category/category.resolver';
import { MediaResolver } from '../modules/media/media.resolver';
import { SiteResolver } from '../modules/site/site.resolver';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [ArticleResolver, CategoryResolver, MediaResolver, SiteResolver];
