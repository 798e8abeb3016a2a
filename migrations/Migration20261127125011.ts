import { Migration } from '@mikro-orm/migrations';

export class Migration20261127125011 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "article_slug" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "slug" text not null, "article_id" uuid not null, constraint "article_slug_pkey" primary key ("id"));`);
    this.addSql(`alter table "article_slug" add constraint "article_slug_slug_unique" unique ("slug");`);
    this.addSql(`create index "article_slug_article_id_index" on "article_slug" ("article_id");`);

    this.addSql(`create table "article_revision" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "article_id" uuid not null, "actor_id" uuid null, "action" text check ("action" in ('CREATE', 'UPDATE', 'SUBMIT', 'REQUEST_CHANGES', 'PUBLISH', 'SCHEDULE', 'UNPUBLISH', 'ARCHIVE', 'DELETE', 'RESTORE', 'REVERT')) not null, "changed_fields" text[] not null, "snapshot" jsonb not null, "version" int not null, "note" text null, constraint "article_revision_pkey" primary key ("id"));`);
    this.addSql(`alter table "article_revision" add constraint "article_revision_article_id_version_unique" unique ("article_id", "version");`);

    this.addSql(`alter table "article_slug" add constraint "article_slug_article_id_foreign" foreign key ("article_id") references "article" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "article_revision" add constraint "article_revision_article_id_foreign" foreign key ("article_id") references "article" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "article_revision" add constraint "article_revision_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "article" add column "review_note" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "article_slug" cascade;`);

    this.addSql(`drop table if exists "article_revision" cascade;`);

    this.addSql(`alter table "article" drop column "review_note";`);
  }

}
