import type {
  AmountSpec,
  BenefitCase,
  ConditionSpec,
  ExclusionSpec,
  LimitSpec,
} from '@jiuye/domain/policy/engine/types.ts';
import { BENEFITS } from '@jiuye/domain/policy/policies/catalogue.ts';
import { CASES as JIN_2017 } from '@jiuye/domain/policy/policies/jin-zheng-ban-fa-2017-29.ts';
import { CASES as LIN_2017 } from '@jiuye/domain/policy/policies/lin-zheng-ban-fa-2017-52.ts';
import { CASES as RSB_2016 } from '@jiuye/domain/policy/policies/ren-she-bu-fa-2016-119.ts';
import { CASES as SHANXI_2021 } from '@jiuye/domain/policy/policies/shanxi-2021-employment-assistance.ts';
import { CASES as XINZHOU_2022 } from '@jiuye/domain/policy/policies/xinzhou-2022.ts';
import type { PolicySubjectKind } from './policy-types.ts';

/**
 * What the library API does not list, read from the cases of the seed documents: which facts a scenario of each
 * subject kind needs (from the conditions and amount formulas), and each case's caps and exclusivity.
 * Administrator files add values, never cases, so this holds for every ruleset.
 */

function factsOfCondition(condition: ConditionSpec): string[] {
  switch (condition.kind) {
    case 'any_true':
    case 'sum_compare':
      return [...condition.facts];
    case 'ratio_at_least':
      return [condition.numerator, condition.denominator];
    default:
      return [condition.fact];
  }
}

function factsOfAmount(amount: AmountSpec): string[] {
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

export interface FactUse {
  /** Fact names in the order the cases first use them. */
  facts: string[];
  /** Benefit ids using each fact. */
  benefitsByFact: Map<string, string[]>;
}

const SEED_CASES: readonly BenefitCase[] = [
  ...RSB_2016,
  ...JIN_2017,
  ...LIN_2017,
  ...SHANXI_2021,
  ...XINZHOU_2022,
];

function buildFactUses(): Map<PolicySubjectKind, FactUse> {
  const kindOf = new Map(BENEFITS.map((benefit) => [benefit.id, benefit.subjectKind]));
  const uses = new Map<PolicySubjectKind, FactUse>();
  for (const benefitCase of SEED_CASES) {
    const kind = kindOf.get(benefitCase.benefitId);
    if (!kind) continue;
    const use = uses.get(kind) ?? { facts: [], benefitsByFact: new Map<string, string[]>() };
    uses.set(kind, use);
    const names = [...benefitCase.conditions.flatMap(factsOfCondition), ...factsOfAmount(benefitCase.amount)];
    for (const name of names) {
      const benefits = use.benefitsByFact.get(name);
      if (!benefits) {
        use.facts.push(name);
        use.benefitsByFact.set(name, [benefitCase.benefitId]);
      } else if (!benefits.includes(benefitCase.benefitId)) {
        benefits.push(benefitCase.benefitId);
      }
    }
  }
  return uses;
}

export const FACT_USES: ReadonlyMap<PolicySubjectKind, FactUse> = buildFactUses();

export interface CaseRules {
  limits: readonly LimitSpec[];
  exclusions: readonly ExclusionSpec[];
  /** The parameter capping the amount (不超过…), if any. */
  capParam: string | undefined;
}

/** Caps (limits on count, amount or months against the ledger) and exclusivity of each case, by case id. */
export const CASE_RULES: ReadonlyMap<string, CaseRules> = new Map(
  SEED_CASES.map((benefitCase) => [
    benefitCase.id,
    {
      limits: benefitCase.limits ?? [],
      exclusions: benefitCase.exclusions ?? [],
      capParam: 'capParam' in benefitCase.amount ? benefitCase.amount.capParam : undefined,
    },
  ]),
);
