import { AdCampaign, AdCreative, AdSlot, AdStatsHourly } from '../modules/ad';
import { Article } from '../modules/article/article.entity';
import { ArticleRevision } from '../modules/article/article-revision.entity';
import { ArticleSlug } from '../modules/article/article-slug.entity';
import { ApiKey, Session, User } from '../modules/identity';
import { Category } from '../modules/category/category.entity';
import { Media } from '../modules/media/media.entity';
import { Site } from '../modules/site/site.entity';
import { ArticleChangeLog } from '../modules/change-feed';
import { ArticleViewsDaily } from '../modules/view/view-daily.entity';
import { Webhook, WebhookDelivery } from '../modules/webhook';

/** Every MikroORM entity; listed explicitly so no folder discovery is needed at boot. */
export const entities = [AdCampaign, AdCreative, AdSlot, AdStatsHourly, ApiKey, Article, ArticleChangeLog, ArticleRevision, ArticleSlug, ArticleViewsDaily, Category, Media, Session, Site, User, Webhook, WebhookDelivery];
