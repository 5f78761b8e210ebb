import type { EmploymentSpellInput } from '@jiuye/domain';
import type { KeyRing } from '../../lib/field-crypto.ts';
import { toLaborerColumns } from '../registry/laborer.mapping.ts';
import type { NewLaborer } from '../registry/registry.table.ts';
import type { CellValue } from '../files/file-reader.ts';
import type { ValidRow } from './row-validator.ts';

/**
 * A row of the ledger as the import worker hands it to the thread that writes (import-store.ts): database values in
 * flat arrays, already encrypted and indexed, and the row's cells as one JSON text. Flat arrays of plain values are
 * several times cheaper to copy between threads than the validator's objects (V8's serializer writes every property
 * name of every object), and the writing thread — the import's busier one — no longer encrypts, computes pinyin
 * initials or maps fields to columns (measured: both threads share the work about equally).
 */
export type ChunkRow = RejectedChunkRow | ValidChunkRow;

export interface RejectedChunkRow {
  ok: false;
  rowNumber: number;
  /** The cells as they came (encodeCells), for the error workbook. */
  cells: string;
  errors: string[];
}

export interface ValidChunkRow {
  ok: true;
  rowNumber: number;
  /** Needed only if the row is refused when written (held outside the scope, an unknown work place). */
  cells: string;
  warnings: string[];
  /** Blind index of the ID number (its only key when written). */
  idIndex: string;
  /** Values of INSERTED_COLUMNS; householdId, createdAt and updatedAt are set when the chunk is written. */
  laborer: unknown[];
  household: HouseholdValues | null;
  /** Values of SPELL_FIELDS, one array a spell. */
  spells: unknown[][];
}

/** 户编号, county, village, 户类型, 监测对象类别, head's name. */
export type HouseholdValues = [string, string, string, string, string | null, string | null];

export const INSERTED_COLUMNS = [
  'householdId',
  'regionCode',
  'name',
  'nameInitials',
  'idNumberCipher',
  'idNumberIndex',
  'idNumberMasked',
  'idLast4',
  'sex',
  'birthDate',
  'ethnicity',
  'relationToHead',
  'phoneCipher',
  'phoneIndex',
  'phoneMasked',
  'bankAccountCipher',
  'bankAccountMasked',
  'education',
  'health',
  'isDisabled',
  'disabilityCipher',
  'laborCapacity',
  'skills',
  'certificates',
  'trainingWillingness',
  'jobIntention',
  'intendedOccupationCode',
  'intendedWorkArea',
  'intendedMonthlyWage',
  'serviceNeeds',
  'isRelocated',
  'employmentStatus',
  'workArea',
  'workRegionCode',
  'lastContactOn',
  'createdBy',
  'updatedBy',
  'createdAt',
  'updatedAt',
] as const satisfies ReadonlyArray<keyof NewLaborer>;

export const LABORER_AT = Object.fromEntries(INSERTED_COLUMNS.map((column, index) => [column, index])) as {
  [Column in (typeof INSERTED_COLUMNS)[number]]: number;
};

/** The spell's own columns, in the order of employment_spell after laborer_id. */
export const SPELL_FIELDS = [
  'start_month',
  'end_month',
  'employment_form',
  'work_area',
  'work_region_code',
  'employer_name',
  'industry',
  'channel',
  'monthly_income_fen',
  'is_organized_transport',
  'has_transport_subsidy',
  'has_contract',
  'has_social_insurance',
] as const;
export const SPELL_START_MONTH = 0;
export const SPELL_WORK_REGION = 4;

/** Cells as JSON, dates marked so the error workbook writes them back as dates. */
export function encodeCells(cells: readonly CellValue[]): string {
  // A csv row has no Date: it is written as it is, without a copy (every row of an import is encoded).
  if (!cells.some((cell) => cell instanceof Date)) return JSON.stringify(cells);
  return JSON.stringify(cells.map((cell) => (cell instanceof Date ? { date: cell.toISOString() } : cell)));
}

export function decodeCells(text: string | null): CellValue[] {
  if (!text) return [];
  return (JSON.parse(text) as unknown[]).map((cell) =>
    cell && typeof cell === 'object' && 'date' in cell
      ? new Date((cell as { date: string }).date)
      : (cell as CellValue),
  );
}

function spellFields(spell: EmploymentSpellInput): unknown[] {
  return [
    spell.startMonth.slice(0, 7),
    spell.endMonth ? spell.endMonth.slice(0, 7) : null,
    spell.employmentForm,
    spell.workArea,
    spell.workRegionCode,
    spell.employerName ?? null,
    spell.industry ?? null,
    spell.channel ?? null,
    spell.monthlyIncomeFen ?? null,
    Boolean(spell.isOrganizedTransport),
    Boolean(spell.hasTransportSubsidy),
    Boolean(spell.hasContract),
    Boolean(spell.hasSocialInsurance),
  ];
}

/** A valid row as it is sent: protected, indexed and mapped (laborer.mapping.ts, as for the form and the API). */
export function validChunkRow(
  ring: KeyRing,
  row: ValidRow,
  idIndex: string,
  context: { today: string; userId: number | null },
): ValidChunkRow {
  const columns = toLaborerColumns(ring, row.laborer, {
    today: context.today,
    now: '',
    userId: context.userId,
    householdId: null,
    idNumberIndex: idIndex,
  });
  const household = row.household;
  return {
    ok: true,
    rowNumber: row.rowNumber,
    cells: encodeCells(row.cells),
    warnings: row.warnings,
    idIndex,
    laborer: INSERTED_COLUMNS.map((column) => columns[column] ?? null),
    household: household
      ? [
          household.householdNumber,
          household.countyCode,
          household.regionCode,
          household.householdType,
          household.monitoringCategory,
          household.headName,
        ]
      : null,
    spells: row.laborer.spells.map(spellFields),
  };
}

/** The named columns of a sent row (for an update: its changes are compared field by field). */
export function laborerColumnsOf(values: readonly unknown[]): NewLaborer {
  return Object.fromEntries(INSERTED_COLUMNS.map((column, index) => [column, values[index]])) as NewLaborer;
}
