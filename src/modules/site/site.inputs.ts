import { Field, ID, InputType } from 'type-graphql';
import { formatCount } from '../../shared/text';
import { ADS_TXT_MAX_LENGTH } from './ads-txt';
import { SITE_NAME_MAX, SITE_TAGLINE_MAX } from './site.service';

/** Absent fields stay as they are; null clears the tagline, the banner or ads.txt. */
@InputType()
export class UpdateSiteInput {
  @Field(() => String, { nullable: true, description: `1 to ${SITE_NAME_MAX} characters` })
  name?: string | null;

  @Field(() => String, { nullable: true, description: `At most ${SITE_TAGLINE_MAX} characters; null or empty: none` })
  tagline?: string | null;

  @Field(() => ID, { nullable: true, description: 'A Media image; null: no banner' })
  bannerId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      `The authorized sellers file served at /ads.txt (IAB ads.txt 1.1), at most ${formatCount(ADS_TXT_MAX_LENGTH)} characters: records ` +
      '"domain, account id, DIRECT|RESELLER[, certification id]", # comments, and the variables CONTACT, SUBDOMAIN, OWNERDOMAIN, MANAGERDOMAIN, ' +
      'INVENTORYPARTNERDOMAIN. A bad line is refused naming it. null or empty: none (/ads.txt is 404)',
  })
  adsTxt?: string | null;
}
