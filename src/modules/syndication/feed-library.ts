import type * as FeedLibrary from 'feed' with { 'resolution-mode': 'import' };

/**
 * The `feed` package ships as an ES module only. Node 20.19+ loads it with require(), which keeps
 * this CommonJS build synchronous (no dynamic import on a request path); jest transforms it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const library = require('feed') as typeof FeedLibrary;

export const Feed = library.Feed;
export type Feed = FeedLibrary.Feed;
export type FeedItem = FeedLibrary.Item;
