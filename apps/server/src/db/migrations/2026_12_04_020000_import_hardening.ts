import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the application (kysely site/docs/migrations.mdx).
//
// Import job rows are kept for a time, then deleted: rows_purged_at records when a job's row
// report and uploaded file went, so its error workbook can answer 410 instead of an empty workbook. The purge looks
// jobs up by their last activity (updated_at).
//
// Rows of rejected cells written in clear before this version are encrypted at the first start of the server (it
// holds the data key; a migration does not): import-retention.ts protectClearRows.

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable('import_job')
    .addColumn('rows_purged_at', isPostgres ? 'timestamptz' : 'text')
    .execute();
  await db.schema.createIndex('import_job_updated_at_idx').on('import_job').column('updated_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('import_job_updated_at_idx').execute();
  await db.schema.alterTable('import_job').dropColumn('rows_purged_at').execute();
}
