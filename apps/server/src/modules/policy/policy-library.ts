import type { PolicyLibraryDto } from '@jiuye/contracts';
import {
  amountFacts,
  conditionFacts,
  type BenefitCase,
  type Ruleset,
  type SubjectKind,
} from '@jiuye/domain/policy/index.ts';

/**
 * What the policy library (policy-ruleset.ts buildLibrary) tells besides documents, parameters and cases: each
 * case's facts, caps (limits against the ledger, the amount cap parameter) and exclusivity, and which facts a
 * scenario of each subject kind needs. Read from the ruleset in force, so the web no longer bundles the seed
 * policy files.
 */

/** The facts a case reads: its conditions, its amount formula, the months claimed by its month limits. */
function factsOfCase(benefitCase: BenefitCase): string[] {
  const names = [
    ...benefitCase.conditions.flatMap(conditionFacts),
    ...amountFacts(benefitCase),
    ...(benefitCase.limits ?? []).flatMap((limit) => (limit.monthsFact ? [limit.monthsFact] : [])),
  ];
  return [...new Set(names)];
}

type LibraryCase = PolicyLibraryDto['benefits'][number]['cases'][number];

export function caseRules(
  benefitCase: BenefitCase,
): Pick<LibraryCase, 'facts' | 'capParam' | 'limits' | 'exclusions'> {
  return {
    facts: factsOfCase(benefitCase),
    capParam: 'capParam' in benefitCase.amount ? (benefitCase.amount.capParam ?? null) : null,
    limits: (benefitCase.limits ?? []).map((limit) => ({
      id: limit.id,
      label: limit.label,
      measure: limit.measure,
      period: limit.period,
      scope: limit.scope,
      maxParam: limit.maxParam,
      benefitIds: [...(limit.benefitIds ?? [benefitCase.benefitId])],
      citation: limit.citation,
    })),
    exclusions: (benefitCase.exclusions ?? []).map((exclusion) => ({
      id: exclusion.id,
      label: exclusion.label,
      scope: exclusion.scope,
      period: exclusion.period,
      benefitIds: [...exclusion.benefitIds],
      citation: exclusion.citation,
    })),
  };
}

/** Which facts a scenario of each subject kind needs, in the order the cases first use them. */
export function factsBySubjectKind(ruleset: Ruleset): PolicyLibraryDto['factsBySubjectKind'] {
  const kindOf = new Map(ruleset.benefits.map((benefit) => [benefit.id, benefit.subjectKind]));
  const uses = new Map<SubjectKind, Map<string, string[]>>();
  for (const benefitCase of ruleset.cases) {
    const kind = kindOf.get(benefitCase.benefitId);
    if (!kind) continue;
    const byFact = uses.get(kind) ?? new Map<string, string[]>();
    uses.set(kind, byFact);
    for (const name of factsOfCase(benefitCase)) {
      const benefits = byFact.get(name) ?? [];
      if (!benefits.includes(benefitCase.benefitId)) benefits.push(benefitCase.benefitId);
      byFact.set(name, benefits);
    }
  }
  return [...uses.entries()].map(([subjectKind, byFact]) => ({
    subjectKind,
    facts: [...byFact.entries()].map(([name, benefitIds]) => ({ name, benefitIds })),
  }));
}
