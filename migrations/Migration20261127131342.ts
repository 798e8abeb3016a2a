import { Migration } from '@mikro-orm/migrations';

export class Migration20261127131342 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "media" add column "upload_sha256" text null, add column "uploaded_by_id" uuid null;`);
    this.addSql(`alter table "media" add constraint "media_uploaded_by_id_foreign" foreign key ("uploaded_by_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "media" add constraint "media_upload_sha256_unique" unique ("upload_sha256");`);
    this.addSql(`create index "media_uploaded_by_id_index" on "media" ("uploaded_by_id");`);
    this.addSql(`create index "media_created_at_id_index" on "media" ("created_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "media" drop constraint "media_uploaded_by_id_foreign";`);

    this.addSql(`alter table "media" drop constraint "media_upload_sha256_unique";`);
    this.addSql(`drop index "media_uploaded_by_id_index";`);
    this.addSql(`drop index "media_created_at_id_index";`);
    this.addSql(`alter table "media" drop column "upload_sha256", drop column "uploaded_by_id";`);
  }

}
