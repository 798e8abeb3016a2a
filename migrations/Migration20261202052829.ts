import { Migration } from '@mikro-orm/migrations';

export class Migration20261202052829 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "article_change" ("seq" bigserial primary key, "txid" bigint not null, "article_id" uuid not null, "kind" text not null, "at" timestamptz not null);`);
    this.addSql(`create index "article_change_feed_idx" on "article_change" ("txid", "seq");`);
    // The feed starts complete: every article already public is published once, oldest first.
    this.addSql(`insert into "article_change" ("txid", "article_id", "kind", "at") select pg_current_xact_id()::text::bigint, "id", 'PUBLISHED', "published_at" from "article" where "status" = 'PUBLISHED' and "published_at" <= now() and "deleted_at" is null and "embargoed_until" is null order by "published_at", "id";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "article_change" cascade;`);
  }

}
