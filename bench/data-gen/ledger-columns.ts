/**
 * The columns of the synthetic ledger (实名制台账) in the order a county's spreadsheet has them: Chinese headers as
 * the import reads them, coded columns as labels of packages/domain's dictionaries. The 12-digit 区划代码 makes
 * each row's village unambiguous where names repeat (every county has a 东关村).
 */

export type LedgerColumnKey =
  | 'serial'
  | 'city'
  | 'county'
  | 'township'
  | 'village'
  | 'regionCode'
  | 'householdNumber'
  | 'householdType'
  | 'monitoringCategory'
  | 'riskType'
  | 'isRiskEliminated'
  | 'name'
  | 'idNumber'
  | 'sex'
  | 'birthDate'
  | 'ethnicity'
  | 'relationToHead'
  | 'phone'
  | 'education'
  | 'health'
  | 'laborCapacity'
  | 'trainingWillingness'
  | 'jobIntention'
  | 'serviceNeeds'
  | 'isEmployed'
  | 'employmentForm'
  | 'workArea'
  | 'workRegionCode'
  | 'employerName'
  | 'channel'
  | 'startMonth'
  | 'monthlyIncome'
  | 'hasContract'
  | 'hasSocialInsurance';

/** One ledger row: every value as the spreadsheet shows it ('' for an empty cell). */
export type LedgerRow = Record<LedgerColumnKey, string>;

export interface LedgerColumn {
  readonly key: LedgerColumnKey;
  readonly header: string;
  /** How an xlsx stores the cell: integers as numbers (as Excel would), everything else as text. */
  readonly type: 'text' | 'integer';
  /** Column width in the xlsx, in characters. */
  readonly width: number;
  /** Dictionary type of packages/domain whose label the column holds. */
  readonly dictionary?: string;
  readonly note?: string;
}

export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { key: 'serial', header: '序号', type: 'integer', width: 8 },
  { key: 'city', header: '市', type: 'text', width: 8 },
  { key: 'county', header: '县(市、区)', type: 'text', width: 10 },
  { key: 'township', header: '乡(镇)', type: 'text', width: 10 },
  { key: 'village', header: '行政村', type: 'text', width: 12 },
  {
    key: 'regionCode',
    header: '区划代码',
    type: 'text',
    width: 14,
    note: '12-digit 统计用区划代码 of the village',
  },
  {
    key: 'householdNumber',
    header: '户编号',
    type: 'text',
    width: 16,
    note: 'county code (6) + serial (8), unique within the county',
  },
  { key: 'householdType', header: '户类型', type: 'text', width: 8, dictionary: 'household_type' },
  {
    key: 'monitoringCategory',
    header: '监测对象类别',
    type: 'text',
    width: 14,
    dictionary: 'monitoring_category',
  },
  { key: 'riskType', header: '风险类型', type: 'text', width: 14, note: 'monitored households only' },
  {
    key: 'isRiskEliminated',
    header: '风险是否消除',
    type: 'text',
    width: 8,
    note: '是/否, monitored households',
  },
  { key: 'name', header: '姓名', type: 'text', width: 8 },
  { key: 'idNumber', header: '证件号码', type: 'text', width: 20, note: 'GB 11643, unique across the file' },
  { key: 'sex', header: '性别', type: 'text', width: 6, dictionary: 'sex' },
  { key: 'birthDate', header: '出生日期', type: 'text', width: 12, note: 'YYYY-MM-DD, as in the ID number' },
  { key: 'ethnicity', header: '民族', type: 'text', width: 8, dictionary: 'ethnicity' },
  { key: 'relationToHead', header: '与户主关系', type: 'text', width: 10, dictionary: 'relationship' },
  {
    key: 'phone',
    header: '联系电话',
    type: 'text',
    width: 13,
    note: 'mobile; ~10% blank, ~5% shared by households',
  },
  { key: 'education', header: '文化程度', type: 'text', width: 10, dictionary: 'education' },
  { key: 'health', header: '健康状况', type: 'text', width: 10, dictionary: 'health' },
  { key: 'laborCapacity', header: '劳动技能', type: 'text', width: 14, dictionary: 'labor_capacity' },
  {
    key: 'trainingWillingness',
    header: '培训意愿',
    type: 'text',
    width: 10,
    dictionary: 'training_willingness',
  },
  {
    key: 'jobIntention',
    header: '就业意愿',
    type: 'text',
    width: 12,
    dictionary: 'job_intention',
    note: 'people not in work',
  },
  {
    key: 'serviceNeeds',
    header: '就业服务需求',
    type: 'text',
    width: 16,
    dictionary: 'service_need',
    note: 'labels joined by 、',
  },
  { key: 'isEmployed', header: '是否务工', type: 'text', width: 8, note: '是/否' },
  { key: 'employmentForm', header: '就业形式', type: 'text', width: 10, dictionary: 'employment_form' },
  { key: 'workArea', header: '务工地域', type: 'text', width: 10, dictionary: 'work_area' },
  {
    key: 'workRegionCode',
    header: '务工所在地',
    type: 'text',
    width: 14,
    note: '12-digit region code: township for 乡镇内/县内乡外, county otherwise',
  },
  { key: 'employerName', header: '就业单位名称', type: 'text', width: 28 },
  { key: 'channel', header: '就业渠道', type: 'text', width: 14, dictionary: 'employment_channel' },
  { key: 'startMonth', header: '开始年月', type: 'text', width: 10, note: 'YYYY-MM' },
  { key: 'monthlyIncome', header: '月收入(元)', type: 'integer', width: 10, note: 'whole yuan' },
  { key: 'hasContract', header: '签订合同', type: 'text', width: 8, note: '是/否' },
  { key: 'hasSocialInsurance', header: '参加社保', type: 'text', width: 8, note: '是/否' },
];

export const LEDGER_HEADERS: readonly string[] = LEDGER_COLUMNS.map((column) => column.header);

/** The row keyed by its Chinese headers, as a spreadsheet reader returns it. */
export function ledgerRowToRecord(row: LedgerRow): Record<string, string> {
  const record: Record<string, string> = {};
  for (const column of LEDGER_COLUMNS) record[column.header] = row[column.key];
  return record;
}

/** The row's values in column order. */
export function ledgerRowValues(row: LedgerRow): string[] {
  return LEDGER_COLUMNS.map((column) => row[column.key]);
}
