import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the application (kysely site/docs/migrations.mdx).
// The real-name registry (实名制台账): 晋政办发〔2017〕29号（八）, 临政办发〔2017〕52号 (2), 人社部发〔2016〕119号（一）;
// fields after the 119号 text, the 防返贫 system's exports and public ledger systems.

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const timestamp = isPostgres ? 'timestamptz' : 'text';
  const date = isPostgres ? 'date' : 'text';
  const id = (col: ColumnDefinitionBuilder) =>
    isPostgres ? col.primaryKey().generatedAlwaysAsIdentity() : col.primaryKey().autoIncrement();

  // 字典 (RuoYi-style code lists): store the code, show the label, keep the era (lists changed in 2016/2021).
  await db.schema
    .createTable('dictionary_item')
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('label', 'text', (col) => col.notNull())
    .addColumn('sort', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('era_from', date)
    .addColumn('era_to', date)
    .addColumn('aliases', 'text')
    .addPrimaryKeyConstraint('dictionary_item_pk', ['type', 'code'])
    .execute();

  // 国家职业分类大典 (2022): levels 1 大类 … 4 职业; L/S flags split off the names.
  await db.schema
    .createTable('occupation')
    .addColumn('code', 'text', (col) => col.primaryKey())
    .addColumn('level', 'smallint', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('parent_code', 'text')
    .addColumn('is_green', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('is_digital', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('definition', 'text')
    .execute();
  await db.schema.createIndex('occupation_parent_idx').on('occupation').column('parent_code').execute();

  await db.schema
    .createTable('household')
    .addColumn('id', 'integer', id)
    .addColumn('household_number', 'text', (col) => col.notNull())
    .addColumn('county_code', 'char(6)', (col) => col.notNull())
    .addColumn('region_code', 'char(12)', (col) => col.notNull().references('region.code'))
    .addColumn('household_type', 'text', (col) => col.notNull())
    .addColumn('monitoring_category', 'text')
    .addColumn('risk_type', 'text')
    .addColumn('is_risk_eliminated', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('risk_eliminated_on', date)
    .addColumn('head_name', 'text')
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .addColumn('updated_at', timestamp, (col) => col.notNull())
    .addUniqueConstraint('household_number_unique', ['county_code', 'household_number'])
    .execute();
  await db.schema.createIndex('household_region_idx').on('household').column('region_code').execute();

  await db.schema
    .createTable('laborer')
    .addColumn('id', 'integer', id)
    .addColumn('household_id', 'integer', (col) => col.references('household.id'))
    .addColumn('region_code', 'char(12)', (col) => col.notNull().references('region.code'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('name_initials', 'text', (col) => col.notNull())
    // 证件号码: AES-256-GCM ciphertext, HMAC blind index (unique), and the masked form for lists.
    .addColumn('id_number_cipher', 'text', (col) => col.notNull())
    .addColumn('id_number_index', 'text', (col) => col.notNull().unique())
    .addColumn('id_number_masked', 'text', (col) => col.notNull())
    .addColumn('id_last4', 'char(4)', (col) => col.notNull())
    .addColumn('sex', 'text', (col) => col.notNull())
    .addColumn('birth_date', date, (col) => col.notNull())
    .addColumn('ethnicity', 'text')
    .addColumn('relation_to_head', 'text')
    .addColumn('phone_cipher', 'text')
    .addColumn('phone_index', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('bank_account_cipher', 'text')
    .addColumn('bank_account_masked', 'text')
    .addColumn('education', 'text')
    // Health and disability are sensitive data: the detail is encrypted, the coarse code filters lists.
    .addColumn('health', 'text')
    .addColumn('is_disabled', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('disability_cipher', 'text')
    .addColumn('labor_capacity', 'text', (col) => col.notNull())
    .addColumn('skills', 'text')
    .addColumn('certificates', 'text')
    .addColumn('training_willingness', 'text')
    .addColumn('job_intention', 'text')
    .addColumn('intended_occupation_code', 'text', (col) => col.references('occupation.code'))
    .addColumn('intended_work_area', 'text')
    .addColumn('intended_monthly_wage', 'integer')
    .addColumn('service_needs', 'text')
    .addColumn('is_relocated', 'boolean', (col) => col.notNull().defaultTo(false))
    // Derived from the employment spells (employment tracking builds on them).
    .addColumn('employment_status', 'text', (col) => col.notNull())
    .addColumn('work_area', 'text')
    .addColumn('work_region_code', 'char(12)')
    .addColumn('last_contact_on', date)
    .addColumn('created_by', 'integer')
    .addColumn('updated_by', 'integer')
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .addColumn('updated_at', timestamp, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('laborer_region_idx').on('laborer').column('region_code').execute();
  await db.schema.createIndex('laborer_work_region_idx').on('laborer').column('work_region_code').execute();
  await db.schema.createIndex('laborer_household_idx').on('laborer').column('household_id').execute();
  await db.schema.createIndex('laborer_initials_idx').on('laborer').column('name_initials').execute();
  await db.schema.createIndex('laborer_last4_idx').on('laborer').column('id_last4').execute();
  await db.schema.createIndex('laborer_phone_idx').on('laborer').column('phone_index').execute();

  // 就业情况 as dated spells: 就业形式, 务工地域, 务工所在地, 就业单位, 行业, 渠道, 开始/结束年月, 月收入 …
  await db.schema
    .createTable('employment_spell')
    .addColumn('id', 'integer', id)
    .addColumn('laborer_id', 'integer', (col) => col.notNull().references('laborer.id').onDelete('cascade'))
    .addColumn('start_month', 'char(7)', (col) => col.notNull())
    .addColumn('end_month', 'char(7)')
    .addColumn('employment_form', 'text', (col) => col.notNull())
    .addColumn('work_area', 'text', (col) => col.notNull())
    .addColumn('work_region_code', 'char(12)', (col) => col.notNull())
    .addColumn('employer_name', 'text')
    .addColumn('industry', 'text')
    .addColumn('channel', 'text')
    .addColumn('monthly_income_fen', 'integer')
    .addColumn('is_organized_transport', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('has_transport_subsidy', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('has_contract', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('has_social_insurance', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .addColumn('updated_at', timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('employment_spell_laborer_idx')
    .on('employment_spell')
    .column('laborer_id')
    .execute();

  // Change history: who changed which field from what to what, when (sensitive values stored masked).
  await db.schema
    .createTable('laborer_change')
    .addColumn('id', 'integer', id)
    .addColumn('laborer_id', 'integer', (col) => col.notNull().references('laborer.id').onDelete('cascade'))
    .addColumn('changed_at', timestamp, (col) => col.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('username', 'text')
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('field', 'text', (col) => col.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .execute();
  await db.schema
    .createIndex('laborer_change_laborer_idx')
    .on('laborer_change')
    .column('laborer_id')
    .execute();

  // One ID number exists once: registering it elsewhere opens a transfer the holding region accepts or refuses.
  await db.schema
    .createTable('transfer_request')
    .addColumn('id', 'integer', id)
    .addColumn('laborer_id', 'integer', (col) => col.notNull().references('laborer.id').onDelete('cascade'))
    .addColumn('from_region_code', 'char(12)', (col) => col.notNull())
    .addColumn('to_region_code', 'char(12)', (col) => col.notNull())
    .addColumn('reason', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('requested_by', 'integer', (col) => col.notNull())
    .addColumn('requested_at', timestamp, (col) => col.notNull())
    .addColumn('decided_by', 'integer')
    .addColumn('decided_at', timestamp)
    .addColumn('decision_note', 'text')
    .execute();
  // The pending request of a labourer, and the requests a region receives.
  await db.schema
    .createIndex('transfer_request_laborer_idx')
    .on('transfer_request')
    .columns(['laborer_id', 'status'])
    .execute();
  await db.schema
    .createIndex('transfer_request_to_region_idx')
    .on('transfer_request')
    .column('to_region_code')
    .execute();

  // Imports: the resume point is written in the same transaction as each chunk.
  await db.schema
    .createTable('import_job')
    .addColumn('id', 'integer', id)
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('file_sha256', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('options', 'text')
    .addColumn('total_rows', 'integer')
    .addColumn('next_row', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('updated_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('skipped_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('rejected_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('user_id', 'integer')
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .addColumn('updated_at', timestamp, (col) => col.notNull())
    .addColumn('finished_at', timestamp)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'import_job',
    'transfer_request',
    'laborer_change',
    'employment_spell',
    'laborer',
    'household',
    'occupation',
    'dictionary_item',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
