/**
 * How the outcomes of conditions and cases combine (Catala-style labelled exceptions): shared by the interpreter
 * and the columnar path so both take the same decision from the same outcomes.
 */
import type { CaseOutcomeKind, ConditionStatus } from './types.ts';

/** A case fails on any failed condition; otherwise a missing fact, then an absent or unset parameter, leaves it open. */
export function combineConditionStatuses(statuses: Iterable<ConditionStatus>): CaseOutcomeKind {
  let missing = false;
  let noPolicy = false;
  let unset = false;
  for (const status of statuses) {
    if (status === 'failed') return 'failed';
    if (status === 'missing_fact') missing = true;
    else if (status === 'no_policy') noPolicy = true;
    else if (status === 'parameter_unset') unset = true;
  }
  if (missing) return 'missing_fact';
  if (noPolicy) return 'no_policy';
  if (unset) return 'parameter_unset';
  return 'applicable';
}

export type CaseDecision =
  | { kind: 'chosen'; index: number }
  | { kind: 'conflict'; indices: number[] }
  | {
      kind: 'undecided';
      status: 'missing_fact' | 'parameter_unset' | 'no_policy_in_force';
      indices: number[];
    }
  | { kind: 'not_met' };

/**
 * The applicable case of highest rank wins. A case still open (missing fact, unset parameter) at that rank or above
 * leaves the benefit undecided; two applicable cases of the same top rank are a conflict, never a silent pick.
 */
export function decideCases(cases: readonly { rank: number; outcome: CaseOutcomeKind }[]): CaseDecision {
  let topRank = -Infinity;
  cases.forEach((c) => {
    if (c.outcome === 'applicable' && c.rank > topRank) topRank = c.rank;
  });
  const open: number[] = [];
  cases.forEach((c, i) => {
    if (c.outcome !== 'applicable' && c.outcome !== 'failed' && c.rank >= topRank) open.push(i);
  });
  if (open.length > 0) {
    const outcomes = open.map((i) => cases[i]?.outcome);
    const status = outcomes.includes('missing_fact')
      ? 'missing_fact'
      : outcomes.includes('no_policy')
        ? 'no_policy_in_force'
        : 'parameter_unset';
    return { kind: 'undecided', status, indices: open };
  }
  if (topRank === -Infinity) return { kind: 'not_met' };
  const top: number[] = [];
  cases.forEach((c, i) => {
    if (c.outcome === 'applicable' && c.rank === topRank) top.push(i);
  });
  if (top.length > 1) return { kind: 'conflict', indices: top };
  return { kind: 'chosen', index: top[0] ?? 0 };
}
