/**
 * Data-quality rules of the registry (after the public 防返贫监测信息系统 check rules), applied at entry and on
 * import. Errors block a record; warnings let it through once the user confirms them. Every rule returns its
 * problems with a stable code, the field path and a Chinese message; none throws.
 */
import {
  dayNumber,
  daysInMonth,
  isoDateFromDayNumber,
  parseIsoDate,
  parseIsoMonth,
} from '../identity/calendar.ts';
import { ageOn } from '../identity/id-number.ts';
import { maskPhone, validatePhone } from '../identity/phone.ts';
import type { Problem } from '../identity/problem.ts';
import { error, warning } from '../identity/problem.ts';
import { isRegionCode, regionLevel } from '../region/region-code.ts';
import type {
  EmploymentChannelCode,
  EmploymentFormCode,
  HouseholdTypeCode,
  JobIntentionCode,
  LaborCapacityCode,
  MonitoringCategoryCode,
  ServiceNeedCode,
  TrainingWillingnessCode,
  WorkAreaCode,
} from './dictionaries.ts';
import { labelOf, WORK_AREA } from './dictionaries.ts';

export type QualityProblemCode =
  | 'income_out_of_range'
  | 'work_region_missing'
  | 'work_region_invalid'
  | 'work_region_too_coarse'
  | 'work_area_mismatch'
  | 'channel_outside_county'
  | 'spell_date_invalid'
  | 'spell_end_before_start'
  | 'spells_overlap'
  | 'work_before_16'
  | 'transport_subsidy_within_county'
  | 'service_need_missing'
  | 'employed_without_capacity'
  | 'phone_shared_by_households';

/**
 * One dated employment spell (就业信息), the employment block of the ledger. Names follow the employment_spell
 * table; the month bounds may also carry a day ('YYYY-MM-DD') when it is known.
 */
export interface EmploymentSpellInput {
  /** 开始年月 'YYYY-MM' (or 'YYYY-MM-DD'). */
  readonly startMonth: string;
  /** 结束年月, same forms; absent or null while the spell lasts. */
  readonly endMonth?: string | null;
  readonly employmentForm?: EmploymentFormCode | null;
  /** 务工地域, relative to the labourer's home region. */
  readonly workArea?: WorkAreaCode | null;
  /** 务工所在地: 12-digit region code, at least to the county. */
  readonly workRegionCode?: string | null;
  readonly employerName?: string | null;
  /** 所属行业 (GB/T 4754 code). */
  readonly industry?: string | null;
  readonly channel?: EmploymentChannelCode | null;
  /** 月收入 in fen (money is integer fen everywhere). */
  readonly monthlyIncomeFen?: number | null;
  /** 是否点对点输送 */
  readonly isOrganizedTransport?: boolean | null;
  /** 享受一次性交通补贴 */
  readonly hasTransportSubsidy?: boolean | null;
  /** 签订劳动合同 */
  readonly hasContract?: boolean | null;
  /** 参加社会保险 */
  readonly hasSocialInsurance?: boolean | null;
}

/** A labourer of the ledger (实名制台账) with its fields; coded fields hold dictionary codes. */
export interface LaborerInput {
  readonly name?: string | null;
  /** 证件号码 (GB 11643), normalised. */
  readonly idNumber?: string | null;
  /** GB/T 2261.1 code, derived from the ID number. */
  readonly sex?: string | null;
  /** 'YYYY-MM-DD', derived from the ID number. */
  readonly birthDate?: string | null;
  /** 户编号 */
  readonly householdNumber?: string | null;
  readonly householdType?: HouseholdTypeCode | null;
  readonly monitoringCategory?: MonitoringCategoryCode | null;
  /** 户籍地: 12-digit region code of the village (the laborer table's region_code, the owning region). */
  readonly homeRegionCode: string;
  readonly ethnicity?: string | null;
  /** 与户主关系 (GB/T 4761 code) */
  readonly relationToHead?: string | null;
  readonly phone?: string | null;
  readonly education?: string | null;
  readonly health?: string | null;
  readonly isDisabled?: boolean | null;
  readonly laborCapacity?: LaborCapacityCode | null;
  /** 技能/职业: 2022 大典 occupation codes. */
  readonly skills?: readonly string[] | null;
  readonly certificates?: readonly string[] | null;
  readonly trainingWillingness?: TrainingWillingnessCode | null;
  readonly jobIntention?: JobIntentionCode | null;
  /** 意向职业 (大典 code), 意向地域, 意向月薪 (whole yuan, see normalizeYuan). */
  readonly intendedOccupationCode?: string | null;
  readonly intendedWorkArea?: WorkAreaCode | null;
  readonly intendedMonthlyWage?: number | null;
  readonly serviceNeeds?: readonly ServiceNeedCode[] | null;
  /** 易地扶贫搬迁 */
  readonly isRelocated?: boolean | null;
  readonly spells: readonly EmploymentSpellInput[];
}

const spellField = (index: number, field: keyof EmploymentSpellInput) => `spells[${index}].${field}`;
const spellName = (index: number) => `第${index + 1}段务工`;

function formatYuan(fen: number): string {
  return (fen / 100).toFixed(2).replace(/\.00$/u, '');
}

// ---------------------------------------------------------------------------------------------------------------
// Spell dates: a 'YYYY-MM' bound stands for any day of its month.

interface Bound {
  readonly earliest: number;
  readonly latest: number;
}

function readBound(text: string): Bound | undefined {
  const date = parseIsoDate(text);
  if (date) {
    const day = dayNumber(date.year, date.month, date.day);
    return { earliest: day, latest: day };
  }
  const month = parseIsoMonth(text);
  if (!month) return undefined;
  return {
    earliest: dayNumber(month.year, month.month, 1),
    latest: dayNumber(month.year, month.month, daysInMonth(month.year, month.month)),
  };
}

const OPEN: Bound = { earliest: Number.POSITIVE_INFINITY, latest: Number.POSITIVE_INFINITY };

interface SpellSpan {
  readonly start: Bound;
  readonly end: Bound;
}

function readSpan(spell: EmploymentSpellInput): SpellSpan | undefined {
  const start = readBound(spell.startMonth);
  const end = spell.endMonth ? readBound(spell.endMonth) : OPEN;
  return start && end ? { start, end } : undefined;
}

function describeSpan(spell: EmploymentSpellInput): string {
  return `${spell.startMonth}至${spell.endMonth ? spell.endMonth : '今'}`;
}

/** 开始/结束年月 must be 'YYYY-MM' or 'YYYY-MM-DD', and the end cannot come before the start. */
export function checkSpellDates(spells: readonly EmploymentSpellInput[]): Problem<QualityProblemCode>[] {
  const problems: Problem<QualityProblemCode>[] = [];
  spells.forEach((spell, index) => {
    for (const key of ['startMonth', 'endMonth'] as const) {
      const text = spell[key];
      if ((key === 'startMonth' || text) && !readBound(text ?? '')) {
        problems.push(
          error(
            'spell_date_invalid',
            spellField(index, key),
            `${spellName(index)}的${key === 'startMonth' ? '开始' : '结束'}年月「${text ?? ''}」无效，应为如2024-03`,
          ),
        );
      }
    }
    const span = readSpan(spell);
    if (span && span.end.latest < span.start.earliest) {
      problems.push(
        error(
          'spell_end_before_start',
          spellField(index, 'endMonth'),
          `${spellName(index)}的结束年月早于开始年月`,
        ),
      );
    }
  });
  return problems;
}

/**
 * 务工时间不能重叠: one person holds one spell at a time. A pair is flagged only when it overlaps on every reading
 * of its month-precision bounds, so a job change within a month (one spell ending in 2024-03, the next starting in
 * 2024-03) is allowed; one error per pair, naming both spells.
 */
export function checkSpellOverlaps(spells: readonly EmploymentSpellInput[]): Problem<QualityProblemCode>[] {
  const dated = spells.flatMap((spell, index) => {
    const span = readSpan(spell);
    return span ? [{ spell, index, span }] : [];
  });
  const problems: Problem<QualityProblemCode>[] = [];
  dated.forEach((later, position) => {
    for (const earlier of dated.slice(0, position)) {
      if (!overlapsCertainly(earlier.span, later.span)) continue;
      problems.push(
        error(
          'spells_overlap',
          spellField(later.index, 'startMonth'),
          `${spellName(earlier.index)}（${describeSpan(earlier.spell)}）与${spellName(later.index)}（${describeSpan(
            later.spell,
          )}）时间重叠`,
        ),
      );
    }
  });
  return problems;
}

// Two spans surely share a day when even the latest possible start of each (no later than its own latest end)
// is on or before the earliest possible end of the other (no earlier than its own earliest start).
function overlapsCertainly(a: SpellSpan, b: SpellSpan): boolean {
  const latestStartA = Math.min(a.start.latest, a.end.latest);
  const latestStartB = Math.min(b.start.latest, b.end.latest);
  const earliestEndA = Math.max(a.end.earliest, a.start.earliest);
  const earliestEndB = Math.max(b.end.earliest, b.start.earliest);
  return latestStartA <= earliestEndB && latestStartB <= earliestEndA;
}

/**
 * No work before 16 (劳动法 第十五条; 禁止使用童工规定 国务院令第364号 第二条: 不满16周岁的未成年人). A spell is
 * flagged when the labourer is under 16 even on the last day its start can mean (the month's end for 'YYYY-MM').
 */
export function checkMinimumWorkingAge(
  birthDate: string | null | undefined,
  spells: readonly EmploymentSpellInput[],
): Problem<QualityProblemCode>[] {
  if (!birthDate || !parseIsoDate(birthDate)) return [];
  const problems: Problem<QualityProblemCode>[] = [];
  spells.forEach((spell, index) => {
    const start = readBound(spell.startMonth);
    if (!start) return;
    if (ageOn(birthDate, isoDateFromDayNumber(start.latest)) < 16) {
      problems.push(
        error(
          'work_before_16',
          spellField(index, 'startMonth'),
          `${spellName(index)}开始于${spell.startMonth}，当时未满16周岁（出生日期${birthDate}）`,
        ),
      );
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Where the work is

/**
 * The 务工地域 values a work region allows, seen from the home region (统计用区划代码 prefixes: province 2, county 6,
 * township 9). A county-level work region in the home county leaves 乡镇内 and 县内乡外 both possible.
 */
export function possibleWorkAreas(homeRegionCode: string, workRegionCode: string): WorkAreaCode[] {
  if (homeRegionCode.slice(0, 2) !== workRegionCode.slice(0, 2)) return ['out_of_province'];
  if (homeRegionCode.slice(0, 6) !== workRegionCode.slice(0, 6)) return ['province'];
  if (regionLevel(workRegionCode) < 4 || regionLevel(homeRegionCode) < 4) return ['township', 'county'];
  return homeRegionCode.slice(0, 9) === workRegionCode.slice(0, 9) ? ['township'] : ['county'];
}

/**
 * 务工地域 left blank follows from 务工所在地 when the home region leaves one possibility: the form, the API and the
 * import complete a spell with it alike. Both codes must be valid, the work place at least a county
 * (checkWorkRegion); undefined when two areas remain (a county-level place in the home county).
 */
export function derivedWorkArea(homeRegionCode: string, workRegionCode: string): WorkAreaCode | undefined {
  const possible = possibleWorkAreas(homeRegionCode, workRegionCode);
  return possible.length === 1 ? possible[0] : undefined;
}

/** True when the spell is certainly outside the home county; undefined when neither area nor region tells. */
export function isOutsideHomeCounty(
  spell: EmploymentSpellInput,
  homeRegionCode: string,
): boolean | undefined {
  if (spell.workArea) return spell.workArea === 'province' || spell.workArea === 'out_of_province';
  if (spell.workRegionCode && isRegionCode(spell.workRegionCode) && regionLevel(spell.workRegionCode) >= 3) {
    return spell.workRegionCode.slice(0, 6) !== homeRegionCode.slice(0, 6);
  }
  return undefined;
}

/** 务工所在地至少到县: a valid 12-digit region code of level 3 (county) or below. */
export function checkWorkRegion(spell: EmploymentSpellInput, index: number): Problem<QualityProblemCode>[] {
  const field = spellField(index, 'workRegionCode');
  const code = spell.workRegionCode;
  if (!code) return [error('work_region_missing', field, `${spellName(index)}未填写务工所在地（至少到县）`)];
  if (!isRegionCode(code)) {
    return [
      error('work_region_invalid', field, `${spellName(index)}的务工所在地「${code}」不是有效的区划代码`),
    ];
  }
  if (regionLevel(code) < 3) {
    return [error('work_region_too_coarse', field, `${spellName(index)}的务工所在地至少填写到县（区、市）`)];
  }
  return [];
}

/** 务工地域 must agree with 务工所在地 as seen from the home region (an entered area the region rules out). */
export function checkWorkAreaMatchesRegion(
  spell: EmploymentSpellInput,
  index: number,
  homeRegionCode: string,
): Problem<QualityProblemCode>[] {
  const { workArea, workRegionCode } = spell;
  if (!workArea || !workRegionCode || !isRegionCode(workRegionCode) || regionLevel(workRegionCode) < 3) {
    return [];
  }
  if (!isRegionCode(homeRegionCode)) return [];
  const possible = possibleWorkAreas(homeRegionCode, workRegionCode);
  if (possible.includes(workArea)) return [];
  return [
    error(
      'work_area_mismatch',
      spellField(index, 'workArea'),
      `${spellName(index)}的务工地域「${labelOf(WORK_AREA, workArea)}」与务工所在地不符，按户籍地应为「${possible
        .map((area) => labelOf(WORK_AREA, area))
        .join('或')}」`,
    ),
  ];
}

const LOCAL_CHANNELS: readonly EmploymentChannelCode[] = ['welfare_post', 'assistance_workshop'];

/**
 * 乡村公益性岗位 and 就业帮扶车间 employ people where they live (seed 003 (十二) 乡村公益性岗位; (九) 就业帮扶车间
 * "就地就近就业"; seed 002 "就近上岗"): work outside the home county cannot come through either channel.
 */
export function checkChannelWithinCounty(
  spell: EmploymentSpellInput,
  index: number,
  homeRegionCode: string,
): Problem<QualityProblemCode>[] {
  if (!spell.channel || !LOCAL_CHANNELS.includes(spell.channel)) return [];
  if (isOutsideHomeCounty(spell, homeRegionCode) !== true) return [];
  const label = spell.channel === 'welfare_post' ? '公益性岗位' : '就业帮扶车间';
  return [
    error(
      'channel_outside_county',
      spellField(index, 'channel'),
      `${spellName(index)}在县外务工，就业渠道不能是${label}`,
    ),
  ];
}

/**
 * 一次性交通补贴 only for work outside the home county (seed 003 (四): 跨省务工 ≤ 800 元, 有组织输出到县外省内
 * ≤ 300 元; 晋政办发〔2017〕29号 (十二): 跨省务工 ≤ 800 元). A spell not known to be outside the county is refused.
 */
export function checkTransportSubsidy(
  spell: EmploymentSpellInput,
  index: number,
  homeRegionCode: string,
): Problem<QualityProblemCode>[] {
  if (!spell.hasTransportSubsidy || isOutsideHomeCounty(spell, homeRegionCode) === true) return [];
  return [
    error(
      'transport_subsidy_within_county',
      spellField(index, 'hasTransportSubsidy'),
      `${spellName(index)}不在县外务工，不能享受一次性交通补贴`,
    ),
  ];
}

/** 月收入 outside 100–30,000 元 is flagged for confirmation (防返贫 check rules): a warning. */
export const MONTHLY_INCOME_MIN_FEN = 100_00;
export const MONTHLY_INCOME_MAX_FEN = 30_000_00;

export function checkMonthlyIncome(
  spell: EmploymentSpellInput,
  index: number,
): Problem<QualityProblemCode>[] {
  const income = spell.monthlyIncomeFen;
  if (income === null || income === undefined) return [];
  if (income >= MONTHLY_INCOME_MIN_FEN && income <= MONTHLY_INCOME_MAX_FEN) return [];
  return [
    warning(
      'income_out_of_range',
      spellField(index, 'monthlyIncomeFen'),
      `${spellName(index)}的月收入${formatYuan(income)}元不在${formatYuan(MONTHLY_INCOME_MIN_FEN)}–${formatYuan(
        MONTHLY_INCOME_MAX_FEN,
      )}元之间，请确认（单位：元/月）`,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// The person

/** The spell that may cover `date` ('YYYY-MM-DD'): started by then and not certainly ended before it. */
export function findCurrentSpellIndex(
  spells: readonly EmploymentSpellInput[],
  date: string,
): number | undefined {
  const day = readBound(date);
  if (!day) return undefined;
  const index = spells.findIndex((spell) => {
    const span = readSpan(spell);
    return span !== undefined && span.start.earliest <= day.earliest && span.end.latest >= day.earliest;
  });
  return index === -1 ? undefined : index;
}

/**
 * 对未就业的摸清就业意愿和就业服务需求 (人社部发〔2016〕119号 二(一)): someone not in work who intends to work
 * must have at least one service need recorded.
 */
export function checkServiceNeeds(laborer: LaborerInput, today: string): Problem<QualityProblemCode>[] {
  if (!laborer.jobIntention || laborer.jobIntention === 'none') return [];
  if (findCurrentSpellIndex(laborer.spells, today) !== undefined) return [];
  if (laborer.serviceNeeds && laborer.serviceNeeds.length > 0) return [];
  return [error('service_need_missing', 'serviceNeeds', '有就业意愿的未就业人员须填写就业服务需求')];
}

/**
 * 无劳动力 / 丧失劳动力 cannot be in work (防返贫 check rules; 晋政办发〔2017〕29号 (二) counts
 * "有就业意愿、劳动能力的 成员"): either the labour capacity or the current spell is wrong.
 */
export function checkCapacityAllowsWork(laborer: LaborerInput, today: string): Problem<QualityProblemCode>[] {
  const capacity = laborer.laborCapacity;
  if (capacity !== 'none' && capacity !== 'lost') return [];
  const current = findCurrentSpellIndex(laborer.spells, today);
  if (current === undefined) return [];
  const label = capacity === 'none' ? '无劳动力' : '丧失劳动力';
  return [
    error(
      'employed_without_capacity',
      'laborCapacity',
      `劳动技能为「${label}」的人员不能处于务工状态（${spellName(current)}未结束），请核对劳动技能或务工信息`,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// One phone, several households

/** What identifies a phone line across records: the normalised number without extension; undefined if invalid. */
export function phoneKey(phone: string | null | undefined): string | undefined {
  if (!phone) return undefined;
  const result = validatePhone(phone);
  return result.ok ? result.value.line : undefined;
}

/** Builds the phone → households map from (phone, household number) pairs, keyed by `phoneKey`. */
export function groupHouseholdsByPhone(
  records: Iterable<{ readonly phone?: string | null; readonly householdNumber?: string | null }>,
): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const record of records) {
    const key = phoneKey(record.phone);
    if (!key || !record.householdNumber) continue;
    const households = map.get(key) ?? new Set<string>();
    households.add(record.householdNumber);
    map.set(key, households);
  }
  return map;
}

/**
 * 一个联系电话登记在多个户 is flagged (防返贫 check rules): a warning, because a village cadre's or relative's
 * phone is sometimes given on purpose. Checks one labourer against the phone → households map.
 */
export function checkSharedPhone(
  laborer: LaborerInput,
  phoneHouseholds: ReadonlyMap<string, ReadonlySet<string>>,
): Problem<QualityProblemCode>[] {
  const key = phoneKey(laborer.phone);
  if (!key) return [];
  const others = [...(phoneHouseholds.get(key) ?? [])].filter(
    (household) => household !== laborer.householdNumber,
  );
  if (others.length === 0) return [];
  return [
    warning(
      'phone_shared_by_households',
      'phone',
      `联系电话${maskPhone(key)}已登记在其他${others.length}个户（户编号${others.sort().join('、')}），请确认`,
    ),
  ];
}

/** Every phone of the map held by two or more households, one warning each (for a whole-ledger check). */
export function findSharedPhones(
  phoneHouseholds: ReadonlyMap<string, ReadonlySet<string>>,
): Problem<QualityProblemCode>[] {
  return [...phoneHouseholds.entries()]
    .filter(([, households]) => households.size > 1)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([phone, households]) =>
      warning(
        'phone_shared_by_households',
        'phone',
        `联系电话${maskPhone(phone)}登记在${households.size}个户（户编号${[...households].sort().join('、')}），请确认`,
      ),
    );
}

// ---------------------------------------------------------------------------------------------------------------

export interface CheckLaborerOptions {
  /** 'YYYY-MM-DD': decides which spell is current. */
  readonly today: string;
  /** Phone → households of the rest of the ledger; the shared-phone check runs when given. */
  readonly phoneHouseholds?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** All the data-quality rules for one labourer: errors and warnings together (see `hasErrors`). */
export function checkLaborer(
  laborer: LaborerInput,
  options: CheckLaborerOptions,
): Problem<QualityProblemCode>[] {
  const home = laborer.homeRegionCode;
  return [
    ...checkSpellDates(laborer.spells),
    ...laborer.spells.flatMap((spell, index) => [
      ...checkWorkRegion(spell, index),
      ...checkWorkAreaMatchesRegion(spell, index, home),
      ...checkChannelWithinCounty(spell, index, home),
      ...checkTransportSubsidy(spell, index, home),
      ...checkMonthlyIncome(spell, index),
    ]),
    ...checkSpellOverlaps(laborer.spells),
    ...checkMinimumWorkingAge(laborer.birthDate, laborer.spells),
    ...checkServiceNeeds(laborer, options.today),
    ...checkCapacityAllowsWork(laborer, options.today),
    ...(options.phoneHouseholds ? checkSharedPhone(laborer, options.phoneHouseholds) : []),
  ];
}
