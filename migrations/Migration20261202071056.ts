import { Migration } from '@mikro-orm/migrations';

export class Migration20261202071056 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "article_category_feed_idx" on "article" ("category_id", "published_at" desc, "id" desc) where status = 'PUBLISHED' and deleted_at is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "article_category_feed_idx";`);
  }

}
