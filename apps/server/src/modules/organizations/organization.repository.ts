import type { OrganizationDto, OrganizationKind } from '@jiuye/contracts';
import type { Db } from '../../db/database.ts';
import { toBoolean } from '../../db/create-db.ts';
import { regionRangeCondition } from '../../lib/scope.ts';
import { containsText } from '../../lib/sql-text.ts';
import type { NewOrganization, OrganizationUpdate } from './organization.table.ts';

export type OrganizationRecord = OrganizationDto;

export interface OrganizationFilter {
  /** Region codes the rows must lie in (the caller's scope, or the part of it that was asked for). */
  scope: readonly string[];
  kind?: OrganizationKind | undefined;
  name?: string | undefined;
  isActive?: boolean | undefined;
  page: number;
  pageSize: number;
}

const COLUMNS = [
  'organization.id',
  'organization.name',
  'organization.kind',
  'organization.regionCode',
  'region.name as regionName',
  'organization.parentId',
  'parent.name as parentName',
  'organization.address',
  'organization.contactPerson',
  'organization.contactPhone',
  'organization.serviceArea',
  'organization.isActive',
  'organization.createdAt',
  'organization.updatedAt',
] as const;

function fromOrganizations(db: Db) {
  return db
    .selectFrom('organization')
    .leftJoin('region', 'region.code', 'organization.regionCode')
    .leftJoin('organization as parent', 'parent.id', 'organization.parentId');
}

function selectOrganizations(db: Db) {
  return fromOrganizations(db).select(COLUMNS);
}

type OrganizationRow = Awaited<ReturnType<ReturnType<typeof selectOrganizations>['executeTakeFirstOrThrow']>>;

function toRecord(row: OrganizationRow): OrganizationRecord {
  return {
    ...row,
    kind: row.kind as OrganizationKind,
    regionName: row.regionName ?? undefined,
    parentName: row.parentName ?? null,
    isActive: toBoolean(row.isActive),
  };
}

export async function listOrganizations(
  db: Db,
  filter: OrganizationFilter,
): Promise<{ items: OrganizationRecord[]; total: number }> {
  const filtered = fromOrganizations(db).where((eb) => {
    const conditions = [regionRangeCondition('organization.regionCode', filter.scope)];
    if (filter.kind) conditions.push(eb('organization.kind', '=', filter.kind));
    if (filter.name) conditions.push(containsText('organization.name', filter.name));
    if (filter.isActive !== undefined) conditions.push(eb('organization.isActive', '=', filter.isActive));
    return eb.and(conditions);
  });
  const [count, rows] = await Promise.all([
    filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    filtered
      .select(COLUMNS)
      .orderBy('organization.regionCode')
      .orderBy('organization.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
  ]);
  return { items: rows.map(toRecord), total: Number(count.total) };
}

export async function findOrganization(db: Db, id: number): Promise<OrganizationRecord | undefined> {
  const row = await selectOrganizations(db).where('organization.id', '=', id).executeTakeFirst();
  return row && toRecord(row);
}

export async function findOrganizationIdByName(
  db: Db,
  name: string,
  regionCode: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('organization')
    .select('id')
    .where('name', '=', name)
    .where('regionCode', '=', regionCode)
    .executeTakeFirst();
  return row?.id;
}

export async function countActiveChildren(db: Db, id: number): Promise<number> {
  const row = await db
    .selectFrom('organization')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parentId', '=', id)
    .where('isActive', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertOrganization(db: Db, values: NewOrganization): Promise<number> {
  const { id } = await db.insertInto('organization').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateOrganization(db: Db, id: number, changes: OrganizationUpdate): Promise<void> {
  await db.updateTable('organization').set(changes).where('id', '=', id).execute();
}
