import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../shared/connection';
import type { ArticlePage } from './article-listing';
import { ArticleModel } from './article.model';

@ObjectType('ArticleEdge')
export class ArticleEdgeModel {
  @Field(() => String)
  cursor!: string;

  @Field(() => ArticleModel)
  node!: ArticleModel;
}

@ObjectType('ArticleConnection')
export class ArticleConnection {
  @Field(() => [ArticleEdgeModel])
  edges!: ArticleEdgeModel[];

  @Field(() => [ArticleModel])
  nodes!: ArticleModel[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'All matching articles; computed only when asked for' })
  totalCount!: Promise<number>;

  static from(page: ArticlePage): ArticleConnection {
    const connection = new ArticleConnection();
    connection.edges = page.edges;
    connection.nodes = page.edges.map((edge) => edge.node);
    connection.pageInfo = {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.edges[0]?.cursor ?? null,
      endCursor: page.edges.at(-1)?.cursor ?? null,
    };
    // A getter: the count query runs only if the field is selected.
    Object.defineProperty(connection, 'totalCount', { get: page.count, enumerable: true });
    return connection;
  }
}
