import { Migration } from '@mikro-orm/migrations';

export class Migration20261127123929 extends Migration {

  override async up(): Promise<void> {
    // Accent-insensitive search: unaccent is not IMMUTABLE, so indexes use this pinned wrapper.
    this.addSql(`create extension if not exists unaccent;`);
    this.addSql(`create or replace function bulletin_unaccent(text) returns text language sql immutable parallel safe strict as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$;`);

    this.addSql(`create table "category" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" text not null, "slug" text not null, "description" text null, "parent_id" uuid null, "position" int not null default 0, constraint "category_pkey" primary key ("id"));`);
    this.addSql(`alter table "category" add constraint "category_slug_unique" unique ("slug");`);
    this.addSql(`create index "category_parent_id_index" on "category" ("parent_id");`);

    this.addSql(`create table "media" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "storage_key" text not null, "original_name" text null, "mime_type" text not null, "bytes" int not null, "width" int null, "height" int null, "sha256" text not null, "alt" text null, "caption" text null, constraint "media_pkey" primary key ("id"));`);
    this.addSql(`alter table "media" add constraint "media_storage_key_unique" unique ("storage_key");`);
    this.addSql(`alter table "media" add constraint "media_sha256_unique" unique ("sha256");`);

    this.addSql(`create table "site" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" text not null, "tagline" text null, "banner_image_id" uuid null, constraint "site_pkey" primary key ("id"));`);

    this.addSql(`create table "users" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "email" text not null, "display_name" text not null, "slug" text not null, "role" text check ("role" in ('ADMIN', 'EDITOR', 'AUTHOR')) not null default 'AUTHOR', "password_hash" text not null, "active" boolean not null default true, constraint "users_pkey" primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
    this.addSql(`alter table "users" add constraint "users_slug_unique" unique ("slug");`);
    this.addSql(`create index "users_role_index" on "users" ("role");`);

    this.addSql(`create table "article" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "title" text not null, "slug" text not null, "excerpt" text not null default '', "body" text not null default '', "body_text" text not null default '', "word_count" int not null default 0, "status" text check ("status" in ('DRAFT', 'IN_REVIEW', 'SCHEDULED', 'PUBLISHED', 'ARCHIVED')) not null default 'DRAFT', "published_at" timestamptz null, "category_id" uuid not null, "author_id" uuid not null, "cover_image_id" uuid null, "tags" text[] not null, "version" int not null default 1, "view_count" int not null default 0, "deleted_at" timestamptz null, constraint "article_pkey" primary key ("id"));`);
    this.addSql(`alter table "article" add constraint "article_slug_unique" unique ("slug");`);
    this.addSql(`create index "article_category_id_index" on "article" ("category_id");`);
    this.addSql(`create index "article_author_id_index" on "article" ("author_id");`);
    this.addSql(`create index "article_deleted_at_index" on "article" ("deleted_at");`);
    this.addSql(`create index "article_tags_idx" on "article" using gin (tags);`);
    this.addSql(`create index "article_search_idx" on "article" using gin (to_tsvector('simple'::regconfig, bulletin_unaccent(title || ' ' || excerpt || ' ' || body_text)));`);
    this.addSql(`create index "article_public_feed_idx" on "article" ("published_at" desc, "id" desc) where status = 'PUBLISHED' and deleted_at is null;`);

    this.addSql(`alter table "category" add constraint "category_parent_id_foreign" foreign key ("parent_id") references "category" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "site" add constraint "site_banner_image_id_foreign" foreign key ("banner_image_id") references "media" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "article" add constraint "article_category_id_foreign" foreign key ("category_id") references "category" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "article" add constraint "article_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "article" add constraint "article_cover_image_id_foreign" foreign key ("cover_image_id") references "media" ("id") on update cascade on delete set null;`);
  }

}
