import { Migration } from '@mikro-orm/migrations';

export class Migration20261202050849 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "ad_campaign" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "advertiser" text not null, "priority" text check ("priority" in ('OVERRIDE', 'CONTRACT', 'REMNANT')) not null, "status" text check ("status" in ('DRAFT', 'ACTIVE', 'PAUSED', 'ENDED')) not null default 'DRAFT', "starts_at" timestamptz null, "ends_at" timestamptz null, "weight" int not null default 1, "impression_goal" int null, "cap_max" int null, "cap_period" text check ("cap_period" in ('HOUR', 'DAY', 'WEEK')) null, "deleted_at" timestamptz null, constraint "ad_campaign_pkey" primary key ("id"));`);

    this.addSql(`create table "ad_slot" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "key" text not null, "name" text not null, "sizes" jsonb not null, "active" boolean not null default true, constraint "ad_slot_pkey" primary key ("id"));`);
    this.addSql(`alter table "ad_slot" add constraint "ad_slot_key_unique" unique ("key");`);

    this.addSql(`create table "ad_campaign_slot" ("campaign_id" uuid not null, "slot_id" uuid not null, constraint "ad_campaign_slot_pkey" primary key ("campaign_id", "slot_id"));`);

    this.addSql(`create table "ad_campaign_category" ("campaign_id" uuid not null, "category_id" uuid not null, constraint "ad_campaign_category_pkey" primary key ("campaign_id", "category_id"));`);

    this.addSql(`create table "ad_creative" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "campaign_id" uuid not null, "image_id" uuid not null, "alt" text not null, "click_url" text not null, "width" int not null, "height" int not null, "weight" int not null default 1, "active" boolean not null default true, "deleted_at" timestamptz null, constraint "ad_creative_pkey" primary key ("id"));`);
    this.addSql(`create index "ad_creative_campaign_id_index" on "ad_creative" ("campaign_id");`);
    this.addSql(`create index "ad_creative_image_id_index" on "ad_creative" ("image_id");`);

    this.addSql(`create table "ad_stats_hourly" ("creative_id" uuid not null, "slot_id" uuid not null, "hour" timestamp(0) not null, "served" int not null default 0, "impressions" int not null default 0, "viewable" int not null default 0, "clicks" int not null default 0, constraint "ad_stats_hourly_pkey" primary key ("creative_id", "slot_id", "hour"));`);
    this.addSql(`create index "ad_stats_hourly_hour_idx" on "ad_stats_hourly" ("hour");`);

    this.addSql(`alter table "ad_campaign_slot" add constraint "ad_campaign_slot_campaign_id_foreign" foreign key ("campaign_id") references "ad_campaign" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "ad_campaign_slot" add constraint "ad_campaign_slot_slot_id_foreign" foreign key ("slot_id") references "ad_slot" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "ad_campaign_category" add constraint "ad_campaign_category_campaign_id_foreign" foreign key ("campaign_id") references "ad_campaign" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "ad_campaign_category" add constraint "ad_campaign_category_category_id_foreign" foreign key ("category_id") references "category" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "ad_creative" add constraint "ad_creative_campaign_id_foreign" foreign key ("campaign_id") references "ad_campaign" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "ad_creative" add constraint "ad_creative_image_id_foreign" foreign key ("image_id") references "media" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "ad_stats_hourly" add constraint "ad_stats_hourly_creative_id_foreign" foreign key ("creative_id") references "ad_creative" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "ad_stats_hourly" add constraint "ad_stats_hourly_slot_id_foreign" foreign key ("slot_id") references "ad_slot" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "site" add column "ads_txt" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "ad_campaign_slot" drop constraint "ad_campaign_slot_campaign_id_foreign";`);

    this.addSql(`alter table "ad_campaign_category" drop constraint "ad_campaign_category_campaign_id_foreign";`);

    this.addSql(`alter table "ad_creative" drop constraint "ad_creative_campaign_id_foreign";`);

    this.addSql(`alter table "ad_campaign_slot" drop constraint "ad_campaign_slot_slot_id_foreign";`);

    this.addSql(`alter table "ad_stats_hourly" drop constraint "ad_stats_hourly_slot_id_foreign";`);

    this.addSql(`alter table "ad_stats_hourly" drop constraint "ad_stats_hourly_creative_id_foreign";`);

    this.addSql(`drop table if exists "ad_campaign" cascade;`);

    this.addSql(`drop table if exists "ad_slot" cascade;`);

    this.addSql(`drop table if exists "ad_campaign_slot" cascade;`);

    this.addSql(`drop table if exists "ad_campaign_category" cascade;`);

    this.addSql(`drop table if exists "ad_creative" cascade;`);

    this.addSql(`drop table if exists "ad_stats_hourly" cascade;`);

    this.addSql(`alter table "site" drop column "ads_txt";`);
  }

}
