/** What other modules may use of the article module (lint: boundaries/dependencies). */
export { Article } from './article.entity';
export { ArticleModel } from './article.model';
export { ARTICLE_COLUMNS, type ArticleRow } from './article.queries';
export { canSeeEditorialHistory } from './article.policy';
export { addArticleViews, rankArticlesByViews, type ArticleRankingQuery } from './article-view-totals';
export {
  ArticleChangeListeners,
  type ArticleChangeEvent,
  type ArticleChangeKind,
  type ArticleChangeListener,
} from './article-change-events';
