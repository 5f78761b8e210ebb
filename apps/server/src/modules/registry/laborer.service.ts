import type { LaborerCreateInput, LaborerDetailDto, LaborerUpdateInput } from '@jiuye/contracts';
import { maskIdNumber, type EmploymentSpellInput } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/create-db.ts';
import type { KeyRing } from '../../lib/field-crypto.ts';
import { recordOperation } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { assertVillageInCaptureScope } from './household.service.ts';
import {
  assertIdNumberFree,
  assertWarningsConfirmed,
  checkState,
  stateFromCreate,
  stateFromRecord,
  type CheckedState,
  type LaborerState,
  type SpellInput,
} from './laborer-check.service.ts';
import { diff, snapshot } from './laborer-history.service.ts';
import { toLaborerColumns } from './laborer.mapping.ts';
import { getLaborerDetail, getOwnedLaborer, today } from './laborer-read.service.ts';
import {
  insertChanges,
  insertLaborer,
  listSpells,
  replaceSpells,
  updateLaborer,
} from './laborer.repository.ts';

/** Entering and changing a labourer: checked whole (laborer-check.service.ts), saved with its history. */

function spellRows(spells: readonly SpellInput[], now: string) {
  return spells.map((spell) => ({
    // The table keeps months (char(7)); a day given with the month is not stored.
    startMonth: spell.startMonth.slice(0, 7),
    endMonth: spell.endMonth ? spell.endMonth.slice(0, 7) : null,
    employmentForm: spell.employmentForm!,
    workArea: spell.workArea!,
    workRegionCode: spell.workRegionCode!,
    employerName: spell.employerName || null,
    industry: spell.industry || null,
    channel: spell.channel || null,
    monthlyIncomeFen: spell.monthlyIncomeFen ?? null,
    isOrganizedTransport: spell.isOrganizedTransport ?? false,
    hasTransportSubsidy: spell.hasTransportSubsidy ?? false,
    hasContract: spell.hasContract ?? false,
    hasSocialInsurance: spell.hasSocialInsurance ?? false,
    createdAt: now,
    updatedAt: now,
  }));
}

function columnsOf(ring: KeyRing, state: CheckedState, userId: number, now: string) {
  const columns = toLaborerColumns(
    ring,
    {
      ...state,
      homeRegionCode: state.regionCode,
      spells: state.spells as unknown as EmploymentSpellInput[],
    } as unknown as Parameters<typeof toLaborerColumns>[1],
    { today: today(), now, userId, householdId: state.householdId },
  );
  return { ...columns, lastContactOn: state.lastContactOn };
}

export async function createLaborer(
  db: Db,
  ring: KeyRing,
  actor: Actor,
  input: LaborerCreateInput,
): Promise<LaborerDetailDto> {
  await assertVillageInCaptureScope(db, actor, input.regionCode);
  const { checked, warnings } = await checkState(db, ring, actor, stateFromCreate(input), undefined);
  await assertIdNumberFree(db, ring, actor, checked.idNumber);
  assertWarningsConfirmed(warnings, input.confirmWarnings);

  const save = db.transaction().execute(async (trx) => {
    const now = nowIso();
    const columns = columnsOf(ring, checked, actor.userId, now);
    const newId = await insertLaborer(trx, columns);
    await replaceSpells(trx, newId, spellRows(checked.spells, now));
    const changes = diff(undefined, snapshot(checked, columns.employmentStatus));
    await insertChanges(
      trx,
      changes.map((change) => ({
        ...change,
        laborerId: newId,
        changedAt: now,
        userId: actor.userId,
        username: actor.username,
        source: actor.channel,
      })),
    );
    await recordOperation(trx, actor, {
      action: 'registry.laborer.create',
      targetType: 'laborer',
      targetId: newId,
      detail: {
        regionCode: checked.regionCode,
        idNumber: maskIdNumber(checked.idNumber),
        confirmedWarnings: warnings.map((w) => w.code),
      },
    });
    return newId;
  });
  // Two registrations of one number at the same moment: the unique blind index refuses the second.
  const id = await save.catch(async (error: unknown) => {
    await assertIdNumberFree(db, ring, actor, checked.idNumber);
    throw error;
  });
  return getLaborerDetail(db, actor, id);
}

export async function changeLaborer(
  db: Db,
  ring: KeyRing,
  actor: Actor,
  id: number,
  input: LaborerUpdateInput,
): Promise<LaborerDetailDto> {
  const current = await getOwnedLaborer(db, actor, id, 'capture');
  const before = stateFromRecord(ring, current, await listSpells(db, id));
  const patch = Object.fromEntries(
    Object.entries(input).filter(([key, value]) => value !== undefined && key !== 'confirmWarnings'),
  ) as Partial<LaborerState>;
  const state: LaborerState = {
    ...before,
    // Sex and birth date are derived from the ID number; only values entered now are checked against it.
    sex: null,
    birthDate: null,
    ...patch,
    skills: patch.skills ?? before.skills,
    certificates: patch.certificates ?? before.certificates,
    serviceNeeds: patch.serviceNeeds ?? before.serviceNeeds,
    spells: patch.spells ?? before.spells,
  };
  if (state.regionCode !== before.regionCode) await assertVillageInCaptureScope(db, actor, state.regionCode);
  const { checked, warnings } = await checkState(db, ring, actor, state, id);
  if (checked.idNumber !== before.idNumber) await assertIdNumberFree(db, ring, actor, checked.idNumber, id);
  // A warning the record already carried was confirmed when it was saved: only new ones need confirming. A record
  // that no longer passes today's rules has nothing confirmed.
  const previous = await checkState(db, ring, actor, before, id).then(
    (result) => new Set(result.warnings.map((w) => `${w.code}|${w.field}`)),
    () => new Set<string>(),
  );
  assertWarningsConfirmed(
    warnings.filter((w) => !previous.has(`${w.code}|${w.field}`)),
    input.confirmWarnings,
  );

  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    const {
      createdAt: _createdAt,
      createdBy: _createdBy,
      ...columns
    } = columnsOf(ring, checked, actor.userId, now);
    const changes = diff(
      snapshot(before, current.employmentStatus),
      snapshot(checked, columns.employmentStatus),
    );
    if (changes.length > 0) {
      await updateLaborer(trx, id, columns);
      if (changes.some((change) => change.field === 'spells'))
        await replaceSpells(trx, id, spellRows(checked.spells, now));
      await insertChanges(
        trx,
        changes.map((change) => ({
          ...change,
          laborerId: id,
          changedAt: now,
          userId: actor.userId,
          username: actor.username,
          source: actor.channel,
        })),
      );
    }
    await recordOperation(trx, actor, {
      action: 'registry.laborer.update',
      targetType: 'laborer',
      targetId: id,
      detail: {
        fields: changes.map((change) => change.field),
        confirmedWarnings: warnings.map((w) => w.code),
      },
    });
  });
  return getLaborerDetail(db, actor, id);
}
