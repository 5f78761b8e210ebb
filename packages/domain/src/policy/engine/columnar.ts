/**
 * Whole-population evaluation over typed arrays, not through the per-case interpreter: parameters and governing
 * cases are resolved once per region, then each person-level benefit runs over the persons of each region condition
 * by condition (a loop per condition over a fact column, folding into one outcome per person and case), and the
 * cases' outcomes are decided once per distinct combination (decideCases, remembered in a table), without building
 * scenarios or explanations or allocating per person. Only persons for whom a case is chosen are visited again, for
 * the amount. A differential property test keeps it equal to the interpreter.
 *
 * Column encoding per fact type: boolean and enum → Uint8Array (0/1, enum index; 255 = missing); integer and
 * date → Int32Array (date as days since 1970-01-01; MISSING_INT = missing) or Float64Array (NaN = missing).
 *
 * Earlier grants are given as per-person summaries (`priorGrants[benefitId]`): grants of that benefit made by the
 * same subject about the same person, this year and in earlier years. Grants made by other subjects
 * ('person_other_subject' exclusions) are not represented on this path.
 */
import { civilFromEpochDay, toEpochDay, yearOf } from './dates.ts';
import { decideCases } from './decide.ts';
import { compareNumbers } from './conditions.ts';
import { mulDivFloor } from './money.ts';
import { resolveParameter } from './parameter.ts';
import { selectCases } from './selection.ts';
import type {
  AmountSpec,
  BenefitCase,
  BenefitDefinition,
  BenefitKind,
  BenefitStatus,
  CaseOutcomeKind,
  ConditionSpec,
  IsoDate,
  ParameterTrace,
  Ratio,
  Ruleset,
  RulesetError,
} from './types.ts';
import { applyOverlay, type Overlay } from './load-values.ts';

export const MISSING_INT = -2147483648;
export const MISSING_CODE = 255;

export type FactColumn = Uint8Array | Int32Array | Float64Array;

export interface PriorGrantColumns {
  countThisYear?: Int32Array;
  countEarlier?: Int32Array;
  monthsThisYear?: Int32Array;
  monthsEarlier?: Int32Array;
  amountThisYear?: Float64Array;
  amountEarlier?: Float64Array;
}

export interface PopulationColumns {
  size: number;
  /** Distinct 12-digit region codes; `regionIndex[i]` points into it. */
  regionCodes: readonly string[];
  regionIndex: Uint8Array | Uint16Array | Uint32Array | Int32Array;
  facts: Readonly<Record<string, FactColumn>>;
  priorGrants?: Readonly<Record<string, PriorGrantColumns>>;
}

export interface PopulationOptions {
  asOf: IsoDate;
  /** Default: every benefit whose unit is one person. */
  benefitIds?: readonly string[];
  /** Keep each person's status code and amount (for tests and drill-down). */
  keepPerPerson?: boolean;
}

/** Status codes of the per-person arrays: index into this list. */
export const STATUS_CODES: readonly BenefitStatus[] = [
  'eligible',
  'conflict',
  'expired',
  'not_yet_in_force',
  'no_policy_in_force',
  'outside_jurisdiction',
  'condition_not_met',
  'cap_reached',
  'excluded_by_grant',
  'parameter_unset',
  'missing_fact',
];
const CODE: Record<BenefitStatus, number> = Object.fromEntries(STATUS_CODES.map((s, i) => [s, i])) as Record<
  BenefitStatus,
  number
>;

export interface RegionTotals {
  regionCode: string;
  recipients: number;
  totalFen: number;
  statusCounts: Partial<Record<BenefitStatus, number>>;
}

export interface BenefitTotals {
  benefitId: string;
  label: string;
  kind: BenefitKind;
  recipients: number;
  /** Sum of amounts of eligible persons (loan ceilings for loans; in-kind support counts 0). */
  totalFen: number;
  byRegion: RegionTotals[];
  perPerson?: { status: Uint8Array; amountFen: Float64Array };
}

export interface PopulationEvaluation {
  rulesetVersion: string;
  asOf: IsoDate;
  size: number;
  benefits: BenefitTotals[];
}

type Reader = (i: number) => number | undefined;

/**
 * A condition over the persons `order[start..end)` of one region: folds each person's condition code (0 met,
 * 1 failed, 2 missing fact, 3 no policy, 4 unset) into `out[j − start]`, the outcome of the person's case so far.
 * A failed condition fails the case; among open codes the lowest wins (missing fact before no policy before unset),
 * the interpreter's precedence (combineConditionStatuses). The fold does not depend on the order of the
 * conditions, and a person whose case has already failed is skipped. Each kind has a loop of its own, so the
 * per-person work is inline code and not a call.
 */
type ConditionKernel = (order: Int32Array, start: number, end: number, out: Uint8Array) => void;

/** A fact column and its missing value (NaN for Float64Array: tested as v !== v). */
interface Column {
  data: FactColumn;
  missing: number;
}

function readerFor(column: FactColumn | undefined): Reader {
  if (!column) return () => undefined;
  if (column instanceof Uint8Array) return (i) => (column[i] === MISSING_CODE ? undefined : column[i]);
  if (column instanceof Int32Array) return (i) => (column[i] === MISSING_INT ? undefined : column[i]);
  return (i) => {
    const v = column[i];
    return v === undefined || Number.isNaN(v) ? undefined : v;
  };
}

function columnFor(column: FactColumn | undefined, absent: Uint8Array): Column {
  if (!column) return { data: absent, missing: MISSING_CODE };
  if (column instanceof Uint8Array) return { data: column, missing: MISSING_CODE };
  if (column instanceof Int32Array) return { data: column, missing: MISSING_INT };
  return { data: column, missing: Number.NaN };
}

function blockedCode(trace: ParameterTrace): number {
  return trace.status === 'none' ? 3 : trace.status === 'unset' ? 4 : 0;
}

/** Folds one person's condition code into the case's outcome (see ConditionKernel). */
function fold(out: Uint8Array, j: number, code: number): void {
  if (code === 1) out[j] = 1;
  else if (code !== 0) {
    const worst = out[j] as number;
    if (worst === 0 || code < worst) out[j] = code;
  }
}

function compileCondition(
  condition: ConditionSpec,
  column: (fact: string) => Column,
  param: (id: string) => ParameterTrace,
  enumValues: (fact: string) => readonly string[],
  asOfDay: number,
  asOfYearStart: number,
  asOfMonthIndex: number,
): ConditionKernel {
  switch (condition.kind) {
    case 'is_true': {
      const { data, missing } = column(condition.fact);
      return (order, start, end, out) => {
        for (let p = start, j = 0; p < end; p++, j++) {
          if (out[j] === 1) continue;
          const v = data[order[p] as number] as number;
          fold(out, j, v === missing || v !== v ? 2 : v === 1 ? 0 : 1);
        }
      };
    }
    case 'any_true': {
      const columns = condition.facts.map(column);
      return (order, start, end, out) => {
        for (let p = start, j = 0; p < end; p++, j++) {
          if (out[j] === 1) continue;
          const i = order[p] as number;
          let code = 1;
          for (let k = 0; k < columns.length; k++) {
            const { data, missing } = columns[k] as Column;
            const v = data[i] as number;
            if (v === 1) {
              code = 0;
              break;
            }
            if (v === missing || v !== v) code = 2;
          }
          fold(out, j, code);
        }
      };
    }
    case 'in': {
      const { data, missing } = column(condition.fact);
      const values = enumValues(condition.fact);
      const allowed = new Set(condition.values.map((v) => values.indexOf(v)));
      return (order, start, end, out) => {
        for (let p = start, j = 0; p < end; p++, j++) {
          if (out[j] === 1) continue;
          const v = data[order[p] as number] as number;
          fold(out, j, v === missing || v !== v ? 2 : allowed.has(v) ? 0 : 1);
        }
      };
    }
    case 'compare':
    case 'compare_value':
    case 'sum_compare': {
      const columns = (condition.kind === 'sum_compare' ? condition.facts : [condition.fact]).map(column);
      let right = 0;
      let blocked = 0;
      if (condition.kind === 'compare_value') right = condition.value;
      else {
        const trace = param(condition.param);
        blocked = blockedCode(trace);
        if (blocked === 0) right = trace.value as number;
      }
      const op = condition.op;
      return (order, start, end, out) => {
        for (let p = start, j = 0; p < end; p++, j++) {
          if (out[j] === 1) continue;
          const i = order[p] as number;
          let sum = 0;
          let code = -1;
          for (let k = 0; k < columns.length; k++) {
            const { data, missing } = columns[k] as Column;
            const v = data[i] as number;
            if (v === missing || v !== v) {
              code = 2;
              break;
            }
            sum += v;
          }
          if (code < 0) code = blocked !== 0 ? blocked : compareNumbers(sum, op, right) ? 0 : 1;
          fold(out, j, code);
        }
      };
    }
    case 'ratio_at_least': {
      const numerator = column(condition.numerator);
      const denominator = column(condition.denominator);
      const trace = param(condition.param);
      const blocked = blockedCode(trace);
      const ratio = trace.value as Ratio;
      return (order, start, end, out) => {
        for (let p = start, j = 0; p < end; p++, j++) {
          if (out[j] === 1) continue;
          const i = order[p] as number;
          const n = numerator.data[i] as number;
          const d = denominator.data[i] as number;
          if (n === numerator.missing || n !== n || d === denominator.missing || d !== d) fold(out, j, 2);
          else if (blocked !== 0) fold(out, j, blocked);
          else fold(out, j, d > 0 && n * ratio.denominator >= d * ratio.numerator ? 0 : 1);
        }
      };
    }
    case 'share_of_param_at_least': {
      const { data, missing } = column(condition.fact);
      const base = param(condition.baseParam);
      const ratioTrace = param(condition.ratioParam);
      const blocked = blockedCode(base) || blockedCode(ratioTrace);
      return (order, start, end, out) => {
        for (let p = start, j = 0; p < end; p++, j++) {
          if (out[j] === 1) continue;
          const v = data[order[p] as number] as number;
          if (v === missing || v !== v) fold(out, j, 2);
          else if (blocked !== 0) fold(out, j, blocked);
          else {
            const ratio = ratioTrace.value as Ratio;
            fold(out, j, v * ratio.denominator >= (base.value as number) * ratio.numerator ? 0 : 1);
          }
        }
      };
    }
    case 'date_in_asof_year': {
      const { data, missing } = column(condition.fact);
      return (order, start, end, out) => {
        for (let p = start, j = 0; p < end; p++, j++) {
          if (out[j] === 1) continue;
          const v = data[order[p] as number] as number;
          fold(out, j, v === missing || v !== v ? 2 : v >= asOfYearStart && v <= asOfDay ? 0 : 1);
        }
      };
    }
    case 'date_within_months': {
      const { data, missing } = column(condition.fact);
      const trace = param(condition.param);
      const blocked = blockedCode(trace);
      return (order, start, end, out) => {
        for (let p = start, j = 0; p < end; p++, j++) {
          if (out[j] === 1) continue;
          const v = data[order[p] as number] as number;
          if (v === missing || v !== v) fold(out, j, 2);
          else if (blocked !== 0) fold(out, j, blocked);
          else {
            const { year, month } = civilFromEpochDay(v);
            fold(
              out,
              j,
              v <= asOfDay && asOfMonthIndex < year * 12 + month - 1 + (trace.value as number) ? 0 : 1,
            );
          }
        }
      };
    }
  }
}

interface CompiledCase {
  rank: number;
  conditions: ConditionKernel[];
  /** Returns the amount (NaN for in-kind) or a negative status code −(code + 1). */
  amount: (i: number) => number;
}

const OUTCOMES: CaseOutcomeKind[] = ['applicable', 'failed', 'missing_fact', 'no_policy', 'parameter_unset'];

interface UsageReaders {
  count: (i: number, period: 'year' | 'lifetime') => number;
  months: (i: number, period: 'year' | 'lifetime') => number;
  amount: (i: number, period: 'year' | 'lifetime') => number;
}

/** Sums the prior-grant columns of a measure over benefits, without allocating per person. */
function usageSum(
  thisYear: readonly (Int32Array | Float64Array)[],
  earlier: readonly (Int32Array | Float64Array)[],
): (i: number, period: 'year' | 'lifetime') => number {
  return (i, period) => {
    let total = 0;
    for (let k = 0; k < thisYear.length; k++) total += (thisYear[k] as Int32Array | Float64Array)[i] ?? 0;
    if (period === 'lifetime')
      for (let k = 0; k < earlier.length; k++) total += (earlier[k] as Int32Array | Float64Array)[i] ?? 0;
    return total;
  };
}

function usageFor(population: PopulationColumns, benefitIds: readonly string[]): UsageReaders {
  const columns = benefitIds
    .map((id) => population.priorGrants?.[id])
    .filter((c): c is PriorGrantColumns => c !== undefined);
  const present = <T>(values: (T | undefined)[]): T[] => values.filter((v): v is T => v !== undefined);
  return {
    count: usageSum(
      present(columns.map((c) => c.countThisYear)),
      present(columns.map((c) => c.countEarlier)),
    ),
    months: usageSum(
      present(columns.map((c) => c.monthsThisYear)),
      present(columns.map((c) => c.monthsEarlier)),
    ),
    amount: usageSum(
      present(columns.map((c) => c.amountThisYear)),
      present(columns.map((c) => c.amountEarlier)),
    ),
  };
}

function compileAmount(
  benefitCase: BenefitCase,
  benefit: BenefitDefinition,
  read: (fact: string) => Reader,
  param: (id: string) => ParameterTrace,
  enumValues: (fact: string) => readonly string[],
  population: PopulationColumns,
): (i: number) => number {
  const amount: AmountSpec = benefitCase.amount;
  const fail = (code: number): number => -(code + 1);
  const blockOf = (trace: ParameterTrace): number =>
    trace.status === 'none' ? CODE.no_policy_in_force : trace.status === 'unset' ? CODE.parameter_unset : -1;
  let base: (i: number) => number;
  let amountFacts: Reader[] = [];
  switch (amount.kind) {
    case 'fixed': {
      const trace = param(amount.param);
      const b = blockOf(trace);
      base = () => (b >= 0 ? fail(b) : (trace.value as number));
      break;
    }
    case 'per_unit': {
      const units = read(amount.unitsFact);
      amountFacts = [units];
      const trace = param(amount.rateParam);
      const b = blockOf(trace);
      base = (i) => (b >= 0 ? fail(b) : (units(i) as number) * (trace.value as number));
      break;
    }
    case 'share_of_fact': {
      const fact = read(amount.fact);
      amountFacts = [fact];
      const trace = param(amount.ratioParam);
      const b = blockOf(trace);
      base = (i) => {
        if (b >= 0) return fail(b);
        const ratio = trace.value as Ratio;
        return mulDivFloor(fact(i) as number, ratio.numerator, ratio.denominator);
      };
      break;
    }
    case 'by_category': {
      const fact = read(amount.fact);
      amountFacts = [fact];
      const trace = param(amount.mappingParam);
      const b = blockOf(trace);
      const values = enumValues(amount.fact);
      base = (i) => {
        if (b >= 0) return fail(b);
        const mapped = (trace.value as Record<string, number>)[values[fact(i) as number] ?? ''];
        return mapped === undefined ? fail(CODE.parameter_unset) : mapped;
      };
      break;
    }
    case 'loan': {
      const limit = param(amount.limitParam);
      const interest = param(amount.interestSubsidyParam);
      const b = blockOf(limit) >= 0 ? blockOf(limit) : blockOf(interest);
      base = () => (b >= 0 ? fail(b) : (limit.value as number));
      break;
    }
    case 'in_kind':
      base = () => Number.NaN;
      break;
  }
  let capped = base;
  if ('capParam' in amount && amount.capParam !== undefined) {
    const trace = param(amount.capParam);
    const b = blockOf(trace);
    capped = (i) => {
      const v = base(i);
      if (v < 0 || Number.isNaN(v)) return v;
      if (b >= 0) return fail(b);
      return Math.min(v, trace.value as number);
    };
  }
  const exclusions = (benefitCase.exclusions ?? [])
    .filter((x) => x.scope !== 'person_other_subject')
    .map((x) => ({ usage: usageFor(population, x.benefitIds), period: x.period }));
  const limits = (benefitCase.limits ?? []).map((limit) => {
    const trace = param(limit.maxParam);
    return {
      limit,
      block: blockOf(trace),
      max: trace.value as number,
      usage: usageFor(population, limit.benefitIds ?? [benefit.id]),
      months: limit.monthsFact ? read(limit.monthsFact) : () => undefined,
    };
  });
  return (i) => {
    for (let k = 0; k < amountFacts.length; k++)
      if ((amountFacts[k] as Reader)(i) === undefined) return fail(CODE.missing_fact);
    let value = capped(i);
    if (value < 0) return value;
    for (let k = 0; k < exclusions.length; k++) {
      const x = exclusions[k] as (typeof exclusions)[number];
      if (x.usage.count(i, x.period) > 0) return fail(CODE.excluded_by_grant);
    }
    for (let k = 0; k < limits.length; k++) {
      const { limit, block, max, usage, months } = limits[k] as (typeof limits)[number];
      if (block >= 0) return fail(block);
      if (limit.measure === 'count') {
        if (usage.count(i, limit.period) >= max) return fail(CODE.cap_reached);
      } else if (limit.measure === 'amount') {
        const remaining = max - usage.amount(i, limit.period);
        if (remaining <= 0) return fail(CODE.cap_reached);
        if (!Number.isNaN(value) && value > remaining) value = remaining;
      } else {
        const claimed = months(i);
        if (claimed === undefined) return fail(CODE.missing_fact);
        const remaining = max - usage.months(i, limit.period);
        if (remaining <= 0) return fail(CODE.cap_reached);
        if (claimed > remaining && !Number.isNaN(value) && claimed > 0)
          value = mulDivFloor(value, remaining, claimed);
      }
    }
    return value;
  };
}

/**
 * The cases governing one benefit in one region. `decisions` remembers decideCases's answer per combination of the
 * cases' outcomes (a base-5 number of OUTCOMES indices): −1 not yet asked, a case index (chosen), or
 * DECIDED_STATUS + a status code; null beyond MAX_DECISION_TABLE_CASES cases (each person decided anew).
 */
interface RegionPlan {
  cases: CompiledCase[];
  ranks: number[];
  decisions: Int16Array | null;
}

/** Up to this many governing cases the decisions are a table of 5^n entries; beyond, each person is decided anew. */
const MAX_DECISION_TABLE_CASES = 6;
const DECIDED_STATUS = 1024;

/** The shared decideCases on the cases' outcomes (OUTCOMES indices), as a number (see RegionPlan). */
function decideOutcomes(ranks: readonly number[], outcomes: readonly number[]): number {
  const decision = decideCases(
    ranks.map((rank, k) => ({ rank, outcome: OUTCOMES[outcomes[k] as number] as CaseOutcomeKind })),
  );
  if (decision.kind === 'chosen') return decision.index;
  if (decision.kind === 'not_met') return DECIDED_STATUS + CODE.condition_not_met;
  if (decision.kind === 'conflict') return DECIDED_STATUS + CODE.conflict;
  return DECIDED_STATUS + CODE[decision.status];
}

/** The decision for the outcomes a base-5 key encodes (the first case in the lowest digit). */
function decide(plan: RegionPlan, key: number): number {
  const outcomes: number[] = [];
  let rest = key;
  for (let k = 0; k < plan.ranks.length; k++) {
    outcomes.push(rest % 5);
    rest = Math.floor(rest / 5);
  }
  return decideOutcomes(plan.ranks, outcomes);
}

/** Evaluates every person-level benefit for a whole population; totals and recipients by benefit × region. */
export function evaluatePopulation(
  ruleset: Ruleset,
  population: PopulationColumns,
  options: PopulationOptions,
): PopulationEvaluation {
  const asOf = options.asOf;
  const asOfDay = toEpochDay(asOf);
  const asOfYearStart = toEpochDay(`${String(yearOf(asOf)).padStart(4, '0')}-01-01`);
  const asOfMonthIndex = yearOf(asOf) * 12 + Number(asOf.slice(5, 7)) - 1;
  const benefits = ruleset.benefits.filter((b) =>
    options.benefitIds ? options.benefitIds.includes(b.id) : b.unit === 'person',
  );
  const readers = new Map<string, Reader>();
  const read = (fact: string): Reader => {
    let reader = readers.get(fact);
    if (!reader) {
      const definition = ruleset.index.facts.get(fact);
      reader = definition ? readerFor(population.facts[fact]) : () => undefined;
      readers.set(fact, reader);
    }
    return reader;
  };
  const enumValues = (fact: string): readonly string[] => ruleset.index.facts.get(fact)?.values ?? [];
  const size = population.size;
  const regionCount = population.regionCodes.length;
  // A fact without a column is missing for everyone: one column of missing values serves them all.
  let absent: Uint8Array | undefined;
  const columns = new Map<string, Column>();
  const column = (fact: string): Column => {
    let held = columns.get(fact);
    if (!held) {
      absent ??= new Uint8Array(size).fill(MISSING_CODE);
      held = ruleset.index.facts.has(fact)
        ? columnFor(population.facts[fact], absent)
        : { data: absent, missing: MISSING_CODE };
      columns.set(fact, held);
    }
    return held;
  };
  const statusCount = STATUS_CODES.length;

  // The persons grouped by region (a counting sort): each region's plan runs over its own persons.
  const regionStart = new Int32Array(regionCount + 1);
  const order = new Int32Array(size);
  {
    const regionIndex = population.regionIndex;
    for (let i = 0; i < size; i++) regionStart[(regionIndex[i] as number) + 1]! += 1;
    for (let r = 0; r < regionCount; r++) regionStart[r + 1]! += regionStart[r] as number;
    const next = regionStart.slice(0, regionCount);
    for (let i = 0; i < size; i++) order[next[regionIndex[i] as number]!++] = i;
  }
  let largestRegion = 0;
  for (let r = 0; r < regionCount; r++)
    largestRegion = Math.max(largestRegion, (regionStart[r + 1] as number) - (regionStart[r] as number));
  // Outcome of case k for the j-th person of the region: outcomes[k][j] (OUTCOMES index).
  const outcomes: Uint8Array[] = [];
  const outcomesFor = (cases: number): Uint8Array[] => {
    while (outcomes.length < cases) outcomes.push(new Uint8Array(largestRegion));
    return outcomes;
  };
  let keyScratch: Int32Array | undefined;
  const keysFor = (): Int32Array => (keyScratch ??= new Int32Array(largestRegion));
  let histogramScratch = new Float64Array(0);
  const histogramFor = (n: number): Float64Array => {
    if (histogramScratch.length < n) histogramScratch = new Float64Array(n);
    return histogramScratch;
  };

  const results: BenefitTotals[] = benefits.map((benefit) => {
    const recipients = new Float64Array(regionCount);
    const totals = new Float64Array(regionCount);
    // statusCounts[r × statusCount + status]
    const statusCounts = new Float64Array(regionCount * statusCount);
    const perStatus = options.keepPerPerson ? new Uint8Array(size) : undefined;
    const perAmount = options.keepPerPerson ? new Float64Array(size).fill(Number.NaN) : undefined;

    population.regionCodes.forEach((regionCode, r) => {
      const start = regionStart[r] as number;
      const end = regionStart[r + 1] as number;
      if (start === end) return;
      const plan = selectCases(ruleset, benefit.id, regionCode, asOf);
      if (plan.kind === 'inactive') {
        // No case in force: every person of the region has the plan's status.
        const status = CODE[plan.status];
        statusCounts[r * statusCount + status]! += end - start;
        if (perStatus) for (let p = start; p < end; p++) perStatus[order[p] as number] = status;
        return;
      }
      const cache = new Map<string, ParameterTrace>();
      const param = (id: string): ParameterTrace => {
        let trace = cache.get(id);
        if (!trace) {
          trace = resolveParameter(ruleset, id, regionCode, asOf);
          cache.set(id, trace);
        }
        return trace;
      };
      const cases: CompiledCase[] = plan.governing.map((benefitCase) => ({
        rank: benefitCase.rank,
        conditions: benefitCase.conditions.map((c) =>
          compileCondition(c, column, param, enumValues, asOfDay, asOfYearStart, asOfMonthIndex),
        ),
        amount: compileAmount(benefitCase, benefit, read, param, enumValues, population),
      }));
      const regionPlan: RegionPlan = {
        cases,
        ranks: cases.map((c) => c.rank),
        decisions:
          cases.length <= MAX_DECISION_TABLE_CASES ? new Int16Array(5 ** cases.length).fill(-1) : null,
      };
      // Condition by condition over the region's persons: each case's outcome per person, then the outcomes of
      // all cases as one base-5 number per person (the first case in the lowest digit; beyond
      // MAX_DECISION_TABLE_CASES cases the keys are not used).
      const count = end - start;
      const caseOutcomes = outcomesFor(cases.length);
      const keys = keysFor();
      keys.fill(0, 0, count);
      for (let k = 0; k < cases.length; k++) {
        const out = caseOutcomes[k] as Uint8Array;
        out.fill(0, 0, count);
        for (const kernel of (cases[k] as CompiledCase).conditions) kernel(order, start, end, out);
        const weight = 5 ** k;
        if (regionPlan.decisions) for (let j = 0; j < count; j++) keys[j]! += (out[j] as number) * weight;
      }
      // Then the decision for each key: persons whose cases decide a status are counted by key; only those for whom
      // a case is chosen are visited again, for its amount.
      const table = regionPlan.decisions;
      const counts = statusCounts.subarray(r * statusCount, (r + 1) * statusCount);
      let regionRecipients = 0;
      let regionTotal = 0;
      const chosen = (i: number, decision: number): void => {
        const value = (cases[decision] as CompiledCase).amount(i);
        if (value < 0) {
          const status = -value - 1;
          counts[status]! += 1;
          if (perStatus) perStatus[i] = status;
          return;
        }
        counts[CODE.eligible]! += 1;
        regionRecipients += 1;
        if (!Number.isNaN(value)) regionTotal += value;
        if (perStatus && perAmount) {
          perStatus[i] = CODE.eligible;
          perAmount[i] = value;
        }
      };
      if (table) {
        const histogram = histogramFor(table.length);
        histogram.fill(0, 0, table.length);
        for (let j = 0; j < count; j++) histogram[keys[j] as number]! += 1;
        let anyChosen = false;
        for (let key = 0; key < table.length; key++) {
          const n = histogram[key] as number;
          if (n === 0) continue;
          let decision = table[key] as number;
          if (decision < 0) {
            decision = decide(regionPlan, key);
            table[key] = decision;
          }
          if (decision >= DECIDED_STATUS) counts[decision - DECIDED_STATUS]! += n;
          else anyChosen = true;
        }
        if (perStatus)
          for (let j = 0; j < count; j++) {
            const decision = table[keys[j] as number] as number;
            if (decision >= DECIDED_STATUS) perStatus[order[start + j] as number] = decision - DECIDED_STATUS;
          }
        // In person order, so each region's total adds the amounts in the same order as person by person.
        if (anyChosen)
          for (let j = 0; j < count; j++) {
            const decision = table[keys[j] as number] as number;
            if (decision < DECIDED_STATUS) chosen(order[start + j] as number, decision);
          }
      } else {
        const perCase: number[] = [];
        for (let j = 0; j < count; j++) {
          perCase.length = 0;
          for (let k = 0; k < cases.length; k++) perCase.push((caseOutcomes[k] as Uint8Array)[j] as number);
          const decision = decideOutcomes(regionPlan.ranks, perCase);
          const i = order[start + j] as number;
          if (decision < DECIDED_STATUS) chosen(i, decision);
          else {
            counts[decision - DECIDED_STATUS]! += 1;
            if (perStatus) perStatus[i] = decision - DECIDED_STATUS;
          }
        }
      }
      recipients[r] = regionRecipients;
      totals[r] = regionTotal;
    });
    const byRegion: RegionTotals[] = population.regionCodes.map((regionCode, r) => {
      const counts: Partial<Record<BenefitStatus, number>> = {};
      for (let code = 0; code < statusCount; code++) {
        const n = statusCounts[r * statusCount + code] as number;
        if (n > 0) counts[STATUS_CODES[code] as BenefitStatus] = n;
      }
      return { regionCode, recipients: recipients[r] ?? 0, totalFen: totals[r] ?? 0, statusCounts: counts };
    });
    const result: BenefitTotals = {
      benefitId: benefit.id,
      label: benefit.label,
      kind: benefit.kind,
      recipients: byRegion.reduce((s, x) => s + x.recipients, 0),
      totalFen: byRegion.reduce((s, x) => s + x.totalFen, 0),
      byRegion,
    };
    if (perStatus && perAmount) result.perPerson = { status: perStatus, amountFen: perAmount };
    return result;
  });
  return { rulesetVersion: ruleset.version, asOf, size, benefits: results };
}

export interface WhatIfComparison {
  baseline: PopulationEvaluation;
  scenario: PopulationEvaluation;
  /** scenario − baseline per benefit and region. */
  delta: {
    benefitId: string;
    label: string;
    totalFen: number;
    recipients: number;
    byRegion: { regionCode: string; totalFen: number; recipients: number }[];
  }[];
}

/** Baseline and overlay over the same population, side by side. */
export function runWhatIf(
  ruleset: Ruleset,
  overlay: Overlay,
  population: PopulationColumns,
  options: PopulationOptions,
): { ok: true; comparison: WhatIfComparison } | { ok: false; errors: RulesetError[] } {
  const applied = applyOverlay(ruleset, overlay);
  if (!applied.ok) return applied;
  const baseline = evaluatePopulation(ruleset, population, options);
  const scenario = evaluatePopulation(applied.ruleset, population, options);
  const delta = scenario.benefits.map((s, k) => {
    const b = baseline.benefits[k] as BenefitTotals;
    return {
      benefitId: s.benefitId,
      label: s.label,
      totalFen: s.totalFen - b.totalFen,
      recipients: s.recipients - b.recipients,
      byRegion: s.byRegion.map((x, r) => ({
        regionCode: x.regionCode,
        totalFen: x.totalFen - (b.byRegion[r]?.totalFen ?? 0),
        recipients: x.recipients - (b.byRegion[r]?.recipients ?? 0),
      })),
    };
  });
  return { ok: true, comparison: { baseline, scenario, delta } };
}
