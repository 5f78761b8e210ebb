import {
  checkEmployerName,
  checkHouseholdNumber,
  checkIdentity,
  checkLaborer,
  checkName,
  checkSpellForm,
  checkSpellWorkArea,
  checkWorkRegion,
  completeWorkArea,
  FIELD_CODE_LISTS,
  isBlank,
  normalizeBoolean,
  normalizeDate,
  normalizeInteger,
  normalizeMoneyToFen,
  normalizeText,
  normalizeYearMonth,
  normalizeIdNumber,
  resolveCode,
  resolveCodeList,
  validateIdNumber,
  validatePhone,
  type Checked,
  type CodedField,
  type EmploymentSpellInput,
  type IdentityCheck,
  type LaborerInput,
  type Problem,
} from '@jiuye/domain';
import { COLUMN_BY_KEY, type ColumnKey } from './import-columns.ts';
import type { HeaderMap } from './import-header.ts';
import type { CellValue, SheetRow } from '../files/file-reader.ts';
import type { HomeRegionResolver, WorkRegionResolver } from './region-resolver.ts';

/**
 * One row of the ledger → a labourer, its household and its employment spell, or the reasons it is refused. Every
 * message names the row (as numbered in the file) and the column (as headed in the file): “第12行 证件号码：…”.
 */

export interface ImportedLaborer extends LaborerInput {
  name: string;
  idNumber: string;
  sex: string;
  birthDate: string;
}

export interface ImportedHousehold {
  householdNumber: string;
  countyCode: string;
  regionCode: string;
  householdType: string;
  monitoringCategory: string | null;
  headName: string | null;
}

export interface ValidRow {
  ok: true;
  rowNumber: number;
  cells: CellValue[];
  laborer: ImportedLaborer;
  household: ImportedHousehold | undefined;
  warnings: string[];
}

export interface RejectedRow {
  ok: false;
  rowNumber: number;
  cells: CellValue[];
  errors: string[];
  /** The normalised ID number when it was valid (for the in-file duplicate check). */
  idNumber?: string;
}

export type RowResult = ValidRow | RejectedRow;

export interface RowContext {
  today: string;
  header: HeaderMap;
  homeRegions: HomeRegionResolver;
  workRegions: WorkRegionResolver;
  /** A village code rows without a region go to (the job's region option). */
  defaultRegionCode: string | undefined;
}

// Field paths of the domain's problems → the column they are about.
const FIELD_COLUMNS: Record<string, ColumnKey> = {
  name: 'name',
  idNumber: 'idNumber',
  sex: 'sex',
  birthDate: 'birthDate',
  phone: 'phone',
  laborCapacity: 'laborCapacity',
  serviceNeeds: 'serviceNeeds',
  jobIntention: 'jobIntention',
  startMonth: 'startMonth',
  endMonth: 'endMonth',
  employmentForm: 'employmentForm',
  workArea: 'workArea',
  workRegionCode: 'workRegion',
  channel: 'channel',
  monthlyIncomeFen: 'monthlyIncome',
  hasTransportSubsidy: 'hasTransportSubsidy',
  isOrganizedTransport: 'isOrganizedTransport',
};

function columnOfField(field: string): ColumnKey | undefined {
  const last = field.split('.').at(-1) ?? field;
  return FIELD_COLUMNS[last] ?? (COLUMN_BY_KEY.has(last as ColumnKey) ? (last as ColumnKey) : undefined);
}

export function rowMessage(rowNumber: number, column: string | undefined, message: string): string {
  return column ? `第${rowNumber}行 ${column}：${message}` : `第${rowNumber}行：${message}`;
}

/** A cell as a ledger means it: text trimmed, full-width made half-width; numbers kept for dates. */
function textOf(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  return normalizeText(value);
}

/**
 * resolveCode of a dictionary column, remembered: a ledger repeats the same few words (汉族, 初中, 普通劳动力) in
 * every row, and the answer depends only on the column and the cell. Bounded, so a file of a million distinct
 * wrong values costs no more memory than 2,000 a column.
 */
const resolvedCodes = new Map<ColumnKey, Map<string, Checked<string>>>();
function resolveCodeOnce(key: ColumnKey, value: CellValue): Checked<string> {
  // The form checks its codes against the same lists (laborer-check.ts of packages/domain).
  const dictionary = FIELD_CODE_LISTS[key as CodedField];
  if (typeof value !== 'string') return resolveCode(value, dictionary, { field: key });
  // A map a column, not a key built from column and cell: no string is made for a look-up.
  let byCell = resolvedCodes.get(key);
  if (!byCell) resolvedCodes.set(key, (byCell = new Map()));
  let result = byCell.get(value);
  if (!result) {
    result = resolveCode(value, dictionary, { field: key });
    if (byCell.size >= 2_000) byCell.clear();
    byCell.set(value, result);
  }
  return result;
}

const LOST_DIGITS = Symbol('lost digits');
const WHITESPACE = /\s/gu;
// A message going on with 为/是 after the column's name reads whole (“劳动技能为…”).
const READS_WHOLE = /^[为是]/u;

/**
 * The 证件号码 cell as validateRow reads it. Numbers typed into a general cell come back as numbers and lose the
 * digits beyond 15.
 */
function idTextOf(raw: CellValue): string | typeof LOST_DIGITS {
  if (typeof raw === 'number' && !Number.isSafeInteger(raw)) return LOST_DIGITS;
  return normalizeIdNumber(textOf(raw));
}

/**
 * The ID number of a row that this thread does not validate (a row committed before a resume, or a chunk of
 * another lane): exactly the number validateRow would find in the cell, or undefined where it would find none. The
 * in-file duplicate check needs every row's number, in file order.
 */
export function idNumberOfCell(raw: CellValue, today: string): string | undefined {
  const text = idTextOf(raw);
  if (text === LOST_DIGITS) return undefined;
  const checked = validateIdNumber(text, { today });
  return checked.ok ? checked.value.idNumber : undefined;
}

export function validateRow(row: SheetRow, context: RowContext): RowResult {
  const { header } = context;
  const errors: string[] = [];
  const warnings: string[] = [];
  const columnName = (key: ColumnKey) => header.names.get(key) ?? COLUMN_BY_KEY.get(key)!.header;
  const cell = (key: ColumnKey): CellValue => {
    const index = header.indexOf.get(key);
    return index === undefined ? null : (row.cells[index] ?? null);
  };
  const text = (key: ColumnKey) => textOf(cell(key));
  const report = (
    key: ColumnKey | undefined,
    problem: { message: string; severity?: string } | undefined,
  ) => {
    if (!problem) return;
    const name = key ? columnName(key) : undefined;
    let message = problem.message;
    // “证件号码：证件号码校验位不正确” reads better as “证件号码：校验位不正确” (but “劳动技能为…” stays whole).
    const canonical = key ? COLUMN_BY_KEY.get(key)!.header : '';
    if (
      name &&
      canonical &&
      message.startsWith(canonical) &&
      !READS_WHOLE.test(message.slice(canonical.length))
    ) {
      message = message.slice(canonical.length) || message;
    }
    (problem.severity === 'warning' ? warnings : errors).push(rowMessage(row.rowNumber, name, message));
  };
  const take = <T>(key: ColumnKey, result: Checked<T>): T | undefined => {
    if (result.ok) {
      for (const warning of result.warnings) report(key, warning);
      return result.value;
    }
    for (const problem of result.problems) report(key, problem);
    return undefined;
  };
  /** An optional column: blank → null; else the normaliser's value or its problem. */
  const optional = <T>(key: ColumnKey, normalize: (value: CellValue) => Checked<T>): T | null | undefined => {
    const value = cell(key);
    if (isBlank(value)) return null;
    return take(key, normalize(value));
  };
  const coded = (key: ColumnKey) => optional(key, (value) => resolveCodeOnce(key, value));
  const yesNo = (key: ColumnKey) => optional(key, (value) => normalizeBoolean(value, { field: key }));

  // 姓名
  const name = text('name').replace(WHITESPACE, '');
  report('name', checkName(name));

  // 证件号码, 性别, 出生日期: sex and birth date follow from the ID number; entered values must agree. The cells'
  // own problems are reported between the number's and the disagreements, as they read left to right.
  const sexCell = cell('sex');
  const birthCell = cell('birthDate');
  const sexResult = isBlank(sexCell) ? undefined : resolveCodeOnce('sex', sexCell);
  const birthResult = isBlank(birthCell) ? undefined : normalizeDate(birthCell, { field: 'birthDate' });
  const idText = idTextOf(cell('idNumber'));
  let identity: IdentityCheck | undefined;
  if (idText === LOST_DIGITS) {
    report('idNumber', { message: '证件号码被保存为数字，已丢失末尾数字；请将该列设置为文本格式后重新填写' });
  } else {
    identity = checkIdentity(
      idText,
      { sex: sexResult?.ok ? sexResult.value : null, birthDate: birthResult?.ok ? birthResult.value : null },
      context.today,
    );
    if (!identity.id) for (const problem of identity.problems) report('idNumber', problem);
  }
  const idInfo = identity?.id;
  const idNumber = idInfo?.idNumber;
  if (sexResult) take('sex', sexResult);
  if (birthResult) take('birthDate', birthResult);
  if (identity?.id) {
    for (const problem of identity.problems) report(problem.field === 'sex' ? 'sex' : 'birthDate', problem);
  }

  // 户籍地
  let homeRegionCode: string | undefined;
  const codeText = text('regionCode');
  const county = text('county');
  const township = text('township');
  const village = text('village');
  if (codeText !== '') {
    const answer = context.homeRegions.byCode(codeText);
    if (answer.ok) homeRegionCode = answer.code;
    else report('regionCode', { message: answer.message });
  } else if (township !== '' || village !== '') {
    const answer = context.homeRegions.byNames(county, township, village);
    if (answer.ok) homeRegionCode = answer.code;
    else report(village !== '' ? 'village' : 'township', { message: answer.message });
  } else if (context.defaultRegionCode) {
    homeRegionCode = context.defaultRegionCode;
  } else {
    report(header.indexOf.has('regionCode') ? 'regionCode' : 'village', {
      message: '未填写户籍地（区划代码或乡镇、行政村）',
    });
  }

  // 户
  const householdNumber = text('householdNumber').replace(WHITESPACE, '');
  const householdType = coded('householdType');
  const monitoringCategory = coded('monitoringCategory');
  if (householdNumber !== '' && householdType === null)
    report('householdType', { message: '填写户编号时户类型不能为空' });
  report('householdNumber', checkHouseholdNumber(householdNumber));

  // 联系电话
  let phone: string | null = null;
  const phoneText = text('phone');
  if (phoneText !== '') {
    const result = validatePhone(phoneText, { field: 'phone' });
    if (result.ok) phone = result.value.normalized;
    else for (const problem of result.problems) report('phone', problem);
  }

  const ethnicity = coded('ethnicity');
  const relationToHead = coded('relationToHead');
  const education = coded('education');
  const health = coded('health');
  const isDisabled = yesNo('isDisabled');
  let laborCapacity = coded('laborCapacity');
  if (laborCapacity === null) {
    laborCapacity = 'full';
    warnings.push(rowMessage(row.rowNumber, columnName('laborCapacity'), '未填写，按“普通劳动力”登记'));
  }
  const trainingWillingness = coded('trainingWillingness');
  const jobIntention = coded('jobIntention');
  const serviceNeeds = optional('serviceNeeds', (value) =>
    resolveCodeList(value, FIELD_CODE_LISTS.serviceNeeds, { field: 'serviceNeeds' }),
  );
  const intendedWorkArea = coded('intendedWorkArea');
  const intendedMonthlyWage = optional('intendedMonthlyWage', (value) =>
    normalizeInteger(value, { field: 'intendedMonthlyWage' }),
  );
  const isRelocated = yesNo('isRelocated');

  // 就业信息 → one employment spell
  const spells: EmploymentSpellInput[] = [];
  const isEmployedCell = cell('isEmployed');
  const isEmployed = isBlank(isEmployedCell)
    ? undefined
    : take('isEmployed', normalizeBoolean(isEmployedCell, { field: 'isEmployed' }));
  const employmentKeys: ColumnKey[] = [
    'employmentForm',
    'workArea',
    'workRegion',
    'employerName',
    'startMonth',
    'monthlyIncome',
  ];
  const hasEmploymentData = employmentKeys.some((key) => !isBlank(cell(key)));
  if (isEmployed === false && hasEmploymentData) {
    warnings.push(rowMessage(row.rowNumber, columnName('isEmployed'), '为“否”，已忽略所填的就业信息'));
  } else if (
    isEmployed === true ||
    (isEmployed === undefined && hasEmploymentData && !isBlank(cell('startMonth')))
  ) {
    const startMonth = isBlank(cell('startMonth'))
      ? (report('startMonth', { message: '务工人员的开始年月不能为空' }), undefined)
      : take('startMonth', normalizeYearMonth(cell('startMonth'), { field: 'startMonth' }));
    const endMonth = optional('endMonth', (value) => normalizeYearMonth(value, { field: 'endMonth' }));
    const employmentForm = coded('employmentForm');
    if (employmentForm === null) report('employmentForm', checkSpellForm(employmentForm, 0));
    let workRegionCode: string | undefined;
    const workRegionText = text('workRegion');
    if (workRegionText === '') {
      report('workRegion', checkWorkRegion({ startMonth: '', workRegionCode: null }, 0)[0]);
    } else {
      const answer = context.workRegions.resolve(workRegionText);
      if (answer.ok) workRegionCode = answer.code;
      else report('workRegion', { message: answer.message });
    }
    let workArea = coded('workArea');
    if (workArea === null) {
      workArea = completeWorkArea(homeRegionCode, workRegionCode, null) ?? null;
      if (workArea === null) report('workArea', checkSpellWorkArea(homeRegionCode, workRegionCode, null, 0));
    }
    const monthlyIncomeFen = optional('monthlyIncome', (value) =>
      normalizeMoneyToFen(value, { field: 'monthlyIncome', rounding: 'half_up' }),
    );
    const employerName = text('employerName');
    report('employerName', checkEmployerName(employerName, 0));
    if (startMonth && employmentForm && workArea && workRegionCode) {
      spells.push({
        startMonth,
        endMonth: endMonth ?? null,
        employmentForm: employmentForm as EmploymentSpellInput['employmentForm'],
        workArea: workArea as EmploymentSpellInput['workArea'],
        workRegionCode,
        employerName: employerName === '' ? null : employerName,
        channel: (coded('channel') ?? null) as EmploymentSpellInput['channel'],
        monthlyIncomeFen: monthlyIncomeFen ?? null,
        isOrganizedTransport: yesNo('isOrganizedTransport') ?? false,
        hasTransportSubsidy: yesNo('hasTransportSubsidy') ?? false,
        hasContract: yesNo('hasContract') ?? false,
        hasSocialInsurance: yesNo('hasSocialInsurance') ?? false,
      });
    }
  }

  if (errors.length > 0 || !idNumber || !idInfo || !homeRegionCode || name === '') {
    return { ok: false, rowNumber: row.rowNumber, cells: row.cells, errors, idNumber };
  }

  const laborer: ImportedLaborer = {
    name,
    idNumber,
    sex: idInfo.sex,
    birthDate: idInfo.birthDate,
    homeRegionCode,
    householdNumber: householdNumber || null,
    householdType: (householdType ?? null) as LaborerInput['householdType'],
    monitoringCategory: (monitoringCategory ?? null) as LaborerInput['monitoringCategory'],
    ethnicity: ethnicity ?? null,
    relationToHead: relationToHead ?? null,
    phone,
    education: education ?? null,
    health: health ?? null,
    isDisabled: isDisabled ?? false,
    laborCapacity: laborCapacity as LaborerInput['laborCapacity'],
    trainingWillingness: (trainingWillingness ?? null) as LaborerInput['trainingWillingness'],
    jobIntention: (jobIntention ?? null) as LaborerInput['jobIntention'],
    serviceNeeds: (serviceNeeds ?? null) as LaborerInput['serviceNeeds'],
    intendedWorkArea: (intendedWorkArea ?? null) as LaborerInput['intendedWorkArea'],
    intendedMonthlyWage: intendedMonthlyWage ?? null,
    isRelocated: isRelocated ?? false,
    spells,
  };

  // The registry's data-quality rules (packages/domain): errors refuse the row, warnings travel with it.
  for (const problem of checkLaborer(laborer, { today: context.today }) as Problem[]) {
    report(columnOfField(problem.field), problem);
  }
  if (errors.length > 0) return { ok: false, rowNumber: row.rowNumber, cells: row.cells, errors, idNumber };

  const household: ImportedHousehold | undefined = householdNumber
    ? {
        householdNumber,
        countyCode: homeRegionCode.slice(0, 6),
        regionCode: homeRegionCode,
        householdType: householdType!,
        monitoringCategory: monitoringCategory ?? null,
        headName: relationToHead === '02' ? name : null,
      }
    : undefined;
  return { ok: true, rowNumber: row.rowNumber, cells: row.cells, laborer, household, warnings };
}
