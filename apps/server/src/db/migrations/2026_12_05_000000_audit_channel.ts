import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the application (kysely site/docs/migrations.mdx).
//
// An operation-log or sensitive-read row says how the actor came (web page, API client, command line) and, for a
// request, the id the server log gives it, so that one action can be followed from the log to the audit row.

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['operation_log', 'sensitive_read_log']) {
    await db.schema.alterTable(table).addColumn('channel', 'varchar(8)').execute();
    await db.schema.alterTable(table).addColumn('request_id', 'varchar(64)').execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['operation_log', 'sensitive_read_log']) {
    await db.schema.alterTable(table).dropColumn('request_id').execute();
    await db.schema.alterTable(table).dropColumn('channel').execute();
  }
}
