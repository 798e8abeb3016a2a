import { Migration } from '@mikro-orm/migrations';

export class Migration20261202060014 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "article_revision" drop constraint if exists "article_revision_action_check";`);

    this.addSql(`create index "article_embargo_idx" on "article" ("embargoed_until") where embargoed_until is not null;`);

    this.addSql(`alter table "article_revision" add constraint "article_revision_action_check" check("action" in ('CREATE', 'UPDATE', 'SUBMIT', 'REQUEST_CHANGES', 'PUBLISH', 'SCHEDULE', 'UNPUBLISH', 'ARCHIVE', 'DELETE', 'RESTORE', 'REVERT', 'LIFT_EMBARGO', 'IMPORT'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "article_revision" drop constraint if exists "article_revision_action_check";`);

    this.addSql(`drop index "article_embargo_idx";`);

    this.addSql(`alter table "article_revision" add constraint "article_revision_action_check" check("action" in ('CREATE', 'UPDATE', 'SUBMIT', 'REQUEST_CHANGES', 'PUBLISH', 'SCHEDULE', 'UNPUBLISH', 'ARCHIVE', 'DELETE', 'RESTORE', 'REVERT', 'IMPORT'));`);
  }

}
