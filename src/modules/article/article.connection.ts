import { connectionType } from '../../shared/connection';
import { ArticleModel } from './article.model';

export const { Connection: ArticleConnection, Edge: ArticleEdgeModel } = connectionType(ArticleModel, 'Article', {
  totalCount: 'All matching articles; computed only when asked for',
});
export type ArticleConnection = InstanceType<typeof ArticleConnection>;
