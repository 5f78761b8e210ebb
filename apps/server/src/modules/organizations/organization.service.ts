import type { z } from 'zod';
import {
  ORGANIZATION_KIND_LABELS,
  ORGANIZATION_KIND_LEVELS,
  type OrganizationKind,
  type organizationCreateSchema,
  type organizationListQuerySchema,
  type organizationUpdateSchema,
} from '@jiuye/contracts';
import { isWithinRegion, REGION_LEVEL_NAMES, regionLevel, type RegionLevel } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/create-db.ts';
import { AppError } from '../../lib/errors.ts';
import {
  assertFieldsInScope,
  assertInScope,
  assertRegionsExist,
  isInScope,
  resolveRegionFilter,
} from '../../lib/scope.ts';
import { recordOperation } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import {
  countActiveChildren,
  findOrganization,
  findOrganizationIdByName,
  insertOrganization,
  listOrganizations,
  updateOrganization,
  type OrganizationRecord,
} from './organization.repository.ts';

type ListQuery = z.infer<typeof organizationListQuerySchema>;
type CreateInput = z.infer<typeof organizationCreateSchema>;
type UpdateInput = z.infer<typeof organizationUpdateSchema>;

const WHAT = '机构';
/** Enough for province → city → county → township → village, with room to spare. */
const MAX_DEPTH = 16;

export async function listVisibleOrganizations(db: Db, actor: Actor, query: ListQuery) {
  const scope = resolveRegionFilter(actor, query.regionCode, 'view');
  const { items, total } = await listOrganizations(db, {
    scope,
    kind: query.kind,
    name: query.name || undefined,
    isActive: query.isActive === undefined ? undefined : query.isActive === 'true',
    page: query.page,
    pageSize: query.pageSize,
  });
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** An organisation inside the caller's scope of the given kind; 404 otherwise. */
export async function getOrganization(
  db: Db,
  actor: Actor,
  id: number,
  kind: 'view' | 'capture' = 'view',
): Promise<OrganizationRecord> {
  const organization = await findOrganization(db, id);
  assertInScope(actor, organization?.regionCode, kind, WHAT);
  return organization!;
}

export async function createOrganization(
  db: Db,
  actor: Actor,
  input: CreateInput,
): Promise<OrganizationRecord> {
  const values = {
    name: input.name,
    kind: input.kind,
    regionCode: input.regionCode,
    parentId: input.parentId ?? null,
    address: input.address || null,
    contactPerson: input.contactPerson || null,
    contactPhone: input.contactPhone || null,
    serviceArea: input.serviceArea || null,
  };
  await assertPlacement(db, actor, values);
  const id = await db.transaction().execute(async (trx) => {
    await assertUniqueName(trx, values.name, values.regionCode);
    const now = nowIso();
    const newId = await insertOrganization(trx, {
      ...values,
      isActive: true,
      createdAt: now,
      updatedAt: now,
    });
    await recordOperation(trx, actor, {
      action: 'organization.create',
      targetType: 'organization',
      targetId: newId,
      detail: {
        name: values.name,
        kind: values.kind,
        regionCode: values.regionCode,
        parentId: values.parentId,
      },
    });
    return newId;
  });
  return (await findOrganization(db, id))!;
}

export async function changeOrganization(
  db: Db,
  actor: Actor,
  id: number,
  input: UpdateInput,
): Promise<OrganizationRecord> {
  const current = await getOrganization(db, actor, id, 'capture');
  const next = {
    name: input.name ?? current.name,
    kind: input.kind ?? current.kind,
    regionCode: input.regionCode ?? current.regionCode,
    parentId: input.parentId === undefined ? current.parentId : input.parentId,
    address: input.address === undefined ? current.address : input.address || null,
    contactPerson: input.contactPerson === undefined ? current.contactPerson : input.contactPerson || null,
    contactPhone: input.contactPhone === undefined ? current.contactPhone : input.contactPhone || null,
    serviceArea: input.serviceArea === undefined ? current.serviceArea : input.serviceArea || null,
    isActive: input.isActive ?? current.isActive,
  };
  const changes = changedFields(current, next);
  if ('kind' in changes || 'regionCode' in changes || 'parentId' in changes) {
    await assertPlacement(db, actor, next, id);
  }
  await db.transaction().execute(async (trx) => {
    if ('name' in changes || 'regionCode' in changes)
      await assertUniqueName(trx, next.name, next.regionCode, id);
    if (changes.isActive?.to === false) await assertNoActiveChildren(trx, id, 'isActive', '请先停用下级机构');
    if ('regionCode' in changes)
      await assertNoActiveChildren(trx, id, 'regionCode', '有下级机构的机构不能更改区划');
    if (Object.keys(changes).length > 0) await updateOrganization(trx, id, { ...next, updatedAt: nowIso() });
    await recordOperation(trx, actor, {
      action: changes.isActive?.to === false ? 'organization.deactivate' : 'organization.update',
      targetType: 'organization',
      targetId: id,
      detail: { changes },
    });
  });
  return (await findOrganization(db, id))!;
}

/** 停用: the organisation stays on record (users and history point to it) but is no longer offered. */
export async function deactivateOrganization(db: Db, actor: Actor, id: number): Promise<OrganizationRecord> {
  return changeOrganization(db, actor, id, { isActive: false });
}

interface Placement {
  kind: OrganizationKind;
  regionCode: string;
  parentId: number | null;
}

/**
 * Where an organisation may sit: a known region inside the caller's capture scope, at the level its kind belongs
 * to (忻州市方案 四(一): 市园, 县中心, 乡站, 村专人), under an active parent whose region contains it.
 */
async function assertPlacement(db: Db, actor: Actor, placement: Placement, selfId?: number): Promise<void> {
  const region = [{ field: 'regionCode', code: placement.regionCode }];
  await assertRegionsExist(db, region);
  assertFieldsInScope(actor, { fields: region, kind: 'capture' });

  const levels = ORGANIZATION_KIND_LEVELS[placement.kind];
  if (!levels.includes(regionLevel(placement.regionCode))) {
    const names = levels.map((level) => REGION_LEVEL_NAMES[level as RegionLevel]).join('或');
    throw new AppError('VALIDATION_FAILED', '机构类型与区划级别不符', [
      { field: 'kind', message: `${ORGANIZATION_KIND_LABELS[placement.kind]}须设在${names}级区划` },
    ]);
  }

  if (placement.parentId === null) return;
  const invalidParent = (message: string) =>
    new AppError('VALIDATION_FAILED', message, [{ field: 'parentId', message }]);
  const parent = await findOrganization(db, placement.parentId);
  if (!parent || !isInScope(actor, parent.regionCode, 'view')) {
    throw new AppError('NOT_FOUND', '上级机构不存在或不在您的管辖范围内', [
      { field: 'parentId', message: '上级机构不存在或不在您的管辖范围内' },
    ]);
  }
  if (parent.id === selfId) throw invalidParent('上级机构不能是本机构');
  if (!parent.isActive) throw invalidParent('上级机构已停用');
  if (!isWithinRegion(placement.regionCode, parent.regionCode)) {
    throw invalidParent(`本机构的区划须在上级机构（${parent.name}）的区划之内`);
  }
  if (selfId !== undefined) {
    let ancestorId = parent.parentId;
    for (let depth = 0; ancestorId !== null && depth < MAX_DEPTH; depth++) {
      if (ancestorId === selfId) throw invalidParent('上级机构不能是本机构的下级机构');
      ancestorId = (await findOrganization(db, ancestorId))?.parentId ?? null;
    }
  }
}

async function assertUniqueName(db: Db, name: string, regionCode: string, selfId?: number): Promise<void> {
  const existing = await findOrganizationIdByName(db, name, regionCode);
  if (existing !== undefined && existing !== selfId) {
    throw new AppError('ALREADY_EXISTS', '该区划下已有同名机构', [
      { field: 'name', message: `该区划下已有名为“${name}”的机构` },
    ]);
  }
}

async function assertNoActiveChildren(db: Db, id: number, field: string, message: string): Promise<void> {
  const children = await countActiveChildren(db, id);
  if (children > 0) {
    throw new AppError('CONFLICT', `该机构还有 ${children} 个启用的下级机构：${message}`, [
      { field, message },
    ]);
  }
}

function changedFields<T extends object>(before: T, after: Partial<T>) {
  const changes: Partial<Record<keyof T, { from: unknown; to: unknown }>> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    if (after[key] !== before[key]) changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}
