import type { PolicyCitationDto, PolicySubjectKind } from '@jiuye/contracts';

/** Display helpers shared by the policy pages: money in 元, validity, citations, Chinese labels. */

const YUAN = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 80000 fen → "800.00 元"; the API gives integer fen, shown with 2 decimals. */
export function formatFen(fen: number | null | undefined, unit = ' 元'): string {
  if (fen === null || fen === undefined) return '—';
  return `${YUAN.format(fen / 100)}${unit}`;
}

export function formatCount(value: number): string {
  return value.toLocaleString('zh-CN');
}

/** 2022-05-19 至 长期 / 2021-07-01 至 2025-12-31. */
export function formatValidity(validity: { from: string; to: string | null } | null | undefined): string {
  if (!validity) return '—';
  return `${validity.from} 至 ${validity.to ?? '长期'}`;
}

/** 《title》（文号）article clause. */
export function formatCitation(citation: PolicyCitationDto | null | undefined): string {
  if (!citation) return '—';
  const number = citation.documentNumber ? `（${citation.documentNumber}）` : '';
  return `《${citation.title}》${number}${citation.article}${citation.clause ?? ''}`;
}

/** 文号 when the document has one, else its title without the trailing （…印发） note. */
export function documentShortName(citation: PolicyCitationDto): string {
  return citation.documentNumber ?? `《${citation.title.replace(/（[^（）]*）$/u, '')}》`;
}

export const JURISDICTION_NAMES: Record<string, string> = {
  national: '全国',
  '14': '山西',
  '1409': '忻州',
  '1410': '临汾',
};

export const JURISDICTION_COLORS: Record<string, string> = {
  national: 'red',
  '14': 'volcano',
  '1409': 'blue',
  '1410': 'purple',
};

export function jurisdictionName(code: string | null | undefined): string {
  if (!code) return '—';
  return JURISDICTION_NAMES[code] ?? code;
}

export const SUBJECT_KIND_LABELS: Record<PolicySubjectKind, string> = {
  person: '劳动者',
  employer: '用人单位',
  provider: '培训机构/人力资源服务机构',
  station: '劳务输出服务站',
  incubator: '创业孵化基地',
};

export const BENEFIT_KIND_LABELS: Record<string, string> = {
  subsidy: '补贴',
  allowance: '补助',
  reward: '奖补',
  loan: '贷款',
  tax_relief: '税收优惠',
  support: '扶持',
  insurance: '保险',
};

export const OVERRIDE_LABELS: Record<string, string> = {
  replace: '取代上级',
  cap: '不高于上级',
  floor: '不低于上级',
};

export const UNIT_LABELS: Record<string, string> = {
  fen: '金额（元）',
  ratio: '比例',
  count: '次数/人数',
  days: '天数',
  months: '月数',
  fen_by_category: '按类别金额（元）',
};

export const AMOUNT_KIND_LABELS: Record<string, string> = {
  exact: '',
  up_to: '最高',
  loan_limit: '贷款额度最高',
  in_kind: '',
};

/** Who has to set a value the documents leave open, read from the note the seed gives it. */
export function whoMustSet(note: string | undefined, jurisdiction: string): string {
  if (note && /市级|市人力资源|市县/u.test(note)) return '待市级人社、财政部门制定后设定';
  if (note && /统计/u.test(note)) return '待管理员按统计部门公布的数据设定';
  if (jurisdiction === 'national' || jurisdiction === '14') return '按规定执行，待省级管理员设定';
  return '待本级管理员设定';
}

/** A parameter value as the engine holds it: fen, a count, a ratio or a category → fen mapping. */
export function formatParameterData(
  value: number | { numerator: number; denominator: number } | Record<string, number> | null,
  unit: string,
): string {
  if (value === null) return '未设定';
  if (typeof value === 'number') return unit === 'fen' ? formatFen(value) : String(value);
  if ('numerator' in value && 'denominator' in value && Object.keys(value).length === 2)
    return `${value.numerator}/${value.denominator}`;
  return Object.entries(value)
    .map(([category, fen]) => `${category}：${formatFen(fen)}`)
    .join('，');
}
