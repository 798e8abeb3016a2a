import { Migration } from '@mikro-orm/migrations';

export class Migration20261127132457 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "article_views_daily" ("article_id" uuid not null, "day" date not null, "views" int not null default 0, constraint "article_views_daily_pkey" primary key ("article_id", "day"));`);
    this.addSql(`create index "article_views_daily_day_article_idx" on "article_views_daily" ("day", "article_id");`);

    this.addSql(`alter table "article_views_daily" add constraint "article_views_daily_article_id_foreign" foreign key ("article_id") references "article" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "article_views_daily" cascade;`);
  }

}
