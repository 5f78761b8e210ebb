import type { FactValue, GrantLedgerRow, SubjectKind } from '@jiuye/domain/policy/index.ts';
import type { GrantRecord } from './policy.repository.ts';

/**
 * What the registry (实名制台账) tells the policy engine about a labourer on a date. Only facts the ledger holds
 * are given; the rest (training days, contract months …) stay missing, and the results name them.
 */

export interface RegistryPerson {
  isRelocated: boolean;
  trainingWillingness: string | null;
}

export interface RegistrySpell {
  startMonth: string;
  endMonth: string | null;
  employmentForm: string;
  workArea: string;
  channel: string | null;
  isOrganizedTransport: boolean;
}

/** The spell that covers the month of the date (spells hold months, 'YYYY-MM'). */
export function currentSpell<T extends RegistrySpell>(spells: readonly T[], asOf: string): T | undefined {
  const month = asOf.slice(0, 7);
  return [...spells]
    .reverse()
    .find(
      (spell) =>
        spell.startMonth.slice(0, 7) <= month && (!spell.endMonth || spell.endMonth.slice(0, 7) >= month),
    );
}

export function factsFromRegistry(
  laborer: RegistryPerson,
  householdType: string | null,
  spells: readonly RegistrySpell[],
  asOf: string,
): Record<string, FactValue> {
  const facts: Record<string, FactValue> = { isRelocated: laborer.isRelocated };
  // 脱贫人口 = a member of a 脱贫户 (household type alleviated); monitored and low-income households are not.
  if (householdType !== null) facts.isAlleviated = householdType === 'alleviated';
  if (laborer.trainingWillingness === 'willing') facts.wantsTraining = true;
  else if (laborer.trainingWillingness === 'unwilling') facts.wantsTraining = false;
  const spell = currentSpell(spells, asOf);
  if (spell) {
    facts.workArea = spell.workArea;
    // The spell's first month stands for the departure (the ledger keeps months, not days).
    facts.departureDate = `${spell.startMonth.slice(0, 7)}-01`;
    facts.isOrganisedTransfer = spell.isOrganizedTransport || spell.channel === 'organized_outflow';
    facts.isLaborExport = spell.workArea === 'province' || spell.workArea === 'out_of_province';
    facts.holdsWelfarePost = spell.channel === 'welfare_post';
    facts.isSelfEmployed = spell.employmentForm === 'self_employed';
  } else {
    // Not in work on the date: no welfare post, no business of one's own in the ledger.
    facts.holdsWelfarePost = false;
    facts.isSelfEmployed = false;
  }
  return facts;
}

const SUBJECT_KINDS: readonly string[] = ['person', 'employer', 'provider', 'station', 'incubator'];

/**
 * Ledger rows about a labourer as the engine reads them: the labourer is `personKey` (as subject of a person
 * grant and as the person of an employer's or provider's grant).
 */
export function ledgerRowsFor(
  grants: readonly GrantRecord[],
  personKey: string,
  knownBenefit: (id: string) => boolean,
): GrantLedgerRow[] {
  return grants
    .filter((grant) => SUBJECT_KINDS.includes(grant.subjectKind) && knownBenefit(grant.benefitId))
    .map((grant) => {
      const row: GrantLedgerRow = {
        id: `grant-${grant.id}`,
        benefitId: grant.benefitId,
        subjectKind: grant.subjectKind as SubjectKind,
        subjectId: grant.subjectKind === 'person' ? personKey : (grant.subjectId ?? `grant-${grant.id}`),
        personId: personKey,
        periodStart: grant.periodStart,
        amountFen: grant.amountFen,
        decidedOn: grant.decidedOn,
      };
      if (grant.periodEnd) row.periodEnd = grant.periodEnd;
      if (grant.months !== null) row.months = grant.months;
      if (grant.rulesetVersion) row.rulesetVersion = grant.rulesetVersion;
      return row;
    });
}
