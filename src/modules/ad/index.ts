/** What the rest of the application may use of the ad module (lint: boundaries/dependencies). */
export { AdCampaign } from './ad-campaign.entity';
export { AdCreative } from './ad-creative.entity';
export { AdSlot } from './ad-slot.entity';
export { AdStatsHourly } from './ad-stats.entity';
