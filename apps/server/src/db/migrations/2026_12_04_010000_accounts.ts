import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the application (kysely site/docs/migrations.mdx).

/**
 * Failed logins counted per account and client address (login_lockout); the expiry of a one-time password
 * (app_user.password_expires_at); CSRF tokens stored hashed (session.csrf_token → csrf_token_hash). Sessions of
 * before cannot be given a hash of their clear token's successor, so they end here: users sign in again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const timestamp = isPostgres ? 'timestamptz' : 'text';

  await db.schema
    .createTable('login_lockout')
    .addColumn('username_key', 'text', (col) => col.notNull())
    .addColumn('ip', 'text', (col) => col.notNull())
    .addColumn('failed_count', 'integer', (col) => col.notNull())
    .addColumn('locked_until', timestamp)
    .addColumn('last_failed_at', timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('login_lockout_pk', ['username_key', 'ip'])
    .execute();
  await db.schema
    .createIndex('login_lockout_last_failed_idx')
    .on('login_lockout')
    .column('last_failed_at')
    .execute();

  await db.schema.alterTable('app_user').addColumn('password_expires_at', timestamp).execute();

  await db.deleteFrom('session').execute();
  await db.schema.alterTable('session').renameColumn('csrf_token', 'csrf_token_hash').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('session').execute();
  await db.schema.alterTable('session').renameColumn('csrf_token_hash', 'csrf_token').execute();
  await db.schema.alterTable('app_user').dropColumn('password_expires_at').execute();
  await db.schema.dropTable('login_lockout').execute();
}
