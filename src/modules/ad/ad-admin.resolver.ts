import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { ConnectionArgs, connectionType } from '../../shared/connection';
import { CategoryModel } from '../category';
import { EDITOR_ROLES } from '../identity';
import { AdCampaignsArgs, AdStatsArgs, CreateAdCampaignInput, CreateAdCreativeInput, CreateAdSlotInput, UpdateAdCampaignInput, UpdateAdCreativeInput, UpdateAdSlotInput } from './ad.inputs';
import { AdCampaignModel, AdCreativeModel, AdDailyStatsModel, AdSlotModel, FrequencyCapModel } from './ad.models';

const { Connection: AdSlotConnection } = connectionType(AdSlotModel, 'AdSlot');
type AdSlotConnection = InstanceType<typeof AdSlotConnection>;
const { Connection: AdCampaignConnection } = connectionType(AdCampaignModel, 'AdCampaign');
type AdCampaignConnection = InstanceType<typeof AdCampaignConnection>;

@Authorized(EDITOR_ROLES)
@Resolver()
export class AdSlotAdminResolver {
  @Query(() => AdSlotConnection, { description: 'Editors and admins. By key' })
  async adSlots(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context): Promise<AdSlotConnection> {
    return AdSlotConnection.from(await ctx.services.adReads.slots(args));
  }

  @Mutation(() => AdSlotModel, { description: 'Editors and admins' })
  async createAdSlot(@Arg('input', () => CreateAdSlotInput) input: CreateAdSlotInput, @Ctx() ctx: Context): Promise<AdSlotModel> {
    return ctx.services.adReads.slot(await ctx.services.adEditing.createSlot(input));
  }

  @Mutation(() => AdSlotModel, { description: 'Editors and admins. The key stays' })
  async updateAdSlot(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateAdSlotInput) input: UpdateAdSlotInput, @Ctx() ctx: Context): Promise<AdSlotModel> {
    return ctx.services.adReads.slot(await ctx.services.adEditing.updateSlot(id, input));
  }
}

@Authorized(EDITOR_ROLES)
@Resolver(() => AdCampaignModel)
export class AdCampaignAdminResolver {
  @Query(() => AdCampaignConnection, { description: 'Editors and admins. Newest first; deleted campaigns are not listed' })
  async adCampaigns(@Args(() => AdCampaignsArgs) args: AdCampaignsArgs, @Ctx() ctx: Context): Promise<AdCampaignConnection> {
    return AdCampaignConnection.from(await ctx.services.adReads.campaigns(args));
  }

  @Query(() => AdCampaignModel, { nullable: true, description: 'Editors and admins' })
  adCampaign(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<AdCampaignModel | null> {
    return ctx.services.adReads.campaign(id);
  }

  @Mutation(() => AdCampaignModel, { description: 'Editors and admins' })
  async createAdCampaign(@Arg('input', () => CreateAdCampaignInput) input: CreateAdCampaignInput, @Ctx() ctx: Context): Promise<AdCampaignModel | null> {
    return ctx.services.adReads.campaign(await ctx.services.adEditing.createCampaign(input));
  }

  @Mutation(() => AdCampaignModel, { description: 'Editors and admins' })
  async updateAdCampaign(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateAdCampaignInput) input: UpdateAdCampaignInput, @Ctx() ctx: Context): Promise<AdCampaignModel | null> {
    return ctx.services.adReads.campaign(await ctx.services.adEditing.updateCampaign(id, input));
  }

  @Mutation(() => ID, { description: 'Editors and admins. Soft: it stops serving and leaves the lists; its stats stay' })
  deleteAdCampaign(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<string> {
    return ctx.services.adEditing.deleteCampaign(id);
  }

  @FieldResolver(() => FrequencyCapModel, { nullable: true, description: 'Servings per visitor and calendar period; null: none' })
  frequencyCap(@Root() campaign: AdCampaignModel): FrequencyCapModel | null {
    return campaign.capMax === null || campaign.capPeriod === null ? null : { maxImpressions: campaign.capMax, per: campaign.capPeriod };
  }

  @FieldResolver(() => [AdSlotModel])
  slots(@Root() campaign: AdCampaignModel, @Ctx() ctx: Context): Promise<AdSlotModel[]> {
    return ctx.loaders.adCampaignSlots.load(campaign.id);
  }

  @FieldResolver(() => [CategoryModel], { description: 'Empty: every page' })
  targetCategories(@Root() campaign: AdCampaignModel, @Ctx() ctx: Context): Promise<CategoryModel[]> {
    return ctx.loaders.adCampaignCategories.load(campaign.id);
  }

  @FieldResolver(() => [AdCreativeModel], { description: 'Not deleted, oldest first' })
  creatives(@Root() campaign: AdCampaignModel, @Ctx() ctx: Context): Promise<AdCreativeModel[]> {
    return ctx.loaders.adCampaignCreatives.load(campaign.id);
  }

  @FieldResolver(() => [AdDailyStatsModel], { description: 'Per newsroom day, zeros included; deleted creatives’ figures included' })
  stats(@Root() campaign: AdCampaignModel, @Args(() => AdStatsArgs) args: AdStatsArgs, @Ctx() ctx: Context): Promise<AdDailyStatsModel[]> {
    return ctx.services.adReads.campaignStats(campaign.id, args);
  }
}

@Resolver(() => AdCreativeModel)
export class AdCreativeAdminResolver {
  @Authorized(EDITOR_ROLES)
  @Mutation(() => AdCreativeModel, { description: 'Editors and admins. Width and height default to the image’s' })
  async createAdCreative(@Arg('input', () => CreateAdCreativeInput) input: CreateAdCreativeInput, @Ctx() ctx: Context): Promise<AdCreativeModel> {
    return ctx.services.adReads.creative(await ctx.services.adEditing.createCreative(input));
  }

  @Authorized(EDITOR_ROLES)
  @Mutation(() => AdCreativeModel, { description: 'Editors and admins' })
  async updateAdCreative(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateAdCreativeInput) input: UpdateAdCreativeInput, @Ctx() ctx: Context): Promise<AdCreativeModel> {
    return ctx.services.adReads.creative(await ctx.services.adEditing.updateCreative(id, input));
  }

  @Authorized(EDITOR_ROLES)
  @Mutation(() => ID, { description: 'Editors and admins. Soft: it stops serving; its stats stay' })
  deleteAdCreative(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<string> {
    return ctx.services.adEditing.deleteCreative(id);
  }

  @Authorized(EDITOR_ROLES)
  @FieldResolver(() => AdCampaignModel, { description: 'Editors and admins' })
  async campaign(@Root() creative: AdCreativeModel, @Ctx() ctx: Context): Promise<AdCampaignModel> {
    return (await ctx.loaders.adCampaignById.load(creative.campaignId)) as AdCampaignModel;
  }

  @Authorized(EDITOR_ROLES)
  @FieldResolver(() => [AdDailyStatsModel], { description: 'Editors and admins. Per newsroom day, zeros included' })
  stats(@Root() creative: AdCreativeModel, @Args(() => AdStatsArgs) args: AdStatsArgs, @Ctx() ctx: Context): Promise<AdDailyStatsModel[]> {
    return ctx.services.adReads.creativeStats(creative.id, args);
  }
}
