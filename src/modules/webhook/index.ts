// The webhook module's public surface: the wiring (graphql/, app.ts), other modules and tests import only this.
export { Webhook, WebhookDelivery, DeliveryStatus } from './webhook.entity';
export { WebhookEvent } from './webhook-events';
export { WebhookResolver } from './webhook.resolver';
export { WebhookService } from './webhook.service';
export { writeArticleChangeDeliveries, articleEventOf, webhookOutboxListener } from './webhook-outbox';
export { startWebhookWorker, deliverDue, registerWebhookQueueGauge } from './webhook-worker';
export { refusedAddress, type AddressPolicy } from './address-policy';
export { guardedPost, RequestRefusedError } from './guarded-post';
