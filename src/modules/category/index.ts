/** What other modules may use of the category module (lint: boundaries/dependencies). */
export { Category } from './category.entity';
export { CATEGORY_COLUMNS, CategoryModel } from './category.model';
export { categorySubtreeIds, categoryTrees } from './category.queries';
export { CategorySnapshot } from './category-snapshot';
export { CategoryReadService } from './category.service';
