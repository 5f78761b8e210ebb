import type { z } from 'zod';
import type {
  HouseholdDto,
  householdCreateSchema,
  householdListQuerySchema,
  householdUpdateSchema,
} from '@jiuye/contracts';
import { ageOn, chinaDate, regionLevel, type Problem } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/create-db.ts';
import { AppError } from '../../lib/errors.ts';
import {
  assertFieldsInScope,
  assertInScope,
  assertRegionsExist,
  resolveRegionFilter,
} from '../../lib/scope.ts';
import { recordOperation } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import {
  findHousehold,
  findHouseholdIdByNumber,
  insertHousehold,
  listHouseholds,
  updateHousehold,
} from './household.repository.ts';
import { listHouseholdMembers } from './laborer.repository.ts';
import { checkCode, problemDetails, validationFailed } from './registry-errors.ts';

type ListQuery = z.infer<typeof householdListQuerySchema>;
type CreateInput = z.infer<typeof householdCreateSchema>;
type UpdateInput = z.infer<typeof householdUpdateSchema>;

const WHAT = '户';

export async function listVisibleHouseholds(db: Db, actor: Actor, query: ListQuery) {
  const scope = resolveRegionFilter(actor, query.regionCode, 'view');
  const { items, total } = await listHouseholds(db, {
    scope,
    householdType: query.householdType,
    monitoringCategory: query.monitoringCategory,
    householdNumber: query.householdNumber || undefined,
    headName: query.headName || undefined,
    riskType: query.riskType || undefined,
    isRiskEliminated: query.isRiskEliminated === undefined ? undefined : query.isRiskEliminated === 'true',
    page: query.page,
    pageSize: query.pageSize,
  });
  return { items, total, page: query.page, pageSize: query.pageSize };
}

export async function getHousehold(
  db: Db,
  actor: Actor,
  id: number,
  kind: 'view' | 'capture' = 'view',
): Promise<HouseholdDto> {
  const household = await findHousehold(db, id);
  assertInScope(actor, household?.regionCode, kind, WHAT);
  return household!;
}

export async function getHouseholdDetail(db: Db, actor: Actor, id: number) {
  const household = await getHousehold(db, actor, id);
  return { ...household, members: await membersOf(db, id) };
}

export async function membersOf(db: Db, householdId: number) {
  const today = chinaDate(new Date());
  return (await listHouseholdMembers(db, householdId)).map((member) => ({
    ...member,
    age: ageOn(member.birthDate, today),
  }));
}

/** A household's region: a known village (level 5) inside the caller's capture scope. */
export async function assertVillageInCaptureScope(
  db: Db,
  actor: Actor,
  regionCode: string,
  field = 'regionCode',
): Promise<void> {
  await assertRegionsExist(db, [{ field, code: regionCode }]);
  assertFieldsInScope(actor, { fields: [{ field, code: regionCode }], kind: 'capture' });
  if (regionLevel(regionCode) !== 5) {
    throw validationFailed([{ field, message: '区划须选到村（居）一级', code: 'region_not_village' }]);
  }
}

function checkHouseholdCodes(input: UpdateInput): Problem[] {
  return [
    ...checkCode('household_type', input.householdType, 'householdType'),
    ...checkCode('monitoring_category', input.monitoringCategory, 'monitoringCategory'),
  ];
}

async function assertUniqueNumber(db: Db, countyCode: string, householdNumber: string, selfId?: number) {
  const existing = await findHouseholdIdByNumber(db, countyCode, householdNumber);
  if (existing !== undefined && existing !== selfId) {
    throw new AppError('ALREADY_EXISTS', '本县已有该户编号', [
      {
        field: 'householdNumber',
        message: `户编号「${householdNumber}」在本县已存在`,
        code: 'household_number_taken',
      },
    ]);
  }
}

export async function createHousehold(db: Db, actor: Actor, input: CreateInput): Promise<HouseholdDto> {
  const problems = checkHouseholdCodes(input);
  if (problems.length > 0) throw validationFailed(problemDetails(problems));
  await assertVillageInCaptureScope(db, actor, input.regionCode);
  const countyCode = input.regionCode.slice(0, 6);
  const id = await db.transaction().execute(async (trx) => {
    await assertUniqueNumber(trx, countyCode, input.householdNumber);
    const now = nowIso();
    const newId = await insertHousehold(trx, {
      householdNumber: input.householdNumber,
      countyCode,
      regionCode: input.regionCode,
      householdType: input.householdType,
      monitoringCategory: input.monitoringCategory ?? null,
      riskType: input.riskType || null,
      isRiskEliminated: input.isRiskEliminated ?? false,
      riskEliminatedOn: input.riskEliminatedOn ?? null,
      headName: input.headName || null,
      createdAt: now,
      updatedAt: now,
    });
    await recordOperation(trx, actor, {
      action: 'registry.household.create',
      targetType: 'household',
      targetId: newId,
      detail: { householdNumber: input.householdNumber, regionCode: input.regionCode },
    });
    return newId;
  });
  return (await findHousehold(db, id))!;
}

export async function changeHousehold(
  db: Db,
  actor: Actor,
  id: number,
  input: UpdateInput,
): Promise<HouseholdDto> {
  const current = await getHousehold(db, actor, id, 'capture');
  const problems = checkHouseholdCodes(input);
  if (problems.length > 0) throw validationFailed(problemDetails(problems));
  const next = {
    householdNumber: input.householdNumber ?? current.householdNumber,
    regionCode: input.regionCode ?? current.regionCode,
    householdType: input.householdType ?? current.householdType,
    monitoringCategory:
      input.monitoringCategory === undefined ? current.monitoringCategory : input.monitoringCategory,
    riskType: input.riskType === undefined ? current.riskType : input.riskType || null,
    isRiskEliminated: input.isRiskEliminated ?? current.isRiskEliminated,
    riskEliminatedOn:
      input.riskEliminatedOn === undefined ? current.riskEliminatedOn : input.riskEliminatedOn,
    headName: input.headName === undefined ? current.headName : input.headName || null,
  };
  if (next.regionCode !== current.regionCode) await assertVillageInCaptureScope(db, actor, next.regionCode);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(next) as Array<keyof typeof next>) {
    if (next[key] !== current[key]) changes[key] = { from: current[key], to: next[key] };
  }
  await db.transaction().execute(async (trx) => {
    const countyCode = next.regionCode.slice(0, 6);
    if ('householdNumber' in changes || 'regionCode' in changes)
      await assertUniqueNumber(trx, countyCode, next.householdNumber, id);
    if (Object.keys(changes).length > 0) {
      await updateHousehold(trx, id, {
        ...next,
        monitoringCategory: next.monitoringCategory ?? null,
        countyCode,
        updatedAt: nowIso(),
      });
    }
    await recordOperation(trx, actor, {
      action: 'registry.household.update',
      targetType: 'household',
      targetId: id,
      detail: { changes },
    });
  });
  return (await findHousehold(db, id))!;
}
