/** Declarative conditions (json-rules-engine style): each gives met/failed/missing with actual vs required values. */
import { formatChineseDate, monthIndexOf, monthStartAfter, addDays, yearOf } from './dates.ts';
import { displayFactValue } from './facts.ts';
import { formatRatio, formatYuan, isRatio, isRatioAtLeast } from './money.ts';
import type {
  Citation,
  Comparator,
  ConditionOutcome,
  ConditionSpec,
  ConditionStatus,
  FactDefinition,
  Facts,
  FactValue,
  IsoDate,
  ParameterTrace,
  Ratio,
} from './types.ts';

export interface ConditionContext {
  facts: Facts;
  asOf: IsoDate;
  factDefinitions: ReadonlyMap<string, FactDefinition>;
  resolve: (parameterId: string) => ParameterTrace;
  citation: Citation;
}

export const COMPARATOR_SYMBOLS: Record<Comparator, string> = {
  eq: '=',
  ne: '≠',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
};

export function compareNumbers(left: number, op: Comparator, right: number): boolean {
  switch (op) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    case 'gt':
      return left > right;
    case 'gte':
      return left >= right;
    case 'lt':
      return left < right;
    case 'lte':
      return left <= right;
  }
}

function readFact(facts: Facts, name: string): FactValue | undefined {
  const value = facts[name];
  return value === null ? undefined : value;
}

/** Status of a parameter for a condition: set, or why it cannot be used. */
function parameterStatus(trace: ParameterTrace): ConditionStatus | undefined {
  if (trace.status === 'none') return 'no_policy';
  if (trace.status === 'unset') return 'parameter_unset';
  return undefined;
}

export function evaluateCondition(condition: ConditionSpec, context: ConditionContext): ConditionOutcome {
  const definitionOf = (name: string): FactDefinition | undefined => context.factDefinitions.get(name);
  const show = (name: string): string => displayFactValue(definitionOf(name), readFact(context.facts, name));
  const outcome = (
    status: ConditionStatus,
    actual: string,
    required: string,
    facts: string[],
    params: string[] = [],
  ): ConditionOutcome => ({
    conditionId: condition.id,
    label: condition.label,
    status,
    actual,
    required,
    facts,
    params,
    missingFacts:
      status === 'missing_fact' ? facts.filter((f) => readFact(context.facts, f) === undefined) : [],
    selector: condition.selector === true,
    citation: condition.citation ?? context.citation,
  });
  const withUnit = (fact: string, amount: number): string => {
    const definition = definitionOf(fact);
    return definition?.unit === 'fen' ? formatYuan(amount) : `${amount}${definition?.unit ?? ''}`;
  };

  switch (condition.kind) {
    case 'is_true': {
      const value = readFact(context.facts, condition.fact);
      if (value === undefined) return outcome('missing_fact', show(condition.fact), '是', [condition.fact]);
      return outcome(value === true ? 'met' : 'failed', show(condition.fact), '是', [condition.fact]);
    }
    case 'any_true': {
      const values = condition.facts.map((f) => readFact(context.facts, f));
      const actual = condition.facts.map((f) => `${definitionOf(f)?.label ?? f}：${show(f)}`).join('；');
      const required = `${condition.facts.map((f) => definitionOf(f)?.label ?? f).join('或')}为是`;
      const status: ConditionStatus = values.some((v) => v === true)
        ? 'met'
        : values.some((v) => v === undefined)
          ? 'missing_fact'
          : 'failed';
      return outcome(status, actual, required, [...condition.facts]);
    }
    case 'in': {
      const value = readFact(context.facts, condition.fact);
      const definition = definitionOf(condition.fact);
      const required = condition.values.map((v) => definition?.valueLabels?.[v] ?? v).join('或');
      if (value === undefined)
        return outcome('missing_fact', show(condition.fact), required, [condition.fact]);
      return outcome(
        condition.values.includes(String(value)) ? 'met' : 'failed',
        show(condition.fact),
        required,
        [condition.fact],
      );
    }
    case 'compare':
    case 'compare_value':
    case 'sum_compare': {
      const facts = condition.kind === 'sum_compare' ? [...condition.facts] : [condition.fact];
      const params = condition.kind === 'compare_value' ? [] : [condition.param];
      let right: number;
      let rightText: string;
      if (condition.kind === 'compare_value') {
        right = condition.value;
        rightText = withUnit(facts[0] ?? '', right);
      } else {
        const trace = context.resolve(condition.param);
        const blocked = parameterStatus(trace);
        const values = facts.map((f) => readFact(context.facts, f));
        const actualText = facts.map(show).join(' + ');
        if (values.some((v) => v === undefined))
          return outcome(
            'missing_fact',
            actualText,
            `${COMPARATOR_SYMBOLS[condition.op]} ${trace.label}`,
            facts,
            params,
          );
        if (blocked)
          return outcome(
            blocked,
            actualText,
            `${COMPARATOR_SYMBOLS[condition.op]} ${trace.label}（${trace.display}）`,
            facts,
            params,
          );
        right = trace.value as number;
        rightText = withUnit(facts[0] ?? '', right);
      }
      const values = facts.map((f) => readFact(context.facts, f));
      const required = `${COMPARATOR_SYMBOLS[condition.op]} ${rightText}`;
      if (values.some((v) => v === undefined))
        return outcome('missing_fact', facts.map(show).join(' + '), required, facts, params);
      const left = values.reduce<number>((sum, v) => sum + (v as number), 0);
      const actual =
        facts.length > 1
          ? `${facts.map(show).join(' + ')} = ${withUnit(facts[0] ?? '', left)}`
          : show(facts[0] ?? '');
      return outcome(
        compareNumbers(left, condition.op, right) ? 'met' : 'failed',
        actual,
        required,
        facts,
        params,
      );
    }
    case 'ratio_at_least': {
      const facts = [condition.numerator, condition.denominator];
      const trace = context.resolve(condition.param);
      const numerator = readFact(context.facts, condition.numerator);
      const denominator = readFact(context.facts, condition.denominator);
      const required =
        trace.status === 'set' && isRatio(trace.value)
          ? `≥ ${formatRatio(trace.value)}`
          : `≥ ${trace.label}（${trace.display}）`;
      if (numerator === undefined || denominator === undefined) {
        return outcome(
          'missing_fact',
          `${show(condition.numerator)} / ${show(condition.denominator)}`,
          required,
          facts,
          [condition.param],
        );
      }
      const actual = `${numerator}/${denominator}${(denominator as number) > 0 ? `（${percent(numerator as number, denominator as number)}）` : ''}`;
      const blocked = parameterStatus(trace);
      if (blocked) return outcome(blocked, actual, required, facts, [condition.param]);
      const met =
        (denominator as number) > 0 &&
        isRatioAtLeast(numerator as number, denominator as number, trace.value as Ratio);
      return outcome(met ? 'met' : 'failed', actual, required, facts, [condition.param]);
    }
    case 'share_of_param_at_least': {
      const base = context.resolve(condition.baseParam);
      const ratio = context.resolve(condition.ratioParam);
      const value = readFact(context.facts, condition.fact);
      const params = [condition.baseParam, condition.ratioParam];
      const requiredText = (): string =>
        base.status === 'set' && ratio.status === 'set'
          ? `≥ ${base.label}${formatYuan(base.value as number)}的${formatRatio(ratio.value as Ratio)}（${formatYuan(Math.ceil(((base.value as number) * (ratio.value as Ratio).numerator) / (ratio.value as Ratio).denominator))}）`
          : `≥ ${base.label}（${base.display}）的${ratio.display}`;
      if (value === undefined)
        return outcome('missing_fact', show(condition.fact), requiredText(), [condition.fact], params);
      const blocked = parameterStatus(base) ?? parameterStatus(ratio);
      if (blocked) return outcome(blocked, show(condition.fact), requiredText(), [condition.fact], params);
      const r = ratio.value as Ratio;
      const met = (value as number) * r.denominator >= (base.value as number) * r.numerator;
      return outcome(met ? 'met' : 'failed', show(condition.fact), requiredText(), [condition.fact], params);
    }
    case 'date_in_asof_year': {
      const value = readFact(context.facts, condition.fact);
      const year = yearOf(context.asOf);
      const required = `在${year}年内且不晚于${formatChineseDate(context.asOf)}`;
      if (value === undefined)
        return outcome('missing_fact', show(condition.fact), required, [condition.fact]);
      const date = value as IsoDate;
      return outcome(
        yearOf(date) === year && date <= context.asOf ? 'met' : 'failed',
        show(condition.fact),
        required,
        [condition.fact],
      );
    }
    case 'date_within_months': {
      const value = readFact(context.facts, condition.fact);
      const trace = context.resolve(condition.param);
      if (value === undefined)
        return outcome(
          'missing_fact',
          show(condition.fact),
          `自当月起${trace.display}内`,
          [condition.fact],
          [condition.param],
        );
      const blocked = parameterStatus(trace);
      const date = value as IsoDate;
      if (blocked)
        return outcome(
          blocked,
          show(condition.fact),
          `自当月起${trace.display}内`,
          [condition.fact],
          [condition.param],
        );
      const months = trace.value as number;
      const lastDay = addDays(monthStartAfter(date, months), -1);
      const required = `自${formatChineseDate(date).replace(/\d+日$/, '')}起${months}个月内（至${formatChineseDate(lastDay)}）`;
      const met = date <= context.asOf && monthIndexOf(context.asOf) < monthIndexOf(date) + months;
      return outcome(
        met ? 'met' : 'failed',
        show(condition.fact),
        required,
        [condition.fact],
        [condition.param],
      );
    }
  }
}

function percent(numerator: number, denominator: number): string {
  const tenths = Math.floor((numerator * 1000) / denominator);
  return `${Math.floor(tenths / 10)}${tenths % 10 === 0 ? '' : `.${tenths % 10}`}%`;
}
