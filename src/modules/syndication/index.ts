/** What other parts may use of the syndication module (lint: boundaries/dependencies). */
export { ArticleAttributionResolver, AttributionModel } from './attribution.resolver';
export { canonicalUrl, articleUri } from './article-links';
export { attributionOf, ninjsStatusOf, type Attribution, type EmbargoFacts, type NinjsStatus } from './attribution';
export { FEED_FILES, type FeedFormat } from './feeds';
export { NINJS_VERSION } from './ninjs';
export { SyndicationService } from './syndication.service';
export type { SyndicationDocument } from './syndication-source';
