/**
 * Public API of the policy engine: every subsidy, allowance, reward and support of the seed documents as data with
 * citations; evaluation with explanations; administrator value files; what-if overlays; a columnar whole-population
 * path.
 */
import { evaluateScenario } from './engine/evaluate.ts';
export { amountFacts } from './engine/evaluate.ts';
export { conditionFacts } from './engine/ruleset.ts';
import { scenarioErrors } from './engine/facts.ts';
import { loadParameterValues as loadValuesInto } from './engine/load-values.ts';
import type { Evaluation, Ruleset, RulesetOutcome, Scenario, ScenarioError } from './engine/types.ts';
import { SEED_RULESET } from './policies/index.ts';

export type * from './engine/types.ts';
export type { ExplanationNode } from './engine/explain.ts';
export type {
  Overlay,
  OverlayValue,
  ParameterValueInput,
  ParameterValuesFile,
} from './engine/load-values.ts';
export type {
  BenefitTotals,
  FactColumn,
  PopulationColumns,
  PopulationEvaluation,
  PopulationOptions,
  PriorGrantColumns,
  RegionTotals,
  WhatIfComparison,
} from './engine/columnar.ts';

export { explainSentence, explainTree, formatCitation, STATUS_LABELS } from './engine/explain.ts';
export { applyOverlay } from './engine/load-values.ts';
export { buildRuleset, computeRulesetVersion, ENGINE_VERSION } from './engine/ruleset.ts';
export { resolveParameter } from './engine/parameter.ts';
export { evaluatePopulation, runWhatIf, MISSING_CODE, MISSING_INT, STATUS_CODES } from './engine/columnar.ts';
export { toEpochDay, fromEpochDay, isIsoDate } from './engine/dates.ts';
export { formatYuan } from './engine/money.ts';
export { DEFAULT_JURISDICTIONS } from './engine/jurisdiction.ts';
export { SEED_RULESET, SEED_RULESET_DATA } from './policies/index.ts';

/** The ruleset built from the five seed documents. */
export const DEFAULT_RULESET: Ruleset = SEED_RULESET;

export interface EvaluateOptions {
  ruleset?: Ruleset;
  /** Evaluate only these benefits. */
  benefitIds?: readonly string[];
}

/**
 * What is this subject entitled to on this date, and why: every benefit of the subject's kind with its status,
 * amount in fen and explanation. An ill-formed scenario returns `errors` (each naming the field or fact) and
 * no results.
 */
export function evaluate(scenario: Scenario | unknown, options: EvaluateOptions = {}): Evaluation {
  const evaluateOptions = options.benefitIds ? { benefitIds: options.benefitIds } : {};
  return evaluateScenario(options.ruleset ?? DEFAULT_RULESET, scenario, evaluateOptions);
}

/** Validates a scenario without evaluating it: errors name the field or fact (missing facts are not errors). */
export function validateScenario(input: unknown, ruleset: Ruleset = DEFAULT_RULESET): ScenarioError[] {
  return scenarioErrors(input, ruleset);
}

/**
 * Adds an administrator's file of parameter values (a new document's values with citations and validity) to a
 * ruleset. Refused whole on overlapping validity, a missing citation or an unknown jurisdiction.
 */
export function loadParameterValues(content: unknown, base: Ruleset = DEFAULT_RULESET): RulesetOutcome {
  return loadValuesInto(content, base);
}
