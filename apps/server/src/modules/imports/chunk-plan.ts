import type { KeyRing } from '../../lib/field-crypto.ts';
import { toBoolean } from '../../db/create-db.ts';
import type { NewLaborer } from '../registry/registry.table.ts';
import {
  INSERTED_COLUMNS,
  LABORER_AT,
  laborerColumnsOf,
  SPELL_FIELDS,
  type ChunkRow,
  type HouseholdValues,
  type ValidChunkRow,
} from './chunk-row.ts';
import type { ImportCounts } from './import-job.repository.ts';
import { protectCells } from './import-retention.ts';
import { rowMessage } from './row-validator.ts';

/**
 * What a chunk does, worked out the same way for both dialects before any write: each row's outcome from what the
 * database holds, the rows of the report, the households, the labourers' values and the history of an update.
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

/** What a chunk did: the job's counts grow by these. */
export type ChunkCounts = ImportCounts;

/** Writes chunks of one job (import-store.ts opens the dialect's). */
export interface ChunkStore {
  commit(input: ChunkInput): Promise<ChunkCounts>;
  close(): Promise<void>;
}

export interface ExistingLaborer {
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
export const UPDATED_COLUMNS = INSERTED_COLUMNS.filter((column) => !INSERT_ONLY_COLUMNS.has(column));

/** Fields whose change goes into the history; phone by its index, shown masked. */
export const HISTORY_FIELDS = UPDATED_COLUMNS.filter(
  (column) => !['nameInitials', 'phoneCipher', 'phoneMasked', 'updatedBy', 'updatedAt'].includes(column),
);
export const BOOLEAN_COLUMNS = new Set(['isDisabled', 'isRelocated']);

export const SPELL_COLUMNS = ['laborer_id', ...SPELL_FIELDS, 'created_at', 'updated_at'] as const;

export const CHANGE_COLUMNS = [
  'laborer_id',
  'changed_at',
  'user_id',
  'username',
  'source',
  'field',
  'old_value',
  'new_value',
] as const;

export const snake = (name: string) => name.replace(/[A-Z]/gu, (letter) => `_${letter.toLowerCase()}`);

export interface PlannedRow {
  rowNumber: number;
  outcome: Outcome;
  messages: string[];
  /** The cells (encodeCells) kept for a refused row. */
  cells: string | undefined;
  valid?: ValidChunkRow;
  existing?: ExistingLaborer;
}

/** Create, update, skip or reject, from what the database already holds (RuoYi 是否更新已经存在的数据). */
export function plan(input: ChunkInput, existing: Map<string, ExistingLaborer>): PlannedRow[] {
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

export function countsOf(planned: readonly PlannedRow[]): ChunkCounts {
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
export function jobRowsOf(ring: KeyRing, input: ChunkInput, planned: readonly PlannedRow[]): unknown[][] {
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

export const householdKey = (countyCode: string, householdNumber: string) =>
  `${countyCode}|${householdNumber}`;

/** The chunk's households, once each (a member that names the head gives the household its head's name). */
export function householdsOf(planned: readonly PlannedRow[]): HouseholdValues[] {
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

export interface Writes {
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

export function buildWrites(
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

export function spellValues(laborerId: number, fields: readonly unknown[], now: string): unknown[] {
  return [laborerId, ...fields, now, now];
}
