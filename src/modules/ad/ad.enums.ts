import { registerEnumType } from 'type-graphql';

/** Ad servers' delivery classes: a higher class present takes every serving before a lower one gets any. */
export enum AdPriority {
  OVERRIDE = 'OVERRIDE',
  CONTRACT = 'CONTRACT',
  REMNANT = 'REMNANT',
}
registerEnumType(AdPriority, {
  name: 'AdPriority',
  description: 'OVERRIDE > CONTRACT > REMNANT: the highest class with an eligible creative serves',
  valuesConfig: {
    OVERRIDE: { description: 'Takes every serving while eligible (sponsorships, takeovers)' },
    CONTRACT: { description: 'Sold campaigns' },
    REMNANT: { description: 'House ads and fill: serve when nothing above is eligible' },
  },
});

/** Highest first: the order classes are tried in. */
export const PRIORITY_ORDER: readonly AdPriority[] = [AdPriority.OVERRIDE, AdPriority.CONTRACT, AdPriority.REMNANT];

export enum AdCampaignStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  ENDED = 'ENDED',
}
registerEnumType(AdCampaignStatus, { name: 'AdCampaignStatus', description: 'Only ACTIVE campaigns serve, and only within their dates' });

/** Calendar periods in the newsroom's time zone (NEWSROOM_TIMEZONE); weeks start on Monday. */
export enum CapPeriod {
  HOUR = 'HOUR',
  DAY = 'DAY',
  WEEK = 'WEEK',
}
registerEnumType(CapPeriod, { name: 'CapPeriod', description: 'Calendar periods in the newsroom’s time zone; weeks start on Monday' });

export enum AdEventKind {
  IMPRESSION = 'IMPRESSION',
  VIEWABLE = 'VIEWABLE',
}
registerEnumType(AdEventKind, {
  name: 'AdEventKind',
  valuesConfig: {
    IMPRESSION: { description: 'The ad began to render (IAB/MRC: a rendered impression)' },
    VIEWABLE: { description: 'At least 50% of the ad’s pixels were in view for at least one continuous second' },
  },
});
