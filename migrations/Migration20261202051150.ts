import { Migration } from '@mikro-orm/migrations';

export class Migration20261202051150 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "article" add column "search_document" tsvector generated always as (to_tsvector('simple'::regconfig, bulletin_unaccent(title || ' ' || excerpt || ' ' || body_text))) stored null;`);
    // The schema diff compares indexes by name: the search index moves to the stored column here.
    this.addSql(`drop index "article_search_idx";`);
    this.addSql(`create index "article_search_idx" on "article" using gin ("search_document");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "article_search_idx";`);
    this.addSql(`alter table "article" drop column "search_document";`);
    this.addSql(`create index "article_search_idx" on "article" using gin (to_tsvector('simple'::regconfig, bulletin_unaccent(title || ' ' || excerpt || ' ' || body_text)));`);
  }

}
