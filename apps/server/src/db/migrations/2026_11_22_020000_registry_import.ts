import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the application (kysely site/docs/migrations.mdx). Row outcomes of the
// ledger import: the dry-run report, the warnings, and the rejected rows as they came (for the error workbook).
// Written in the same transaction as the chunk they belong to.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_job_row')
    .addColumn('job_id', 'integer', (col) => col.notNull().references('import_job.id').onDelete('cascade'))
    .addColumn('row_number', 'integer', (col) => col.notNull())
    // header, create, update, skip, reject
    .addColumn('outcome', 'text', (col) => col.notNull())
    // JSON array of “第N行 列名：…” messages (errors of a rejected row, warnings otherwise)
    .addColumn('messages', 'text')
    // JSON array of the cells as read (rejected rows and the header only)
    .addColumn('cells', 'text')
    .addPrimaryKeyConstraint('import_job_row_pk', ['job_id', 'row_number'])
    .execute();
  await db.schema.alterTable('import_job').addColumn('message', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_job').dropColumn('message').execute();
  await db.schema.dropTable('import_job_row').execute();
}
