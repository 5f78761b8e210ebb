import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the application (kysely site/docs/migrations.mdx). The grant ledger of the
// policy engine: caps and "once a year" are evaluated against the grants recorded here, imported from earlier
// ledgers or decided in jiuye. And the parameter-value files an administrator adds (a new document's values with
// citations and validity), applied over the seed ruleset in order.

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const timestamp = isPostgres ? 'timestamptz' : 'text';
  const date = isPostgres ? 'date' : 'text';
  const id = (col: ColumnDefinitionBuilder) =>
    isPostgres ? col.primaryKey().generatedAlwaysAsIdentity() : col.primaryKey().autoIncrement();

  await db.schema
    .createTable('policy_grant')
    .addColumn('id', 'integer', id)
    // person, employer, provider, station, incubator (the engine's subject kinds)
    .addColumn('subject_kind', 'text', (col) => col.notNull())
    // The claimant other than a person: USCC or the ledger's own code; null for a person subject.
    .addColumn('subject_id', 'text')
    // The labourer concerned: HMAC blind index of the ID number, so a grant matches the registry person without the
    // number in clear, whether the person was registered before or after the grant was imported.
    .addColumn('person_id_index', 'text')
    .addColumn('benefit_id', 'text', (col) => col.notNull())
    .addColumn('period_start', date, (col) => col.notNull())
    .addColumn('period_end', date)
    .addColumn('amount_fen', 'bigint', (col) => col.notNull())
    .addColumn('months', 'integer')
    .addColumn('decided_on', date, (col) => col.notNull())
    .addColumn('ruleset_version', 'text')
    // The decision document or ledger the grant comes from (文号, 台账名称 …).
    .addColumn('source', 'text')
    // import, decision
    .addColumn('origin', 'text', (col) => col.notNull())
    // Hash of what identifies the grant: a re-imported row is recognised and skipped.
    .addColumn('grant_key', 'text', (col) => col.notNull().unique())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('policy_grant_person_idx')
    .on('policy_grant')
    .column('person_id_index')
    .execute();
  await db.schema
    .createIndex('policy_grant_subject_idx')
    .on('policy_grant')
    .columns(['subject_kind', 'subject_id'])
    .execute();

  await db.schema
    .createTable('policy_value_file')
    .addColumn('id', 'integer', id)
    // The document the file adds (its id is unique across the seed documents and the added ones).
    .addColumn('document_id', 'text', (col) => col.unique())
    .addColumn('document_title', 'text')
    .addColumn('value_count', 'integer', (col) => col.notNull())
    // The file as given (JSON): re-applied in id order over the seed ruleset at start-up.
    .addColumn('content', 'text', (col) => col.notNull())
    .addColumn('content_sha256', 'text', (col) => col.notNull())
    // The ruleset version once this file was applied.
    .addColumn('ruleset_version', 'text', (col) => col.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('policy_value_file').execute();
  await db.schema.dropTable('policy_grant').execute();
}
