/** What the wiring uses of the change feed module (lint: boundaries/dependencies). */
export { ArticleChangeLog } from './article-change-log.entity';
export { recordArticleChange } from './article-change-log';
export { ChangeFeedResolver } from './change-feed.resolver';
export { ChangeFeedService } from './change-feed.service';
