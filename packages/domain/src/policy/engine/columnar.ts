/**
 * Whole-population evaluation over typed arrays (DESIGN.md §5): parameters and governing cases are resolved once
 * per region, then each person-level benefit runs as a tight loop over fact columns, without building scenarios
 * or explanations. A differential property test keeps it equal to the interpreter.
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

/** Condition codes: 0 met, 1 failed, 2 missing fact, 3 no policy, 4 unset (same precedence as the interpreter). */
type ConditionKernel = (i: number) => number;

function readerFor(column: FactColumn | undefined): Reader {
  if (!column) return () => undefined;
  if (column instanceof Uint8Array) return (i) => (column[i] === MISSING_CODE ? undefined : column[i]);
  if (column instanceof Int32Array) return (i) => (column[i] === MISSING_INT ? undefined : column[i]);
  return (i) => {
    const v = column[i];
    return v === undefined || Number.isNaN(v) ? undefined : v;
  };
}

function blockedCode(trace: ParameterTrace): number {
  return trace.status === 'none' ? 3 : trace.status === 'unset' ? 4 : 0;
}

function compileCondition(
  condition: ConditionSpec,
  read: (fact: string) => Reader,
  param: (id: string) => ParameterTrace,
  enumValues: (fact: string) => readonly string[],
  asOfDay: number,
  asOfYearStart: number,
  asOfMonthIndex: number,
): ConditionKernel {
  switch (condition.kind) {
    case 'is_true': {
      const r = read(condition.fact);
      return (i) => {
        const v = r(i);
        return v === undefined ? 2 : v === 1 ? 0 : 1;
      };
    }
    case 'any_true': {
      const readers = condition.facts.map(read);
      return (i) => {
        let missing = false;
        for (const r of readers) {
          const v = r(i);
          if (v === 1) return 0;
          if (v === undefined) missing = true;
        }
        return missing ? 2 : 1;
      };
    }
    case 'in': {
      const r = read(condition.fact);
      const values = enumValues(condition.fact);
      const allowed = new Set(condition.values.map((v) => values.indexOf(v)));
      return (i) => {
        const v = r(i);
        return v === undefined ? 2 : allowed.has(v) ? 0 : 1;
      };
    }
    case 'compare':
    case 'compare_value':
    case 'sum_compare': {
      const readers = (condition.kind === 'sum_compare' ? condition.facts : [condition.fact]).map(read);
      let right = 0;
      let blocked = 0;
      if (condition.kind === 'compare_value') right = condition.value;
      else {
        const trace = param(condition.param);
        blocked = blockedCode(trace);
        if (blocked === 0) right = trace.value as number;
      }
      const op = condition.op;
      return (i) => {
        let sum = 0;
        for (const r of readers) {
          const v = r(i);
          if (v === undefined) return 2;
          sum += v;
        }
        if (blocked !== 0) return blocked;
        return compareNumbers(sum, op, right) ? 0 : 1;
      };
    }
    case 'ratio_at_least': {
      const numerator = read(condition.numerator);
      const denominator = read(condition.denominator);
      const trace = param(condition.param);
      const blocked = blockedCode(trace);
      const ratio = trace.value as Ratio;
      return (i) => {
        const n = numerator(i);
        const d = denominator(i);
        if (n === undefined || d === undefined) return 2;
        if (blocked !== 0) return blocked;
        return d > 0 && n * ratio.denominator >= d * ratio.numerator ? 0 : 1;
      };
    }
    case 'share_of_param_at_least': {
      const r = read(condition.fact);
      const base = param(condition.baseParam);
      const ratioTrace = param(condition.ratioParam);
      const blocked = blockedCode(base) || blockedCode(ratioTrace);
      return (i) => {
        const v = r(i);
        if (v === undefined) return 2;
        if (blocked !== 0) return blocked;
        const ratio = ratioTrace.value as Ratio;
        return v * ratio.denominator >= (base.value as number) * ratio.numerator ? 0 : 1;
      };
    }
    case 'date_in_asof_year': {
      const r = read(condition.fact);
      return (i) => {
        const v = r(i);
        if (v === undefined) return 2;
        return v >= asOfYearStart && v <= asOfDay ? 0 : 1;
      };
    }
    case 'date_within_months': {
      const r = read(condition.fact);
      const trace = param(condition.param);
      const blocked = blockedCode(trace);
      return (i) => {
        const v = r(i);
        if (v === undefined) return 2;
        if (blocked !== 0) return blocked;
        const { year, month } = civilFromEpochDay(v);
        return v <= asOfDay && asOfMonthIndex < year * 12 + month - 1 + (trace.value as number) ? 0 : 1;
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

function usageFor(population: PopulationColumns, benefitIds: readonly string[]): UsageReaders {
  const columns = benefitIds
    .map((id) => population.priorGrants?.[id])
    .filter((c): c is PriorGrantColumns => c !== undefined);
  const sum =
    (
      pick: (
        c: PriorGrantColumns,
      ) => [Int32Array | Float64Array | undefined, Int32Array | Float64Array | undefined],
    ) =>
    (i: number, period: 'year' | 'lifetime'): number => {
      let total = 0;
      for (const c of columns) {
        const [thisYear, earlier] = pick(c);
        total += thisYear?.[i] ?? 0;
        if (period === 'lifetime') total += earlier?.[i] ?? 0;
      }
      return total;
    };
  return {
    count: sum((c) => [c.countThisYear, c.countEarlier]),
    months: sum((c) => [c.monthsThisYear, c.monthsEarlier]),
    amount: sum((c) => [c.amountThisYear, c.amountEarlier]),
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
    for (const r of amountFacts) if (r(i) === undefined) return fail(CODE.missing_fact);
    let value = capped(i);
    if (value < 0) return value;
    for (const x of exclusions) if (x.usage.count(i, x.period) > 0) return fail(CODE.excluded_by_grant);
    for (const { limit, block, max, usage, months } of limits) {
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
  const regionCount = population.regionCodes.length;

  const results: BenefitTotals[] = benefits.map((benefit) => {
    type RegionPlan = { status: number } | { cases: CompiledCase[] };
    const plans: RegionPlan[] = population.regionCodes.map((regionCode) => {
      const plan = selectCases(ruleset, benefit.id, regionCode, asOf);
      if (plan.kind === 'inactive') return { status: CODE[plan.status] };
      const cache = new Map<string, ParameterTrace>();
      const param = (id: string): ParameterTrace => {
        let trace = cache.get(id);
        if (!trace) {
          trace = resolveParameter(ruleset, id, regionCode, asOf);
          cache.set(id, trace);
        }
        return trace;
      };
      return {
        cases: plan.governing.map((benefitCase) => ({
          rank: benefitCase.rank,
          conditions: benefitCase.conditions.map((c) =>
            compileCondition(c, read, param, enumValues, asOfDay, asOfYearStart, asOfMonthIndex),
          ),
          amount: compileAmount(benefitCase, benefit, read, param, enumValues, population),
        })),
      };
    });
    const recipients = new Float64Array(regionCount);
    const totals = new Float64Array(regionCount);
    const statusCounts = Array.from({ length: regionCount }, () => new Float64Array(STATUS_CODES.length));
    const perStatus = options.keepPerPerson ? new Uint8Array(population.size) : undefined;
    const perAmount = options.keepPerPerson ? new Float64Array(population.size).fill(Number.NaN) : undefined;
    const outcomeScratch = new Map<RegionPlan, { rank: number; outcome: CaseOutcomeKind }[]>();

    for (let i = 0; i < population.size; i++) {
      const r = population.regionIndex[i] as number;
      const plan = plans[r] as RegionPlan;
      let status: number;
      let amount = Number.NaN;
      if ('status' in plan) {
        status = plan.status;
      } else {
        let scratch = outcomeScratch.get(plan);
        if (!scratch) {
          scratch = plan.cases.map((c) => ({ rank: c.rank, outcome: 'failed' as CaseOutcomeKind }));
          outcomeScratch.set(plan, scratch);
        }
        plan.cases.forEach((c, k) => {
          let worst = 0;
          for (const kernel of c.conditions) {
            const code = kernel(i);
            if (code === 1) {
              worst = 1;
              break;
            }
            // precedence among open outcomes: missing (2) > no policy (3) > unset (4)
            if (code !== 0 && (worst === 0 || code < worst)) worst = code;
          }
          (scratch[k] as { outcome: CaseOutcomeKind }).outcome = OUTCOMES[worst] as CaseOutcomeKind;
        });
        const decision = decideCases(scratch);
        if (decision.kind === 'not_met') status = CODE.condition_not_met;
        else if (decision.kind === 'conflict') status = CODE.conflict;
        else if (decision.kind === 'undecided') status = CODE[decision.status];
        else {
          const value = (plan.cases[decision.index] as CompiledCase).amount(i);
          if (value < 0) status = -value - 1;
          else {
            status = CODE.eligible;
            amount = value;
          }
        }
      }
      (statusCounts[r] as Float64Array)[status]! += 1;
      if (status === CODE.eligible) {
        recipients[r]! += 1;
        if (!Number.isNaN(amount)) totals[r]! += amount;
      }
      if (perStatus && perAmount) {
        perStatus[i] = status;
        perAmount[i] = amount;
      }
    }
    const byRegion: RegionTotals[] = population.regionCodes.map((regionCode, r) => {
      const counts: Partial<Record<BenefitStatus, number>> = {};
      (statusCounts[r] as Float64Array).forEach((n, code) => {
        if (n > 0) counts[STATUS_CODES[code] as BenefitStatus] = n;
      });
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
  return { rulesetVersion: ruleset.version, asOf, size: population.size, benefits: results };
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
