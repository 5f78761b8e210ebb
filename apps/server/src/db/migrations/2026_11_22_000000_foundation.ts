import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the application (kysely site/docs/migrations.mdx).

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const timestamp = isPostgres ? 'timestamptz' : 'text';
  const id = (col: ColumnDefinitionBuilder) =>
    isPostgres ? col.primaryKey().generatedAlwaysAsIdentity() : col.primaryKey().autoIncrement();

  await db.schema
    .createTable('region')
    .addColumn('code', 'char(12)', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('level', 'smallint', (col) => col.notNull())
    .addColumn('parent_code', 'char(12)')
    .execute();
  await db.schema.createIndex('region_parent_code_idx').on('region').column('parent_code').execute();
  await db.schema.createIndex('region_name_idx').on('region').column('name').execute();

  await db.schema
    .createTable('organization')
    .addColumn('id', 'integer', id)
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('region_code', 'char(12)', (col) => col.notNull().references('region.code'))
    .addColumn('parent_id', 'integer', (col) => col.references('organization.id'))
    .addColumn('address', 'text')
    .addColumn('contact_person', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('service_area', 'text')
    .addColumn('is_active', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .addColumn('updated_at', timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('organization_region_code_idx')
    .on('organization')
    .column('region_code')
    .execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'integer', id)
    .addColumn('username', 'text', (col) => col.notNull().unique())
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('password_changed_at', timestamp, (col) => col.notNull())
    .addColumn('must_change_password', 'boolean', (col) => col.notNull())
    .addColumn('failed_login_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('locked_until', timestamp)
    .addColumn('organization_id', 'integer', (col) => col.references('organization.id'))
    .addColumn('phone', 'text')
    .addColumn('is_active', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('created_by', 'integer', (col) => col.references('app_user.id'))
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .addColumn('updated_at', timestamp, (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('user_role')
    .addColumn('user_id', 'integer', (col) => col.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('role', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('user_role_pk', ['user_id', 'role'])
    .execute();

  await db.schema
    .createTable('user_scope')
    .addColumn('user_id', 'integer', (col) => col.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('region_code', 'char(12)', (col) => col.notNull().references('region.code'))
    .addPrimaryKeyConstraint('user_scope_pk', ['user_id', 'kind', 'region_code'])
    .execute();

  await db.schema
    .createTable('password_history')
    .addColumn('id', 'integer', id)
    .addColumn('user_id', 'integer', (col) => col.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('password_history_user_idx').on('password_history').column('user_id').execute();

  await db.schema
    .createTable('session')
    .addColumn('id_hash', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (col) => col.notNull())
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .addColumn('last_seen_at', timestamp, (col) => col.notNull())
    .addColumn('expires_at', timestamp, (col) => col.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute();

  await db.schema
    .createTable('operation_log')
    .addColumn('id', 'integer', id)
    .addColumn('occurred_at', timestamp, (col) => col.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('username', 'text')
    .addColumn('roles', 'text')
    .addColumn('region_code', 'char(12)')
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('result', 'text', (col) => col.notNull())
    .addColumn('detail', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema
    .createIndex('operation_log_occurred_idx')
    .on('operation_log')
    .column('occurred_at')
    .execute();

  await db.schema
    .createTable('login_log')
    .addColumn('id', 'integer', id)
    .addColumn('occurred_at', timestamp, (col) => col.notNull())
    .addColumn('username', 'text', (col) => col.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('success', 'boolean', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('login_log_occurred_idx').on('login_log').column('occurred_at').execute();

  await db.schema
    .createTable('sensitive_read_log')
    .addColumn('id', 'integer', id)
    .addColumn('occurred_at', timestamp, (col) => col.notNull())
    .addColumn('user_id', 'integer', (col) => col.notNull())
    .addColumn('username', 'text', (col) => col.notNull())
    .addColumn('target_type', 'text', (col) => col.notNull())
    .addColumn('target_id', 'text', (col) => col.notNull())
    .addColumn('field', 'text', (col) => col.notNull())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('ip', 'text')
    .execute();
  await db.schema
    .createIndex('sensitive_read_log_occurred_idx')
    .on('sensitive_read_log')
    .column('occurred_at')
    .execute();

  // 等保 2.0 三级 8.1.4.3: audit records are protected from deletion and modification. The logs are append-only in
  // the database itself; only rows older than the 180-day retention period may be deleted (by `jiuye audit prune`).
  for (const table of ['operation_log', 'login_log', 'sensitive_read_log']) {
    if (isPostgres) {
      await sql
        .raw(
          `CREATE FUNCTION ${table}_guard() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
             IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'audit log ${table} is append-only'; END IF;
             IF OLD.occurred_at > now() - interval '180 days' THEN
               RAISE EXCEPTION 'audit log ${table} keeps records for 180 days';
             END IF;
             RETURN OLD;
           END $$`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER ${table}_guard BEFORE UPDATE OR DELETE ON ${table}
           FOR EACH ROW EXECUTE FUNCTION ${table}_guard()`,
        )
        .execute(db);
    } else {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
           BEGIN SELECT RAISE(ABORT, 'audit log ${table} is append-only'); END`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER ${table}_retention BEFORE DELETE ON ${table}
           WHEN old.occurred_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-180 days')
           BEGIN SELECT RAISE(ABORT, 'audit log ${table} keeps records for 180 days'); END`,
        )
        .execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'sensitive_read_log',
    'login_log',
    'operation_log',
    'session',
    'password_history',
    'user_scope',
    'user_role',
    'app_user',
    'organization',
    'region',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const table of ['operation_log', 'login_log', 'sensitive_read_log']) {
      await sql.raw(`DROP FUNCTION IF EXISTS ${table}_guard()`).execute(db);
    }
  }
}
