import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { LaborerExportFilters } from '@jiuye/contracts';
import {
  chinaDate,
  EDUCATION,
  EMPLOYMENT_FORM,
  ETHNICITY,
  HEALTH,
  HOUSEHOLD_TYPE,
  isWithinScope,
  JOB_INTENTION,
  LABOR_CAPACITY,
  labelOf,
  RELATIONSHIP,
  SEX,
  TRAINING_WILLINGNESS,
  WORK_AREA,
  type Dictionary,
} from '@jiuye/domain';
import type { Db } from '../../../db/database.ts';
import { toBoolean } from '../../../db/create-db.ts';
import { decryptField, type KeyRing } from '../../../lib/field-crypto.ts';
import { EMPLOYMENT_STATUS_LABELS, type EmploymentStatus } from '../laborer.mapping.ts';
import { countLaborers, laborerIdsQuery, type LaborerFilter } from '../laborer.repository.ts';
import { laborerFilterOf } from '../laborer-read.service.ts';

/**
 * Export of a filtered labourer list to xlsx: streamed (ExcelJS WorkbookWriter, rows read in keyset-paginated
 * batches, so memory stays bounded at any size), ID numbers masked unless revealed, every text cell escaped against
 * formula injection.
 */

export const EXPORT_BATCH = 2000;

/** OWASP CSV-injection advice, applied to xlsx too (a sheet may be re-saved as csv): = + - @ tab CR lead with '. */
export function escapeFormula(value: string): string {
  return /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
}

/**
 * The labourers an export holds: the list's filter (laborerFilterOf, then laborer.repository.ts's branches), so
 * the export and the list select the same labourers, 务工所在地 in scope included (visibility).
 */
function exportFilter(query: LaborerExportFilters, scope: readonly string[]): LaborerFilter {
  return laborerFilterOf(query, scope, chinaDate(new Date()));
}

interface ExportColumn {
  header: string;
  width: number;
  value: (row: ExportRow, context: { reveal: boolean; ring: KeyRing }) => string | number | null;
}

type ExportRow = Record<string, unknown> & { id: number };

const coded = (dictionary: Dictionary, field: string) => (row: ExportRow) =>
  row[field] === null || row[field] === undefined ? null : labelOf(dictionary, String(row[field]));
const yesNo = (field: string) => (row: ExportRow) => (toBoolean(row[field]) ? '是' : '否');

const COLUMNS: ExportColumn[] = [
  { header: '区划代码', width: 15, value: (row) => row.regionCode as string },
  { header: '户籍地', width: 28, value: (row) => (row.regionName as string | null) ?? null },
  { header: '户编号', width: 16, value: (row) => (row.householdNumber as string | null) ?? null },
  { header: '户类型', width: 10, value: coded(HOUSEHOLD_TYPE, 'householdType') },
  { header: '姓名', width: 10, value: (row) => row.name as string },
  {
    header: '证件号码',
    width: 21,
    value: (row, { reveal, ring }) =>
      reveal ? decryptField(ring, row.idNumberCipher as string) : (row.idNumberMasked as string),
  },
  { header: '性别', width: 6, value: coded(SEX, 'sex') },
  { header: '出生日期', width: 12, value: (row) => row.birthDate as string },
  { header: '民族', width: 8, value: coded(ETHNICITY, 'ethnicity') },
  { header: '与户主关系', width: 10, value: coded(RELATIONSHIP, 'relationToHead') },
  { header: '联系电话', width: 14, value: (row) => (row.phoneMasked as string | null) ?? null },
  { header: '文化程度', width: 10, value: coded(EDUCATION, 'education') },
  { header: '健康状况', width: 10, value: coded(HEALTH, 'health') },
  { header: '劳动技能', width: 14, value: coded(LABOR_CAPACITY, 'laborCapacity') },
  { header: '培训意愿', width: 12, value: coded(TRAINING_WILLINGNESS, 'trainingWillingness') },
  { header: '就业意愿', width: 12, value: coded(JOB_INTENTION, 'jobIntention') },
  { header: '是否易地搬迁', width: 10, value: yesNo('isRelocated') },
  {
    header: '就业状态',
    width: 10,
    value: (row) =>
      EMPLOYMENT_STATUS_LABELS[row.employmentStatus as EmploymentStatus] ?? (row.employmentStatus as string),
  },
  { header: '务工地域', width: 10, value: coded(WORK_AREA, 'workArea') },
  { header: '务工所在地', width: 15, value: (row) => (row.workRegionCode as string | null) ?? null },
  { header: '就业形式', width: 10, value: coded(EMPLOYMENT_FORM, 'employmentForm') },
  { header: '就业单位名称', width: 24, value: (row) => (row.employerName as string | null) ?? null },
  { header: '开始年月', width: 10, value: (row) => (row.startMonth as string | null) ?? null },
  {
    header: '月收入(元)',
    width: 10,
    value: (row) =>
      row.monthlyIncomeFen === null || row.monthlyIncomeFen === undefined
        ? null
        : Number(row.monthlyIncomeFen) / 100,
  },
];

/** How many rows an export will hold (written to the operation log before the rows are sent). */
export async function countLaborersForExport(
  db: Db,
  query: LaborerExportFilters,
  scope: readonly string[],
): Promise<number> {
  return countLaborers(db, exportFilter(query, scope));
}

/**
 * The ids of the labourers whose full ID number a revealing export holds: those the filter selects whose 户籍地 is
 * in the scope (only the home region reveals; those only working in the scope stay masked). Read before the file is
 * written, so that the one sensitive-read row names each of them, and the export reveals no one else (a labourer
 * added meanwhile is exported masked).
 */
export async function listRevealedLaborerIds(
  db: Db,
  query: LaborerExportFilters,
  scope: readonly string[],
): Promise<number[]> {
  if (query.visibility === 'work') return [];
  const filter: LaborerFilter = { ...exportFilter(query, scope), visibility: 'home' };
  const ids: number[] = [];
  for (;;) {
    const batch = await laborerIdsQuery(db, filter, {
      keys: [],
      direction: 'asc',
      limit: REVEALED_ID_BATCH,
      afterId: ids.at(-1) ?? 0,
    }).execute();
    for (const row of batch) ids.push(Number(row.id));
    if (batch.length < REVEALED_ID_BATCH) return ids;
  }
}

const REVEALED_ID_BATCH = 20_000;

export interface ExportResult {
  rows: number;
}

/**
 * Writes the workbook to `output`. `scope` is the caller's view scope narrowed by the region filter; `revealIds`
 * (listRevealedLaborerIds) are the labourers whose full ID number is written, authorised and recorded by the caller
 * (permission + purpose + sensitive-read row); every other row is masked.
 */
export async function writeLaborerExport(
  db: Db,
  ring: KeyRing,
  input: { query: LaborerExportFilters; scope: readonly string[]; revealIds?: ReadonlySet<number> },
  output: Writable,
): Promise<ExportResult> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useSharedStrings: false,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet('劳动力台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((column) => ({ header: column.header, width: column.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const filter = exportFilter(input.query, input.scope);
  let after = 0;
  let count = 0;
  for (;;) {
    // Keyset batches in id order: the batch's ids first (the list's branches), then their rows.
    const ids = laborerIdsQuery(db, filter, {
      keys: [],
      direction: 'asc',
      limit: EXPORT_BATCH,
      afterId: after,
    });
    const batch = (await db
      .selectFrom(ids.as('matching'))
      .innerJoin('laborer as l', 'l.id', 'matching.id')
      .leftJoin('household as h', 'h.id', 'l.householdId')
      .leftJoin('region as r', 'r.code', 'l.regionCode')
      .leftJoin('employmentSpell as s', (join) =>
        join.onRef('s.laborerId', '=', 'l.id').on((eb) =>
          eb(
            's.id',
            '=',
            eb
              .selectFrom('employmentSpell as s2')
              .select((s2) => s2.fn.max('s2.id').as('id'))
              .whereRef('s2.laborerId', '=', 'l.id'),
          ),
        ),
      )
      .select([
        'l.id',
        'l.regionCode',
        'r.name as regionName',
        'h.householdNumber',
        'h.householdType',
        'l.name',
        'l.idNumberCipher',
        'l.idNumberMasked',
        'l.sex',
        'l.birthDate',
        'l.ethnicity',
        'l.relationToHead',
        'l.phoneMasked',
        'l.education',
        'l.health',
        'l.laborCapacity',
        'l.trainingWillingness',
        'l.jobIntention',
        'l.isRelocated',
        'l.employmentStatus',
        'l.workArea',
        'l.workRegionCode',
        's.employmentForm',
        's.employerName',
        's.startMonth',
        's.monthlyIncomeFen',
      ])
      .orderBy('matching.id')
      .execute()) as unknown as ExportRow[];
    if (batch.length === 0) break;
    for (const row of batch) {
      // Only the 户籍地 reveals (as in revealSensitiveField): a labourer who only works in the scope is exported
      // with the masked number, as the work region verifies employment with masked values. Only the labourers
      // the sensitive-read row names are revealed.
      const reveal =
        input.revealIds !== undefined &&
        input.revealIds.has(Number(row.id)) &&
        isWithinScope(row.regionCode as string, input.scope);
      const values = COLUMNS.map((column) => {
        const value = column.value(row, { reveal, ring });
        return typeof value === 'string' ? escapeFormula(value) : value;
      });
      sheet.addRow(values).commit();
      after = row.id;
      count += 1;
    }
    // Let the reply drain before the next batch (back-pressure keeps memory bounded).
    if (output.writableNeedDrain) await new Promise((resolve) => output.once('drain', resolve));
  }
  sheet.commit();
  await workbook.commit();
  return { rows: count };
}
