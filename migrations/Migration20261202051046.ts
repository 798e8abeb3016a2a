import { Migration } from '@mikro-orm/migrations';

export class Migration20261202051046 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "article" add column "embargoed_until" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "article" drop column "embargoed_until";`);
  }

}
