import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the application (kysely site/docs/migrations.mdx).
//
// The keys the database's encrypted fields were written with (the key belongs to the data). One
// row per key id of every key ring that opened the database: a fingerprint (HMAC-SHA256 of a fixed label under the
// key, which reveals nothing about the key) and a check value (a known plaintext encrypted under that key), so a
// start with another key stops instead of writing under a key the old data does not share. `is_index_key` marks
// the key the blind index is derived from. No key material is stored here.
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('data_key')
    .addColumn('key_id', 'text', (col) => col.primaryKey())
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('check_value', 'text', (col) => col.notNull())
    .addColumn('is_index_key', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', isPostgres ? 'timestamptz' : 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('data_key').execute();
}
