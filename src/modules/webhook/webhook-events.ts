import { registerEnumType } from 'type-graphql';

/** What a webhook can subscribe to; the values are the `type` of the delivered JSON. */
export enum WebhookEvent {
  ARTICLE_PUBLISHED = 'article.published',
  ARTICLE_UPDATED = 'article.updated',
  ARTICLE_UNPUBLISHED = 'article.unpublished',
  CACHE_PURGE = 'cache.purge',
}

registerEnumType(WebhookEvent, {
  name: 'WebhookEvent',
  description: 'ARTICLE_PUBLISHED (article.published), ARTICLE_UPDATED (article.updated), ARTICLE_UNPUBLISHED (article.unpublished), CACHE_PURGE (cache.purge)',
});

export const WEBHOOK_EVENTS: readonly WebhookEvent[] = Object.freeze(Object.values(WebhookEvent));
