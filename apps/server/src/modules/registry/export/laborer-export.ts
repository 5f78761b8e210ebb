import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { LaborerExportQuery } from '@jiuye/contracts';
import {
  chinaDate,
  EDUCATION,
  EMPLOYMENT_FORM,
  ETHNICITY,
  HEALTH,
  HOUSEHOLD_TYPE,
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
import { regionRangeCondition } from '../registry-scope.ts';

/**
 * Export of a filtered labourer list to xlsx (issue 3, Export): streamed (ExcelJS WorkbookWriter, rows read in
 * keyset-paginated batches, so memory stays bounded at any size), ID numbers masked unless revealed, every text cell
 * escaped against formula injection (DESIGN.md §3).
 */

export const EXPORT_BATCH = 2000;

/** OWASP CSV-injection advice, applied to xlsx too (a sheet may be re-saved as csv): = + - @ tab CR lead with '. */
export function escapeFormula(value: string): string {
  return /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
}

/** The list filters the export applies (the same names as the list's query). */
function filterConditions(query: LaborerExportQuery, scope: readonly string[]): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [regionRangeCondition('l.region_code', scope)];
  const equal = (column: string, value: string | undefined) => {
    if (value !== undefined) conditions.push(sql<SqlBool>`${sql.ref(column)} = ${value}`);
  };
  equal('l.employment_status', query.employmentStatus);
  equal('l.labor_capacity', query.laborCapacity);
  equal('l.education', query.education);
  equal('l.health', query.health);
  equal('l.work_area', query.workArea);
  equal('l.training_willingness', query.trainingWillingness);
  equal('l.job_intention', query.jobIntention);
  equal('h.household_type', query.householdType);
  equal('h.monitoring_category', query.monitoringCategory);
  if (query.occupationCode) {
    conditions.push(
      sql<SqlBool>`l.intended_occupation_code like ${`${query.occupationCode.replace(/[\\%_]/gu, '\\$&')}%`} escape '\\'`,
    );
  }
  const today = chinaDate(new Date());
  const yearsAgo = (years: number) => `${Number(today.slice(0, 4)) - years}${today.slice(4)}`;
  if (query.ageMin !== undefined) conditions.push(sql<SqlBool>`l.birth_date <= ${yearsAgo(query.ageMin)}`);
  if (query.ageMax !== undefined) conditions.push(sql<SqlBool>`l.birth_date > ${yearsAgo(query.ageMax + 1)}`);
  if (query.noContactDays !== undefined) {
    const limit = new Date(Date.parse(`${today}T00:00:00Z`) - query.noContactDays * 86_400_000)
      .toISOString()
      .slice(0, 10);
    conditions.push(sql<SqlBool>`(l.last_contact_on is null or l.last_contact_on <= ${limit})`);
  }
  if (query.q) {
    const term = query.q.replace(/[\\%_]/gu, '\\$&');
    conditions.push(
      sql<SqlBool>`(l.name like ${`%${term}%`} escape '\\' or l.name_initials like ${`${term.toLowerCase()}%`} escape '\\' or l.id_last4 = ${query.q.toUpperCase()})`,
    );
  }
  return conditions;
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
  query: LaborerExportQuery,
  scope: readonly string[],
): Promise<number> {
  const conditions = filterConditions(query, scope);
  const row = await db
    .selectFrom('laborer as l')
    .leftJoin('household as h', 'h.id', 'l.householdId')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where((eb) => eb.and(conditions))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface ExportResult {
  rows: number;
}

/**
 * Writes the workbook to `output`. `scope` is the caller's view scope narrowed by the region filter; `reveal` has
 * been authorised by the caller (permission + purpose).
 */
export async function writeLaborerExport(
  db: Db,
  ring: KeyRing,
  input: { query: LaborerExportQuery; scope: readonly string[]; reveal: boolean },
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
  const conditions = filterConditions(input.query, input.scope);
  let after = 0;
  let count = 0;
  for (;;) {
    const batch = (await db
      .selectFrom('laborer as l')
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
      .where((eb) => eb.and([...conditions, eb('l.id', '>', after)]))
      .orderBy('l.id')
      .limit(EXPORT_BATCH)
      .execute()) as unknown as ExportRow[];
    if (batch.length === 0) break;
    for (const row of batch) {
      const values = COLUMNS.map((column) => {
        const value = column.value(row, { reveal: input.reveal, ring });
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
