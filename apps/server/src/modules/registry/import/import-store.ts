import type { Database as SQLiteDatabase, Statement } from 'better-sqlite3';
import { CompiledQuery, sql, type Transaction } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Db } from '../../../db/database.ts';
import { dialectOf, openSqlite, toBoolean } from '../../../db/create-db.ts';
import type { NewLaborer } from '../registry.table.ts';
import {
  INSERTED_COLUMNS,
  LABORER_AT,
  laborerColumnsOf,
  SPELL_FIELDS,
  SPELL_START_MONTH,
  type ChunkRow,
  type HouseholdValues,
  type ValidChunkRow,
} from './chunk-row.ts';
import type { KeyRing } from '../../../lib/field-crypto.ts';
import { protectCells } from './import-retention.ts';
import { rowMessage } from './row-validator.ts';

/**
 * Writes one chunk of an import in one transaction, together with the job's resume point and counts, so a killed
 * run resumes exactly after the last committed chunk. SQLite: synchronous better-sqlite3 prepared statements on a
 * second connection to the same file (WAL); PostgreSQL: COPY into a temporary table, then INSERT … ON CONFLICT /
 * UPDATE … FROM in the same transaction.
 */

export type Outcome = 'create' | 'update' | 'skip' | 'reject';

export interface ChunkInput {
  jobId: number;
  rows: ChunkRow[];
  /** The resume point after this chunk: the first row of the file not in it or before it. */
  nextRow: number;
  dryRun: boolean;
  update: boolean;
  userId: number | null;
  username: string | null;
  today: string;
  isInScope: (regionCode: string) => boolean;
}

export interface ChunkCounts {
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
}

interface ExistingLaborer {
  id: number;
  regionCode: string;
  [column: string]: unknown;
}

/** Columns the import writes only when it creates a labourer: the identity, and what an update leaves as it is. */
const INSERT_ONLY_COLUMNS: ReadonlySet<(typeof INSERTED_COLUMNS)[number]> = new Set([
  'idNumberCipher',
  'idNumberIndex',
  'idNumberMasked',
  'idLast4',
  'bankAccountCipher',
  'bankAccountMasked',
  'disabilityCipher',
  'skills',
  'certificates',
  'intendedOccupationCode',
  'lastContactOn',
  'createdBy',
  'createdAt',
]);

/** Columns compared (and written) on update, with the laborer_change field name. */
const UPDATED_COLUMNS = INSERTED_COLUMNS.filter((column) => !INSERT_ONLY_COLUMNS.has(column));

/** Fields whose change goes into the history; phone by its index, shown masked. */
const HISTORY_FIELDS = UPDATED_COLUMNS.filter(
  (column) => !['nameInitials', 'phoneCipher', 'phoneMasked', 'updatedBy', 'updatedAt'].includes(column),
);
const BOOLEAN_COLUMNS = new Set(['isDisabled', 'isRelocated']);

const SPELL_COLUMNS = ['laborer_id', ...SPELL_FIELDS, 'created_at', 'updated_at'] as const;

const CHANGE_COLUMNS = [
  'laborer_id',
  'changed_at',
  'user_id',
  'username',
  'source',
  'field',
  'old_value',
  'new_value',
] as const;
const JOB_ROW_COLUMNS = ['job_id', 'row_number', 'outcome', 'messages', 'cells'] as const;

const snake = (name: string) => name.replace(/[A-Z]/gu, (letter) => `_${letter.toLowerCase()}`);

export { decodeCells, encodeCells } from './chunk-row.ts';

interface PlannedRow {
  rowNumber: number;
  outcome: Outcome;
  messages: string[];
  /** The cells (encodeCells) kept for a refused row. */
  cells: string | undefined;
  valid?: ValidChunkRow;
  existing?: ExistingLaborer;
}

/** Create, update, skip or reject, from what the database already holds (RuoYi 是否更新已经存在的数据). */
function plan(input: ChunkInput, existing: Map<string, ExistingLaborer>): PlannedRow[] {
  return input.rows.map((row) => {
    if (!row.ok)
      return { rowNumber: row.rowNumber, outcome: 'reject', messages: row.errors, cells: row.cells };
    const held = existing.get(row.idIndex);
    if (!held)
      return {
        rowNumber: row.rowNumber,
        outcome: 'create',
        messages: row.warnings,
        cells: undefined,
        valid: row,
      };
    if (!input.isInScope(held.regionCode)) {
      return {
        rowNumber: row.rowNumber,
        outcome: 'reject',
        messages: [
          rowMessage(
            row.rowNumber,
            undefined,
            '该证件号码已在您管辖范围外登记，不在您的管辖范围内；如需调入请提交转移申请',
          ),
        ],
        cells: row.cells,
      };
    }
    if (!input.update) {
      return {
        rowNumber: row.rowNumber,
        outcome: 'skip',
        messages: [rowMessage(row.rowNumber, undefined, '证件号码已登记，未选择更新已经存在的数据，跳过')],
        cells: undefined,
        valid: row,
      };
    }
    return {
      rowNumber: row.rowNumber,
      outcome: 'update',
      messages: row.warnings,
      cells: undefined,
      valid: row,
      existing: held,
    };
  });
}

function countsOf(planned: readonly PlannedRow[]): ChunkCounts {
  const counts = { created: 0, updated: 0, skipped: 0, rejected: 0 };
  for (const row of planned) {
    if (row.outcome === 'create') counts.created += 1;
    else if (row.outcome === 'update') counts.updated += 1;
    else if (row.outcome === 'skip') counts.skipped += 1;
    else counts.rejected += 1;
  }
  return counts;
}

/**
 * The outcome rows kept: all of them in a dry run (the row-by-row report); else rejected and warned rows. A refused
 * row's cells (ID number, phone, bank account as uploaded) are kept encrypted, as every stored sensitive value is:
 * the error workbook decrypts them to give the clerk the row as it came.
 */
function jobRowsOf(ring: KeyRing, input: ChunkInput, planned: readonly PlannedRow[]): unknown[][] {
  return planned
    .filter((row) => input.dryRun || row.outcome === 'reject' || row.messages.length > 0)
    .map((row) => [
      input.jobId,
      row.rowNumber,
      row.outcome,
      row.messages.length > 0 ? JSON.stringify(row.messages) : null,
      row.cells === undefined ? null : protectCells(ring, row.cells),
    ]);
}

const householdKey = (countyCode: string, householdNumber: string) => `${countyCode}|${householdNumber}`;

/** The chunk's households, once each (a member that names the head gives the household its head's name). */
function householdsOf(planned: readonly PlannedRow[]): HouseholdValues[] {
  const households = new Map<string, HouseholdValues>();
  for (const row of planned) {
    const household = row.valid?.household;
    if (!household || (row.outcome !== 'create' && row.outcome !== 'update')) continue;
    const key = householdKey(household[1], household[0]);
    const held = households.get(key);
    if (!held) households.set(key, [...household]);
    else if (!held[5] && household[5]) held[5] = household[5];
  }
  return [...households.values()];
}

interface Writes {
  /** Values of INSERTED_COLUMNS, complete. */
  inserts: Array<{ row: PlannedRow; values: unknown[] }>;
  updates: Array<{ row: PlannedRow; values: unknown[]; columns: NewLaborer; changes: unknown[][] }>;
}

function history(
  existing: ExistingLaborer,
  columns: NewLaborer,
  input: ChunkInput,
  now: string,
): unknown[][] {
  const changes: unknown[][] = [];
  for (const field of HISTORY_FIELDS) {
    let before = existing[field] ?? null;
    let after = (columns[field] as unknown) ?? null;
    if (BOOLEAN_COLUMNS.has(field)) {
      before = toBoolean(before);
      after = Boolean(after);
    }
    if (String(before ?? '') === String(after ?? '')) continue;
    if (field === 'phoneIndex') {
      changes.push([
        existing.id,
        now,
        input.userId,
        input.username,
        'import',
        'phone',
        existing.phoneMasked ?? null,
        columns.phoneMasked ?? null,
      ]);
      continue;
    }
    changes.push([
      existing.id,
      now,
      input.userId,
      input.username,
      'import',
      field,
      before === null ? null : String(before),
      after === null ? null : String(after),
    ]);
  }
  return changes;
}

function buildWrites(
  input: ChunkInput,
  planned: PlannedRow[],
  householdIds: Map<string, number>,
  now: string,
): Writes {
  const writes: Writes = { inserts: [], updates: [] };
  for (const row of planned) {
    if (!row.valid || (row.outcome !== 'create' && row.outcome !== 'update')) continue;
    const household = row.valid.household;
    const values = [...row.valid.laborer];
    values[LABORER_AT.householdId] = household
      ? (householdIds.get(householdKey(household[1], household[0])) ?? null)
      : null;
    values[LABORER_AT.createdAt] = now;
    values[LABORER_AT.updatedAt] = now;
    if (row.outcome === 'create') writes.inserts.push({ row, values });
    else {
      const columns = laborerColumnsOf(values);
      writes.updates.push({ row, values, columns, changes: history(row.existing!, columns, input, now) });
    }
  }
  return writes;
}

function spellValues(laborerId: number, fields: readonly unknown[], now: string): unknown[] {
  return [laborerId, ...fields, now, now];
}

export interface ChunkStore {
  commit(input: ChunkInput): Promise<ChunkCounts>;
  close(): Promise<void>;
}

export async function openChunkStore(db: Db, ring: KeyRing): Promise<ChunkStore> {
  return dialectOf(db) === 'sqlite' ? openSqliteStore(db, ring) : new PostgresStore(db, ring);
}

// ---------------------------------------------------------------------------------------------------------------
// SQLite

/** The file behind a Kysely SQLite handle, for a second connection of our own. */
async function sqliteFileOf(db: Db): Promise<string> {
  const { rows } = await sql<{
    file: string;
  }>`select file from pragma_database_list where name = 'main'`.execute(db);
  const file = rows[0]?.file;
  if (!file) throw new Error('the import needs a SQLite database file (not :memory:)');
  return file;
}

const sqliteValue = (value: unknown) => (typeof value === 'boolean' ? (value ? 1 : 0) : (value ?? null));

/** Rows per multi-row statement: 50 labourers of 39 columns stay far under SQLite's 32,766 parameters. */
const SQLITE_BATCH = 50;

/**
 * Runs `insert … values (…), (…) …` over many rows with two prepared statements, one for full batches and one
 * for the rest of a chunk, so each row costs its bound values and not a statement of its own (better-sqlite3 has
 * no array binding: this is the batching it leaves to the caller).
 */
function multiRowStatement(
  connection: SQLiteDatabase,
  head: string,
  width: number,
  tail: string,
  returns: boolean,
) {
  const text = (count: number) =>
    `${head} values ${Array.from({ length: count }, () => `(${Array.from({ length: width }, () => '?').join(', ')})`).join(', ')} ${tail}`;
  const full = connection.prepare(text(SQLITE_BATCH));
  const sized = new Map<number, Statement>();
  const statementFor = (count: number) => {
    if (count === SQLITE_BATCH) return full;
    let statement = sized.get(count);
    if (!statement) {
      statement = connection.prepare(text(count));
      sized.set(count, statement);
    }
    return statement;
  };
  return (rows: readonly unknown[][]): unknown[] => {
    const answers: unknown[] = [];
    for (let at = 0; at < rows.length; at += SQLITE_BATCH) {
      const part = rows.slice(at, at + SQLITE_BATCH);
      const values: unknown[] = [];
      for (const row of part) for (const value of row) values.push(sqliteValue(value));
      const statement = statementFor(part.length);
      if (returns) answers.push(...statement.all(...values));
      else statement.run(...values);
    }
    return answers;
  };
}

async function openSqliteStore(db: Db, ring: KeyRing): Promise<ChunkStore> {
  const connection = openSqlite(await sqliteFileOf(db));
  // The blind indexes (ID number, phone) are random keys: with SQLite's default 2 MB page cache, every insert into
  // those B-trees of a large ledger reads pages back from the file. 64 MB keeps most of their upper levels.
  connection.pragma('cache_size = -65536');
  // Checkpoint every 160 MB of WAL instead of 4 MB: each chunk dirties pages all over the B-trees of random keys
  // (blind indexes), and a page written by several chunks is copied back once (1M rows: 222 → 188 s, 207 → 181 s
  // CPU; a checkpoint every 40 MB cost the difference).
  connection.pragma('wal_autocheckpoint = 40000');
  const selected = ['id', 'id_number_index', 'region_code', 'phone_masked', ...HISTORY_FIELDS.map(snake)];
  // One query per chunk: the chunk's blind indexes as a JSON array.
  const findLaborers = connection.prepare(
    `select ${[...new Set(selected)].map((column) => `${column} as "${column.replace(/_([a-z0-9])/gu, (_, c: string) => c.toUpperCase())}"`).join(', ')}
     from laborer where id_number_index in (select value from json_each(?))`,
  );
  const upsertHouseholds = multiRowStatement(
    connection,
    'insert into household (household_number, county_code, region_code, household_type, monitoring_category, is_risk_eliminated, head_name, created_at, updated_at)',
    9,
    `on conflict (county_code, household_number) do update set head_name = coalesce(household.head_name, excluded.head_name)
     returning id, county_code as "countyCode", household_number as "householdNumber"`,
    true,
  );
  const insertLaborers = multiRowStatement(
    connection,
    `insert into laborer (${INSERTED_COLUMNS.map(snake).join(', ')})`,
    INSERTED_COLUMNS.length,
    'on conflict (id_number_index) do nothing returning id, id_number_index as "idNumberIndex"',
    true,
  );
  const updateLaborer = connection.prepare(
    `update laborer set ${UPDATED_COLUMNS.map((column) => `${snake(column)} = ?`).join(', ')} where id = ?`,
  );
  const deleteSpell = connection.prepare(
    'delete from employment_spell where laborer_id = ? and start_month = ?',
  );
  const insertSpells = multiRowStatement(
    connection,
    `insert into employment_spell (${SPELL_COLUMNS.join(', ')})`,
    SPELL_COLUMNS.length,
    '',
    false,
  );
  const insertChanges = multiRowStatement(
    connection,
    `insert into laborer_change (${CHANGE_COLUMNS.join(', ')})`,
    CHANGE_COLUMNS.length,
    '',
    false,
  );
  const insertJobRows = multiRowStatement(
    connection,
    `insert into import_job_row (${JOB_ROW_COLUMNS.join(', ')})`,
    JOB_ROW_COLUMNS.length,
    'on conflict (job_id, row_number) do update set outcome = excluded.outcome, messages = excluded.messages, cells = excluded.cells',
    false,
  );
  const advanceJob = connection.prepare(
    `update import_job set next_row = ?, created_count = created_count + ?, updated_count = updated_count + ?,
       skipped_count = skipped_count + ?, rejected_count = rejected_count + ?, updated_at = ? where id = ?`,
  );

  const run = (input: ChunkInput): ChunkCounts => {
    const now = new Date().toISOString();
    const existing = new Map<string, ExistingLaborer>();
    const indexes = [...new Set(input.rows.flatMap((row) => (row.ok ? [row.idIndex] : [])))];
    if (indexes.length > 0) {
      for (const found of findLaborers.all(JSON.stringify(indexes)) as Array<
        ExistingLaborer & { idNumberIndex: string }
      >)
        existing.set(found.idNumberIndex, found);
    }
    const planned = plan(input, existing);
    if (!input.dryRun) {
      const householdIds = new Map<string, number>();
      const households = upsertHouseholds(
        householdsOf(planned).map((household) => [...household.slice(0, 5), 0, household[5], now, now]),
      ) as Array<{ id: number; countyCode: string; householdNumber: string }>;
      for (const household of households)
        householdIds.set(householdKey(household.countyCode, household.householdNumber), household.id);
      const writes = buildWrites(input, planned, householdIds, now);
      const inserted = insertLaborers(writes.inserts.map(({ values }) => values)) as Array<{
        id: number;
        idNumberIndex: string;
      }>;
      const idOf = new Map(inserted.map((row) => [row.idNumberIndex, row.id]));
      const spells: unknown[][] = [];
      for (const { row } of writes.inserts) {
        const id = idOf.get(row.valid!.idIndex);
        if (id === undefined) {
          // Registered meanwhile by someone else: not ours to overwrite in this run.
          row.outcome = 'skip';
          continue;
        }
        for (const spell of row.valid!.spells) spells.push(spellValues(id, spell, now));
      }
      const changes: unknown[][] = [];
      for (const { row, columns, changes: changed } of writes.updates) {
        const id = row.existing!.id;
        updateLaborer.run(...UPDATED_COLUMNS.map((column) => sqliteValue(columns[column])), id);
        changes.push(...changed);
        for (const spell of row.valid!.spells) {
          deleteSpell.run(id, spell[SPELL_START_MONTH]);
          spells.push(spellValues(id, spell, now));
        }
      }
      insertSpells(spells);
      insertChanges(changes);
    }
    insertJobRows(jobRowsOf(ring, input, planned));
    const counts = countsOf(planned);
    advanceJob.run(
      input.nextRow,
      counts.created,
      counts.updated,
      counts.skipped,
      counts.rejected,
      now,
      input.jobId,
    );
    return counts;
  };
  const transaction = connection.transaction(run);
  return {
    commit: async (input) => transaction.immediate(input),
    close: async () => {
      // What the import left in the WAL goes back to the file now, not at some later request's checkpoint.
      connection.pragma('wal_checkpoint(PASSIVE)');
      connection.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL

const NEEDS_COPY_ESCAPE = /[\\\t\n\r]/u;

/** COPY … FROM STDIN text format: tab-separated, \N for null, backslash escapes. */
function copyText(rows: readonly unknown[][]): string {
  const escape = (value: unknown): string => {
    if (value === null || value === undefined) return '\\N';
    if (typeof value === 'boolean') return value ? 't' : 'f';
    const text = String(value);
    // Most values need no escape: one test instead of four replacements (a chunk is ~400,000 values).
    if (!NEEDS_COPY_ESCAPE.test(text)) return text;
    return text.replace(/\\/gu, '\\\\').replace(/\t/gu, '\\t').replace(/\n/gu, '\\n').replace(/\r/gu, '\\r');
  };
  return rows.map((row) => `${row.map(escape).join('\t')}\n`).join('');
}

/**
 * COPY rows into a table on the transaction's own connection. Kysely hands the query to pg's client.query, which
 * takes a submittable (pg-copy-streams) in place of SQL text; the stream is then fed and awaited.
 */
async function copyInto(
  trx: Transaction<Database>,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  const stream = copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`);
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  await trx.executeQuery({ ...CompiledQuery.raw(''), sql: stream as unknown as string });
  const text = copyText(rows);
  for (let at = 0; at < text.length; at += 1 << 20) stream.write(text.slice(at, at + (1 << 20)));
  stream.end();
  await done;
}

class PostgresStore implements ChunkStore {
  readonly #db: Db;
  readonly #ring: KeyRing;
  constructor(db: Db, ring: KeyRing) {
    this.#db = db;
    this.#ring = ring;
  }

  async commit(input: ChunkInput): Promise<ChunkCounts> {
    return this.#db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const indexes = [...new Set(input.rows.flatMap((row) => (row.ok ? [row.idIndex] : [])))];
      const existing = new Map<string, ExistingLaborer>();
      for (let at = 0; at < indexes.length; at += 5000) {
        const found = await trx
          .selectFrom('laborer')
          .select(['id', 'idNumberIndex', 'regionCode', 'phoneMasked', ...HISTORY_FIELDS])
          .where('idNumberIndex', 'in', indexes.slice(at, at + 5000))
          .forUpdate()
          .execute();
        for (const row of found) existing.set(row.idNumberIndex, row as unknown as ExistingLaborer);
      }
      const planned = plan(input, existing);
      if (!input.dryRun) await this.#write(trx, input, planned, now);
      await copyInto(trx, 'import_job_row', JOB_ROW_COLUMNS, jobRowsOf(this.#ring, input, planned));
      const counts = countsOf(planned);
      await trx
        .updateTable('importJob')
        .set((eb) => ({
          nextRow: input.nextRow,
          createdCount: eb('createdCount', '+', counts.created),
          updatedCount: eb('updatedCount', '+', counts.updated),
          skippedCount: eb('skippedCount', '+', counts.skipped),
          rejectedCount: eb('rejectedCount', '+', counts.rejected),
          updatedAt: now,
        }))
        .where('id', '=', input.jobId)
        .execute();
      return counts;
    });
  }

  async #write(
    trx: Transaction<Database>,
    input: ChunkInput,
    planned: PlannedRow[],
    now: string,
  ): Promise<void> {
    const householdIds = new Map<string, number>();
    const households = householdsOf(planned);
    for (let at = 0; at < households.length; at += 1000) {
      const rows = await trx
        .insertInto('household')
        .values(
          households
            .slice(at, at + 1000)
            .map(
              ([householdNumber, countyCode, regionCode, householdType, monitoringCategory, headName]) => ({
                householdNumber,
                countyCode,
                regionCode,
                householdType,
                monitoringCategory,
                isRiskEliminated: false,
                headName,
                createdAt: now,
                updatedAt: now,
              }),
            ),
        )
        .onConflict((oc) =>
          oc
            .columns(['countyCode', 'householdNumber'])
            .doUpdateSet({ headName: sql`coalesce(household.head_name, excluded.head_name)` }),
        )
        .returning(['id', 'countyCode', 'householdNumber'])
        .execute();
      for (const row of rows) householdIds.set(householdKey(row.countyCode, row.householdNumber), row.id);
    }
    const writes = buildWrites(input, planned, householdIds, now);
    if (writes.inserts.length === 0 && writes.updates.length === 0) return;

    const columns = INSERTED_COLUMNS.map(snake);
    await sql`create temp table import_laborer on commit drop as select ${sql.raw(columns.join(', '))} from laborer with no data`.execute(
      trx,
    );
    await sql`alter table import_laborer add column existing_id integer`.execute(trx);
    await copyInto(
      trx,
      'import_laborer',
      [...columns, 'existing_id'],
      [
        ...writes.inserts.map(({ values }) => [...values, null]),
        ...writes.updates.map(({ row, values }) => [...values, row.existing!.id]),
      ],
    );
    const inserted = await sql<{ id: number; idNumberIndex: string }>`
      insert into laborer (${sql.raw(columns.join(', '))})
      select ${sql.raw(columns.join(', '))} from import_laborer where existing_id is null
      on conflict (id_number_index) do nothing
      returning id, id_number_index`.execute(trx);
    if (writes.updates.length > 0) {
      const set = UPDATED_COLUMNS.map((column) => `${snake(column)} = t.${snake(column)}`).join(', ');
      await sql`update laborer l set ${sql.raw(set)} from import_laborer t where t.existing_id = l.id`.execute(
        trx,
      );
    }
    const idOf = new Map(inserted.rows.map((row) => [row.idNumberIndex, row.id]));
    const spells: unknown[][] = [];
    for (const { row } of writes.inserts) {
      const id = idOf.get(row.valid!.idIndex);
      if (id === undefined) {
        row.outcome = 'skip';
        continue;
      }
      for (const spell of row.valid!.spells) spells.push(spellValues(id, spell, now));
    }
    const replaced: Array<[number, string]> = [];
    for (const { row } of writes.updates) {
      for (const spell of row.valid!.spells) {
        replaced.push([row.existing!.id, spell[SPELL_START_MONTH] as string]);
        spells.push(spellValues(row.existing!.id, spell, now));
      }
    }
    for (let at = 0; at < replaced.length; at += 1000) {
      const part = replaced.slice(at, at + 1000);
      await trx
        .deleteFrom('employmentSpell')
        .where((eb) =>
          eb.or(part.map(([id, month]) => eb.and([eb('laborerId', '=', id), eb('startMonth', '=', month)]))),
        )
        .execute();
    }
    await copyInto(trx, 'employment_spell', SPELL_COLUMNS, spells);
    await copyInto(
      trx,
      'laborer_change',
      CHANGE_COLUMNS,
      writes.updates.flatMap((update) => update.changes),
    );
  }

  async close(): Promise<void> {}
}
