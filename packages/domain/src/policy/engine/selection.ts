/**
 * Which cases of a benefit govern a region on a date: among the cases in force whose jurisdiction covers the
 * region, those of the most specific level (city before province before nation). With none in force, the
 * answer says why: outside the jurisdiction, expired, not yet in force, or no policy in force (a gap).
 */
import { isWithin } from './dates.ts';
import { coversRegion, jurisdictionLevel } from './jurisdiction.ts';
import type { BenefitCase, IsoDate, Jurisdiction, Ruleset } from './types.ts';

export type BenefitPlan =
  | {
      kind: 'inactive';
      status: 'outside_jurisdiction' | 'expired' | 'not_yet_in_force' | 'no_policy_in_force';
      date?: IsoDate;
      covering: BenefitCase[];
      all: BenefitCase[];
    }
  | { kind: 'active'; jurisdiction: Jurisdiction; governing: BenefitCase[]; overridden: BenefitCase[] };

export function selectCases(
  ruleset: Ruleset,
  benefitId: string,
  regionCode: string,
  asOf: IsoDate,
): BenefitPlan {
  const all = [...(ruleset.index.casesByBenefit.get(benefitId) ?? [])];
  const covering = all.filter((c) => coversRegion(c.jurisdiction, regionCode));
  if (covering.length === 0) return { kind: 'inactive', status: 'outside_jurisdiction', covering, all };
  const inForce = covering.filter((c) => c.validity.some((v) => isWithin(v, asOf)));
  if (inForce.length === 0) {
    const intervals = covering.flatMap((c) => c.validity);
    const ended = intervals.filter((v) => v.to !== null && v.to < asOf).map((v) => v.to as IsoDate);
    const upcoming = intervals.filter((v) => v.from > asOf).map((v) => v.from);
    const latestEnd = ended.sort().at(-1);
    const nextStart = upcoming.sort()[0];
    if (upcoming.length === 0) return { kind: 'inactive', status: 'expired', date: latestEnd, covering, all };
    if (ended.length === 0)
      return { kind: 'inactive', status: 'not_yet_in_force', date: nextStart, covering, all };
    return { kind: 'inactive', status: 'no_policy_in_force', date: nextStart, covering, all };
  }
  const level = Math.max(...inForce.map((c) => jurisdictionLevel(c.jurisdiction)));
  const governing = inForce
    .filter((c) => jurisdictionLevel(c.jurisdiction) === level)
    .sort((a, b) => b.rank - a.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const overridden = inForce.filter((c) => jurisdictionLevel(c.jurisdiction) < level);
  return { kind: 'active', jurisdiction: governing[0]?.jurisdiction ?? 'national', governing, overridden };
}
