import { maskBankAccount, maskIdNumber, maskPhone } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import type { CheckedState, SpellInput } from './laborer-check.service.ts';
import { listChanges } from './laborer.repository.ts';
import { getOwnedLaborer } from './laborer-read.service.ts';

/**
 * A labourer's history: each save compares the state before and after, field by field, and keeps the fields that
 * changed, sensitive values masked.
 */

export async function listLaborerHistory(db: Db, actor: Actor, id: number, page: number, pageSize: number) {
  await getOwnedLaborer(db, actor, id, 'view');
  const { items, total } = await listChanges(db, id, page, pageSize);
  return { items, total, page, pageSize };
}

type Snapshot = Record<string, string | null>;

const spellSummary = (spells: readonly SpellInput[]) =>
  spells.length === 0
    ? null
    : JSON.stringify(
        spells.map((spell) => ({
          startMonth: spell.startMonth.slice(0, 7),
          endMonth: spell.endMonth?.slice(0, 7) ?? null,
          employmentForm: spell.employmentForm ?? null,
          workArea: spell.workArea ?? null,
          workRegionCode: spell.workRegionCode ?? null,
          employerName: spell.employerName ?? null,
          industry: spell.industry ?? null,
          channel: spell.channel ?? null,
          monthlyIncomeFen: spell.monthlyIncomeFen ?? null,
          isOrganizedTransport: spell.isOrganizedTransport ?? false,
          hasTransportSubsidy: spell.hasTransportSubsidy ?? false,
          hasContract: spell.hasContract ?? false,
          hasSocialInsurance: spell.hasSocialInsurance ?? false,
        })),
      );

const text = (value: string | number | boolean | null | undefined) =>
  value === null || value === undefined || value === '' ? null : String(value);
const list = (values: readonly string[]) => (values.length === 0 ? null : JSON.stringify(values));

/** Field → value in clear (compared) and as shown in history (sensitive fields masked, never in clear). */
export function snapshot(
  state: CheckedState,
  employmentStatus: string,
): { clear: Snapshot; shown: Snapshot } {
  const clear: Snapshot = {
    regionCode: state.regionCode,
    householdId: text(state.householdId),
    name: state.name,
    idNumber: state.idNumber,
    sex: state.sex,
    birthDate: state.birthDate,
    ethnicity: text(state.ethnicity),
    relationToHead: text(state.relationToHead),
    phone: text(state.phone),
    bankAccount: text(state.bankAccount),
    education: text(state.education),
    health: text(state.health),
    isDisabled: String(state.isDisabled),
    disabilityDetail: text(state.disabilityDetail),
    laborCapacity: state.laborCapacity,
    skills: list(state.skills),
    certificates: list(state.certificates),
    trainingWillingness: text(state.trainingWillingness),
    jobIntention: text(state.jobIntention),
    intendedOccupationCode: text(state.intendedOccupationCode),
    intendedWorkArea: text(state.intendedWorkArea),
    intendedMonthlyWage: text(state.intendedMonthlyWage),
    serviceNeeds: list(state.serviceNeeds),
    isRelocated: String(state.isRelocated),
    lastContactOn: text(state.lastContactOn),
    employmentStatus,
    spells: spellSummary(state.spells),
  };
  const shown: Snapshot = {
    ...clear,
    idNumber: maskIdNumber(state.idNumber),
    phone: state.phone ? maskPhone(state.phone) : null,
    bankAccount: state.bankAccount ? maskBankAccount(state.bankAccount) : null,
    disabilityDetail: state.disabilityDetail ? '******' : null,
  };
  return { clear, shown };
}

export function diff(before: ReturnType<typeof snapshot> | undefined, after: ReturnType<typeof snapshot>) {
  return Object.keys(after.clear)
    .filter((field) => (before ? before.clear[field] : null) !== after.clear[field])
    .map((field) => ({
      field,
      oldValue: before ? (before.shown[field] ?? null) : null,
      newValue: after.shown[field] ?? null,
    }));
}
