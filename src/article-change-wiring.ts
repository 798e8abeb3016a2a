import { ArticleChangeListeners } from './modules/article';
import { recordArticleChange } from './modules/change-feed';
import { webhookOutboxListener } from './modules/webhook';

/**
 * What must happen with every public change to an article, inside the write's transaction. The
 * app, the scheduler and the importers each take a set built here, so none of them misses one.
 */
export function createArticleChangeListeners(): ArticleChangeListeners {
  return new ArticleChangeListeners().register(recordArticleChange).register(webhookOutboxListener);
}
