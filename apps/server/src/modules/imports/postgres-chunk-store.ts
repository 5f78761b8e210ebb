import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../db/database.ts';
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
  type ChunkInput,
  type ChunkStore,
  type ExistingLaborer,
  type PlannedRow,
} from './chunk-plan.ts';
import { advanceImportJob, copyJobRows } from './import-job.repository.ts';
import { copyInto } from './pg-copy.ts';

/**
 * The PostgreSQL chunk writer: in one transaction, the existing labourers locked, COPY into a temporary table,
 * then INSERT … ON CONFLICT / UPDATE … FROM, the spells, the history and the row report.
 */

export function openPostgresStore(db: Db, ring: KeyRing): ChunkStore {
  return {
    commit: async (input) =>
      db.transaction().execute(async (trx) => {
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
        if (!input.dryRun) await writeChunk(trx, input, planned, now);
        await copyJobRows(trx, jobRowsOf(ring, input, planned));
        const counts = countsOf(planned);
        await advanceImportJob(trx, input.jobId, input.nextRow, counts, now);
        return counts;
      }),
    close: async () => {},
  };
}

async function writeChunk(
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
          .map(([householdNumber, countyCode, regionCode, householdType, monitoringCategory, headName]) => ({
            householdNumber,
            countyCode,
            regionCode,
            householdType,
            monitoringCategory,
            isRiskEliminated: false,
            headName,
            createdAt: now,
            updatedAt: now,
          })),
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
