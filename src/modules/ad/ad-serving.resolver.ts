import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { MediaModel } from '../media';
import { AdEventKind } from './ad.enums';
import { AdContext } from './ad.inputs';
import { AdCreativeModel, AdServingModel, AdSlotModel } from './ad.models';
import { MAX_EVENT_TOKENS, type SlotOnPage } from './ad-serving.service';
import { AD_LIMITS } from './ad-validation';

@Resolver(() => AdSlotModel)
export class AdServingResolver {
  @Query(() => AdSlotModel, { nullable: true, description: 'Public. An active slot by its key (null when unknown or inactive); `context` is the page it is on' })
  adSlot(@Arg('key', () => String) key: string, @Arg('context', () => AdContext, { nullable: true }) context: AdContext | null, @Ctx() ctx: Context): Promise<SlotOnPage | null> {
    return ctx.services.adServing.slot(key, context);
  }

  @FieldResolver(() => [AdServingModel], {
    description: `Public. Ads picked for this reader now (1 to ${AD_LIMITS.servingsMax}, never the same creative twice); empty when nothing is eligible. Never cached: every answer is this reader's`,
  })
  ads(@Root() slot: SlotOnPage, @Arg('limit', () => Int, { defaultValue: 1 }) limit: number, @Ctx() ctx: Context): Promise<AdServingModel[]> {
    // Rotation, caps and tokens are per reader: the response cache must never share this answer.
    ctx.cacheHint.perVisitor = true;
    return ctx.services.adServing.ads(slot, limit);
  }

  @Mutation(() => Int, {
    description: `Public. Counts each serving token once per kind (IMPRESSION: began to render; VIEWABLE: ≥ 50% in view for ≥ 1 s); at most ${MAX_EVENT_TOKENS} tokens. ` +
      'Answers how many were counted (committed): forged or expired tokens, repeats and bots count nothing',
  })
  recordAdEvents(@Arg('tokens', () => [String]) tokens: string[], @Arg('kind', () => AdEventKind) kind: AdEventKind, @Ctx() ctx: Context): Promise<number> {
    return ctx.services.adServing.record(tokens, kind);
  }
}

@Resolver(() => AdCreativeModel)
export class AdCreativeImageResolver {
  @FieldResolver(() => MediaModel)
  image(@Root() creative: AdCreativeModel, @Ctx() ctx: Context): MediaModel | Promise<MediaModel | null> {
    return creative.image ?? ctx.loaders.mediaById.load(creative.imageId);
  }
}
