import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { openSqlite } from '../../db/create-db.ts';
import type { KeyRing } from '../../lib/field-crypto.ts';
import { INSERTED_COLUMNS, SPELL_START_MONTH } from './chunk-row.ts';
import {
  buildWrites,
  CHANGE_COLUMNS,
  countsOf,
  HISTORY_FIELDS,
  householdKey,
  householdsOf,
  jobRowsOf,
  plan,
  snake,
  SPELL_COLUMNS,
  spellValues,
  UPDATED_COLUMNS,
  type ChunkCounts,
  type ChunkInput,
  type ChunkStore,
  type ExistingLaborer,
} from './chunk-plan.ts';
import { prepareSqliteJobStatements } from './import-job.repository.ts';
import { multiRowStatement, sqliteValue } from './sqlite-batch.ts';

/**
 * The SQLite chunk writer: synchronous better-sqlite3 prepared statements on a second connection to the same file
 * (WAL), each chunk one immediate transaction.
 */

/** The file behind a Kysely SQLite handle, for a second connection of our own. */
async function sqliteFileOf(db: Db): Promise<string> {
  const { rows } = await sql<{
    file: string;
  }>`select file from pragma_database_list where name = 'main'`.execute(db);
  const file = rows[0]?.file;
  if (!file) throw new Error('the import needs a SQLite database file (not :memory:)');
  return file;
}

export async function openSqliteStore(db: Db, ring: KeyRing): Promise<ChunkStore> {
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
  const job = prepareSqliteJobStatements(connection);

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
    job.insertRows(jobRowsOf(ring, input, planned));
    const counts = countsOf(planned);
    job.advance(input.jobId, input.nextRow, counts, now);
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
