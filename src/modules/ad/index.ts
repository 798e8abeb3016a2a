/** What the rest of the application may use of the ad module (lint: boundaries/dependencies). */
export { AdCampaign } from './ad-campaign.entity';
export { AdCreative } from './ad-creative.entity';
export { AdSlot } from './ad-slot.entity';
export { AdStatsHourly } from './ad-stats.entity';
export { AdServer, type AdServerOptions } from './ad-server';
export { AdEditingService } from './ad-editing.service';
export { AdReadService } from './ad-read.service';
export { AdServingService } from './ad-serving.service';
export { createAdLoaders } from './ad.loader';
export { AdServingResolver, AdCreativeImageResolver } from './ad-serving.resolver';
export { AdCampaignAdminResolver, AdCreativeAdminResolver, AdSlotAdminResolver } from './ad-admin.resolver';
export { adMediaUsage } from './ad-media-usage';
