import { Migration } from '@mikro-orm/migrations';

// Articles get their own cover alt text and caption (one Media row can illustrate several articles);
// the importer records its changes as IMPORT revisions.

export class Migration20261201204322 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "article_revision" drop constraint if exists "article_revision_action_check";`);

    this.addSql(`alter table "article" add column "cover_alt" text null, add column "cover_caption" text null;`);

    this.addSql(`alter table "article_revision" add constraint "article_revision_action_check" check("action" in ('CREATE', 'UPDATE', 'SUBMIT', 'REQUEST_CHANGES', 'PUBLISH', 'SCHEDULE', 'UNPUBLISH', 'ARCHIVE', 'DELETE', 'RESTORE', 'REVERT', 'IMPORT'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "article_revision" drop constraint if exists "article_revision_action_check";`);

    this.addSql(`alter table "article" drop column "cover_alt", drop column "cover_caption";`);

    // The old check refuses IMPORT rows: going down forgets the importer's revisions.
    this.addSql(`delete from "article_revision" where "action" = 'IMPORT';`);
    this.addSql(`alter table "article_revision" add constraint "article_revision_action_check" check("action" in ('CREATE', 'UPDATE', 'SUBMIT', 'REQUEST_CHANGES', 'PUBLISH', 'SCHEDULE', 'UNPUBLISH', 'ARCHIVE', 'DELETE', 'RESTORE', 'REVERT'));`);
  }

}
