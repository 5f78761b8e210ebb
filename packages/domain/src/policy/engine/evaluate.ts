/**
 * The interpreter: evaluates every benefit of a scenario with a full explanation (inputs, parameters with
 * citations, cases considered, amount steps, caps and exclusions with the ledger rows involved).
 */
import { evaluateCondition } from './conditions.ts';
import { formatChineseDate, yearOf } from './dates.ts';
import { combineConditionStatuses, decideCases } from './decide.ts';
import { displayFactValue, scenarioErrors } from './facts.ts';
import { jurisdictionName } from './jurisdiction.ts';
import { formatRatio, formatYuan, mulDivFloor } from './money.ts';
import { createParameterResolver } from './parameter.ts';
import { selectCases } from './selection.ts';
import type {
  AmountKind,
  AmountStep,
  BenefitCase,
  BenefitDefinition,
  BenefitResult,
  BenefitStatus,
  CaseTrace,
  ConditionOutcome,
  Evaluation,
  ExclusionSpec,
  ExclusionTrace,
  Explanation,
  FactValue,
  GrantLedgerRow,
  InputUsed,
  LedgerScope,
  LimitTrace,
  ParameterTrace,
  Ratio,
  Ruleset,
  Scenario,
} from './types.ts';

export interface EvaluateOptions {
  benefitIds?: readonly string[];
}

/** Validates and evaluates a scenario; an ill-formed scenario returns its errors and no results. */
export function evaluateScenario(
  ruleset: Ruleset,
  input: Scenario | unknown,
  options: EvaluateOptions = {},
): Evaluation {
  const errors = scenarioErrors(input, ruleset);
  for (const id of options.benefitIds ?? []) {
    if (!ruleset.index.benefits.has(id))
      errors.push({ code: 'unknown_benefit', path: 'benefitIds', message: `未定义的待遇 ${id}` });
  }
  if (errors.length > 0) {
    const partial = (typeof input === 'object' && input !== null ? input : {}) as Partial<Scenario>;
    return {
      rulesetVersion: ruleset.version,
      asOf: typeof partial.asOf === 'string' ? partial.asOf : '',
      regionCode: typeof partial.regionCode === 'string' ? partial.regionCode : '',
      subject: { kind: partial.subject?.kind ?? 'person' },
      results: [],
      errors,
    };
  }
  const scenario = input as Scenario;
  const wanted = options.benefitIds ?? scenario.benefitIds;
  const benefits = ruleset.benefits.filter(
    (b) => b.subjectKind === scenario.subject.kind && (wanted === undefined || wanted.includes(b.id)),
  );
  const subject: Evaluation['subject'] = { kind: scenario.subject.kind };
  if (scenario.subject.id !== undefined) subject.id = scenario.subject.id;
  if (scenario.subject.personId !== undefined) subject.personId = scenario.subject.personId;
  return {
    rulesetVersion: ruleset.version,
    asOf: scenario.asOf,
    regionCode: scenario.regionCode,
    subject,
    results: benefits.map((benefit) => evaluateBenefit(ruleset, benefit, scenario)),
    errors: [],
  };
}

function emptyExplanation(): Explanation {
  return {
    inputs: [],
    parameters: [],
    governingJurisdiction: null,
    casesConsidered: [],
    overriddenCases: [],
    inactiveCases: [],
    caseTaken: null,
    conflictCaseIds: [],
    steps: [],
    limits: [],
    exclusions: [],
    failedConditions: [],
    missingFacts: [],
  };
}

function personIdOf(scenario: Scenario): string | undefined {
  return scenario.subject.kind === 'person'
    ? (scenario.subject.id ?? scenario.subject.personId)
    : scenario.subject.personId;
}

function rowPersonId(row: GrantLedgerRow): string | undefined {
  return row.personId ?? (row.subjectKind === 'person' ? row.subjectId : undefined);
}

/** Earlier grants of the given benefits in scope and period; or the id the scenario must supply to tell. */
export function matchLedgerRows(
  scenario: Scenario,
  benefitIds: readonly string[],
  scope: LedgerScope | 'person_other_subject',
  period: 'year' | 'lifetime',
): { rows: GrantLedgerRow[] } | { missingId: string } {
  const year = yearOf(scenario.asOf);
  const candidates = (scenario.grants ?? []).filter(
    (row) =>
      benefitIds.includes(row.benefitId) && (period === 'lifetime' || yearOf(row.periodStart) === year),
  );
  if (candidates.length === 0) return { rows: [] };
  const subjectId = scenario.subject.id;
  const personId = personIdOf(scenario);
  const needsSubject = scope !== 'person';
  const needsPerson = scope !== 'subject';
  if (needsSubject && subjectId === undefined) return { missingId: 'subject.id' };
  if (needsPerson && personId === undefined)
    return { missingId: scenario.subject.kind === 'person' ? 'subject.id' : 'subject.personId' };
  const sameSubject = (row: GrantLedgerRow): boolean =>
    row.subjectKind === scenario.subject.kind && row.subjectId === subjectId;
  const samePerson = (row: GrantLedgerRow): boolean => rowPersonId(row) === personId;
  const rows = candidates.filter((row) => {
    switch (scope) {
      case 'subject':
        return sameSubject(row);
      case 'person':
        return samePerson(row);
      case 'subject_person':
        return sameSubject(row) && samePerson(row);
      case 'person_other_subject':
        return samePerson(row) && !sameSubject(row);
    }
  });
  return { rows };
}

const STATUS_MESSAGES: Record<BenefitStatus, string> = {
  eligible: '符合条件',
  conflict: '多个同级情形同时适用，需人工裁定',
  expired: '政策已到期',
  not_yet_in_force: '政策尚未施行',
  no_policy_in_force: '评估日没有有效的政策规定',
  outside_jurisdiction: '不在政策实施范围内',
  condition_not_met: '不符合条件',
  cap_reached: '已达享受上限',
  excluded_by_grant: '因已享受其他待遇不再重复享受',
  parameter_unset: '具体标准尚未设定',
  missing_fact: '缺少判断所需信息',
};

/** The facts a case's amount formula reads. */
export function amountFacts(benefitCase: BenefitCase): string[] {
  const amount = benefitCase.amount;
  switch (amount.kind) {
    case 'per_unit':
      return [amount.unitsFact];
    case 'share_of_fact':
    case 'by_category':
      return [amount.fact];
    default:
      return [];
  }
}

interface Outcome {
  status: BenefitStatus;
  amountFen: number | null;
  amountKind: AmountKind | null;
  loan?: { limitFen: number; interestSubsidy: Ratio };
  months?: number;
  reason: BenefitResult['reason'];
}

export function evaluateBenefit(
  ruleset: Ruleset,
  benefit: BenefitDefinition,
  scenario: Scenario,
): BenefitResult {
  const resolver = createParameterResolver(ruleset, scenario.regionCode, scenario.asOf);
  const explanation = emptyExplanation();
  const factsRead = new Set<string>();
  const finish = (outcome: Outcome): BenefitResult => {
    explanation.parameters = resolver.used();
    explanation.inputs = [...factsRead].map((fact): InputUsed => {
      const definition = ruleset.index.facts.get(fact);
      const raw = scenario.subject.facts[fact];
      const value: FactValue | null = raw === undefined ? null : raw;
      return { fact, label: definition?.label ?? fact, value, display: displayFactValue(definition, value) };
    });
    const result: BenefitResult = {
      benefitId: benefit.id,
      benefitLabel: benefit.label,
      benefitKind: benefit.kind,
      payee: benefit.payee,
      status: outcome.status,
      amountFen: outcome.amountFen,
      amountKind: outcome.amountKind,
      reason: outcome.reason,
      rulesetVersion: ruleset.version,
      asOf: scenario.asOf,
      regionCode: scenario.regionCode,
      explanation,
    };
    if (outcome.loan) result.loan = outcome.loan;
    if (outcome.months !== undefined) result.months = outcome.months;
    return result;
  };
  const deny = (
    status: BenefitStatus,
    extra: Partial<NonNullable<BenefitResult['reason']>> = {},
  ): BenefitResult =>
    finish({
      status,
      amountFen: null,
      amountKind: null,
      reason: { code: status, message: STATUS_MESSAGES[status], ...extra },
    });

  const plan = selectCases(ruleset, benefit.id, scenario.regionCode, scenario.asOf);
  if (plan.kind === 'inactive') {
    const shown = plan.status === 'outside_jurisdiction' ? plan.all : plan.covering;
    explanation.inactiveCases = shown.map((c) => ({
      caseId: c.id,
      jurisdiction: c.jurisdiction,
      validity: c.validity,
      citation: c.citation,
    }));
    if (plan.status === 'outside_jurisdiction') {
      const names = [
        ...new Set(plan.all.map((c) => jurisdictionName(c.jurisdiction, ruleset.index.jurisdictions))),
      ];
      return deny('outside_jurisdiction', { message: `仅在${names.join('、')}实施` });
    }
    const extra: Partial<NonNullable<BenefitResult['reason']>> = {};
    if (plan.date !== undefined) extra.date = plan.date;
    if (plan.status === 'expired' && plan.date) extra.message = `已于${formatChineseDate(plan.date)}到期`;
    if (plan.status === 'not_yet_in_force' && plan.date)
      extra.message = `自${formatChineseDate(plan.date)}起施行`;
    return deny(plan.status, extra);
  }

  explanation.governingJurisdiction = plan.jurisdiction;
  explanation.overriddenCases = plan.overridden.map((c) => ({
    caseId: c.id,
    jurisdiction: c.jurisdiction,
    citation: c.citation,
  }));
  const traces: CaseTrace[] = plan.governing.map((benefitCase) => {
    const conditions = benefitCase.conditions.map((condition) =>
      evaluateCondition(condition, {
        facts: scenario.subject.facts,
        asOf: scenario.asOf,
        factDefinitions: ruleset.index.facts,
        resolve: resolver.resolve,
        citation: benefitCase.citation,
      }),
    );
    conditions.forEach((c) => c.facts.forEach((f) => factsRead.add(f)));
    return {
      caseId: benefitCase.id,
      label: benefitCase.label,
      kind: benefitCase.kind,
      rank: benefitCase.rank,
      jurisdiction: benefitCase.jurisdiction,
      validity: benefitCase.validity,
      citation: benefitCase.citation,
      outcome: combineConditionStatuses(conditions.map((c) => c.status)),
      conditions,
    };
  });
  explanation.casesConsidered = traces;
  const decision = decideCases(traces);

  if (decision.kind === 'not_met') {
    explanation.failedConditions = failedConditionsOf(traces);
    return deny('condition_not_met', {
      message: `不符合条件：${explanation.failedConditions.map((c) => c.label).join('；')}`,
    });
  }
  if (decision.kind === 'conflict') {
    explanation.conflictCaseIds = decision.indices.map((i) => traces[i]?.caseId ?? '');
    return deny('conflict', {
      message: `同一等级的情形同时适用：${decision.indices.map((i) => traces[i]?.label ?? '').join('、')}`,
    });
  }
  if (decision.kind === 'undecided') {
    const open = decision.indices.flatMap((i) => traces[i]?.conditions ?? []);
    if (decision.status === 'missing_fact') {
      const missing = [...new Set(open.flatMap((c) => c.missingFacts))];
      explanation.missingFacts = missing;
      return deny('missing_fact', {
        facts: missing,
        message: `缺少：${missing.map((f) => ruleset.index.facts.get(f)?.label ?? f).join('、')}`,
      });
    }
    const blockedStatus = decision.status === 'no_policy_in_force' ? 'no_policy' : 'parameter_unset';
    const param = open
      .find((c) => c.status === blockedStatus)
      ?.params.find((p) => resolver.resolve(p).status !== 'set');
    return deny(
      decision.status,
      param === undefined ? {} : { parameterId: param, message: parameterMessage(resolver.resolve(param)) },
    );
  }

  const chosenIndex = decision.index;
  const chosen = plan.governing[chosenIndex] as BenefitCase;
  const chosenTrace = traces[chosenIndex] as CaseTrace;
  explanation.caseTaken = {
    caseId: chosen.id,
    label: chosen.label,
    kind: chosen.kind,
    rank: chosen.rank,
    citation: chosen.citation,
    why: whyText(chosenTrace, traces),
  };
  return finish(computeOutcome(ruleset, benefit, chosen, scenario, resolver.resolve, explanation, factsRead));
}

function parameterMessage(trace: ParameterTrace): string {
  if (trace.status === 'none') return `${trace.label}在评估日没有有效规定`;
  const where = trace.citation
    ? `（${trace.citation.documentNumber ?? trace.citation.title}${trace.citation.article}）`
    : '';
  return `${trace.label}尚未设定${where}`;
}

function failedConditionsOf(traces: readonly CaseTrace[]): ConditionOutcome[] {
  const failed = traces.flatMap((t) => t.conditions.filter((c) => c.status === 'failed'));
  const eligibility = failed.filter((c) => !c.selector);
  const chosen = eligibility.length > 0 ? eligibility : failed;
  const seen = new Set<string>();
  return chosen.filter((c) => (seen.has(c.conditionId) ? false : (seen.add(c.conditionId), true)));
}

function whyText(chosen: CaseTrace, traces: readonly CaseTrace[]): string {
  const met = chosen.conditions.map((c) => `${c.label}（${c.actual}，要求${c.required}）`).join('；');
  const others = traces.filter((t) => t !== chosen);
  const exception = chosen.kind === 'exception' ? '该例外情形优先于基本情形；' : '';
  const notTaken =
    others.length > 0
      ? `；未采用：${others.map((t) => `${t.label}（${t.outcome === 'failed' ? '条件不符' : '未适用'}）`).join('、')}`
      : '';
  return `${exception}条件均满足：${met}${notTaken}`;
}

function computeOutcome(
  ruleset: Ruleset,
  benefit: BenefitDefinition,
  chosen: BenefitCase,
  scenario: Scenario,
  resolve: (id: string) => ParameterTrace,
  explanation: Explanation,
  factsRead: Set<string>,
): Outcome {
  const facts = scenario.subject.facts;
  const deny = (
    status: BenefitStatus,
    extra: Partial<NonNullable<BenefitResult['reason']>> = {},
  ): Outcome => ({
    status,
    amountFen: null,
    amountKind: null,
    reason: { code: status, message: STATUS_MESSAGES[status], ...extra },
  });
  const blocked = (trace: ParameterTrace): Outcome | undefined =>
    trace.status === 'set'
      ? undefined
      : deny(trace.status === 'none' ? 'no_policy_in_force' : 'parameter_unset', {
          parameterId: trace.parameterId,
          message: parameterMessage(trace),
        });

  for (const fact of amountFacts(chosen)) factsRead.add(fact);
  const missing = amountFacts(chosen).filter((f) => facts[f] === undefined || facts[f] === null);
  if (missing.length > 0) {
    explanation.missingFacts = missing;
    return deny('missing_fact', {
      facts: missing,
      message: `缺少：${missing.map((f) => ruleset.index.facts.get(f)?.label ?? f).join('、')}`,
    });
  }

  const amount = chosen.amount;
  const steps: AmountStep[] = explanation.steps;
  let amountFen: number | null;
  let amountKind: AmountKind;
  let loan: Outcome['loan'];
  switch (amount.kind) {
    case 'fixed': {
      const trace = resolve(amount.param);
      const stop = blocked(trace);
      if (stop) return stop;
      amountFen = trace.value as number;
      amountKind = amount.amountKind;
      steps.push({ label: trace.label, formula: formatYuan(amountFen), resultFen: amountFen });
      break;
    }
    case 'per_unit': {
      const trace = resolve(amount.rateParam);
      const stop = blocked(trace);
      if (stop) return stop;
      const units = facts[amount.unitsFact] as number;
      const rate = trace.value as number;
      amountFen = units * rate;
      amountKind = amount.amountKind;
      const unitLabel = ruleset.index.facts.get(amount.unitsFact)?.label ?? amount.unitsFact;
      steps.push({
        label: `${trace.label} × ${unitLabel}`,
        formula: `${formatYuan(rate)} × ${units} = ${formatYuan(amountFen)}`,
        resultFen: amountFen,
      });
      break;
    }
    case 'share_of_fact': {
      const trace = resolve(amount.ratioParam);
      const stop = blocked(trace);
      if (stop) return stop;
      const base = facts[amount.fact] as number;
      const ratio = trace.value as Ratio;
      amountFen = mulDivFloor(base, ratio.numerator, ratio.denominator);
      amountKind = amount.amountKind;
      const baseLabel = ruleset.index.facts.get(amount.fact)?.label ?? amount.fact;
      steps.push({
        label: `${baseLabel} × ${trace.label}（向下取整到分）`,
        formula: `${formatYuan(base)} × ${formatRatio(ratio)} = ${formatYuan(amountFen)}`,
        resultFen: amountFen,
      });
      break;
    }
    case 'by_category': {
      const trace = resolve(amount.mappingParam);
      const stop = blocked(trace);
      if (stop) return stop;
      const category = String(facts[amount.fact]);
      const mapped = (trace.value as Record<string, number>)[category];
      if (mapped === undefined) {
        return deny('parameter_unset', {
          parameterId: trace.parameterId,
          message: `${trace.label}未设定类别 ${category} 的标准`,
        });
      }
      amountFen = mapped;
      amountKind = amount.amountKind;
      const categoryLabel = displayFactValue(ruleset.index.facts.get(amount.fact), category);
      steps.push({
        label: `${trace.label}（${categoryLabel}）`,
        formula: formatYuan(mapped),
        resultFen: mapped,
      });
      break;
    }
    case 'loan': {
      const limit = resolve(amount.limitParam);
      const interest = resolve(amount.interestSubsidyParam);
      const stop = blocked(limit) ?? blocked(interest);
      if (stop) return stop;
      amountFen = limit.value as number;
      amountKind = 'loan_limit';
      loan = { limitFen: amountFen, interestSubsidy: interest.value as Ratio };
      steps.push({
        label: limit.label,
        formula: `${formatYuan(amountFen)}，贴息比例${formatRatio(interest.value as Ratio)}`,
        resultFen: amountFen,
      });
      break;
    }
    case 'in_kind':
      amountFen = null;
      amountKind = 'in_kind';
      steps.push({ label: '非现金支持', formula: amount.description, resultFen: 0 });
      break;
  }

  if ('capParam' in amount && amount.capParam !== undefined && amountFen !== null) {
    const trace = resolve(amount.capParam);
    const stop = blocked(trace);
    if (stop) return stop;
    const cap = trace.value as number;
    if (amountFen > cap) {
      steps.push({
        label: `${trace.label}（每次上限）`,
        formula: `min(${formatYuan(amountFen)}, ${formatYuan(cap)}) = ${formatYuan(cap)}`,
        resultFen: cap,
      });
      amountFen = cap;
    } else {
      steps.push({
        label: `${trace.label}（每次上限）`,
        formula: `${formatYuan(amountFen)} ≤ ${formatYuan(cap)}，不扣减`,
        resultFen: amountFen,
      });
    }
  }

  for (const exclusion of chosen.exclusions ?? []) {
    const trace = exclusionTrace(scenario, exclusion);
    if ('missingId' in trace) {
      explanation.missingFacts = [trace.missingId];
      return deny('missing_fact', {
        facts: [trace.missingId],
        message: `缺少：${trace.missingId}（需要核对发放台账）`,
      });
    }
    explanation.exclusions.push(trace);
    if (trace.triggered) {
      const names = [
        ...new Set(
          trace.ledgerRows.map((r) => ruleset.index.benefits.get(r.benefitId)?.label ?? r.benefitId),
        ),
      ];
      return deny('excluded_by_grant', { message: `已享受${names.join('、')}，${exclusion.label}` });
    }
  }

  let months: number | undefined;
  for (const limit of chosen.limits ?? []) {
    const matched = matchLedgerRows(scenario, limit.benefitIds ?? [benefit.id], limit.scope, limit.period);
    if ('missingId' in matched) {
      explanation.missingFacts = [matched.missingId];
      return deny('missing_fact', {
        facts: [matched.missingId],
        message: `缺少：${matched.missingId}（需要核对发放台账）`,
      });
    }
    const maxTrace = resolve(limit.maxParam);
    const stop = blocked(maxTrace);
    if (stop) return stop;
    const max = maxTrace.value as number;
    const rows = matched.rows;
    const trace: LimitTrace = {
      limitId: limit.id,
      label: limit.label,
      measure: limit.measure,
      period: limit.period,
      scope: limit.scope,
      max,
      used: 0,
      requested: 0,
      granted: 0,
      effect: 'none',
      ledgerRows: rows,
      citation: limit.citation,
    };
    explanation.limits.push(trace);
    if (limit.measure === 'count') {
      trace.used = rows.length;
      trace.requested = 1;
      if (trace.used >= max) {
        trace.effect = 'reached';
        return deny('cap_reached', { message: `${limit.label}：上限${max}次，已享受${trace.used}次` });
      }
      trace.granted = 1;
    } else if (limit.measure === 'amount') {
      trace.used = rows.reduce((sum, r) => sum + r.amountFen, 0);
      trace.requested = amountFen ?? 0;
      const remaining = max - trace.used;
      if (remaining <= 0) {
        trace.effect = 'reached';
        return deny('cap_reached', {
          message: `${limit.label}：上限${formatYuan(max)}，已享受${formatYuan(trace.used)}`,
        });
      }
      if (amountFen !== null && amountFen > remaining) {
        steps.push({
          label: limit.label,
          formula: `${formatYuan(max)} − 已享受${formatYuan(trace.used)} = ${formatYuan(remaining)}`,
          resultFen: remaining,
        });
        amountFen = remaining;
        trace.effect = 'reduced';
      }
      trace.granted = amountFen ?? 0;
    } else {
      const monthsFact = limit.monthsFact ?? '';
      factsRead.add(monthsFact);
      const claimed = facts[monthsFact];
      if (typeof claimed !== 'number') {
        explanation.missingFacts = [monthsFact];
        return deny('missing_fact', {
          facts: [monthsFact],
          message: `缺少：${ruleset.index.facts.get(monthsFact)?.label ?? monthsFact}`,
        });
      }
      trace.used = rows.reduce((sum, r) => sum + (r.months ?? 0), 0);
      trace.requested = claimed;
      const remaining = max - trace.used;
      if (remaining <= 0) {
        trace.effect = 'reached';
        return deny('cap_reached', { message: `${limit.label}：上限${max}个月，已享受${trace.used}个月` });
      }
      const granted = Math.min(claimed, remaining);
      if (claimed > remaining) {
        trace.effect = 'reduced';
        if (amountFen !== null && claimed > 0) {
          const reduced = mulDivFloor(amountFen, remaining, claimed);
          steps.push({
            label: `${limit.label}：剩余${remaining}个月，按月折算（向下取整到分）`,
            formula: `${formatYuan(amountFen)} × ${remaining}/${claimed} = ${formatYuan(reduced)}`,
            resultFen: reduced,
          });
          amountFen = reduced;
        }
      }
      trace.granted = granted;
      months = months === undefined ? granted : Math.min(months, granted);
    }
  }

  const outcome: Outcome = {
    status: 'eligible',
    amountFen,
    amountKind,
    reason: null,
  };
  if (loan) outcome.loan = loan;
  if (months !== undefined) outcome.months = months;
  return outcome;
}

function exclusionTrace(
  scenario: Scenario,
  exclusion: ExclusionSpec,
): ExclusionTrace | { missingId: string } {
  const matched = matchLedgerRows(scenario, exclusion.benefitIds, exclusion.scope, exclusion.period);
  if ('missingId' in matched) return matched;
  return {
    exclusionId: exclusion.id,
    label: exclusion.label,
    triggered: matched.rows.length > 0,
    ledgerRows: matched.rows,
    citation: exclusion.citation,
  };
}
