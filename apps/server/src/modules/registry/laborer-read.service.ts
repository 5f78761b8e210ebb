import type { LaborerDetailDto, LaborerListItemDto, LaborerListQuery } from '@jiuye/contracts';
import { ageOn, chinaDate, isWithinScope } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { notFound } from '../../lib/errors.ts';
import { assertInScope, isInScope, resolveRegionFilter, scopeOf, type ScopeKind } from '../../lib/scope.ts';
import { assertCan, type Actor } from '../auth/actor.ts';
import { membersOf } from './household.service.ts';
import { findHousehold } from './household.repository.ts';
import {
  findLaborer,
  listLaborers,
  listSpells,
  type LaborerFilter,
  type LaborerListRow,
  type LaborerRecord,
} from './laborer.repository.ts';

const WHAT = '劳动力';

export function today(): string {
  return chinaDate(new Date());
}

/** The JSON lists of a labourer row (skills, certificates, service needs); a damaged one reads as empty. */
export const parseList = (text: string | null): string[] => {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
};

// ---------------------------------------------------------------------------------------------------------------
// Age filter

/**
 * The latest birth date of someone at least `age` on `onDate` (ageOn counts the birthday itself; a 29 February
 * birthday falls on 28 February in common years). As an ISO string bound, `YYYY-02-29` also works in common years.
 */
export function latestBirthDateForAge(age: number, onDate: string): string {
  const [year, month, day] = onDate.split('-').map(Number) as [number, number, number];
  const isCommonFeb28 =
    month === 2 && day === 28 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
  const mmdd = isCommonFeb28 ? '02-29' : onDate.slice(5);
  return `${String(year - age).padStart(4, '0')}-${mmdd}`;
}

/**
 * The labourer filter of a list query, or of an export query (the same filters without page and order): ages and
 * days without contact become dates as of `date`. The list and the export select with it (laborer.repository.ts).
 */
export function laborerFilterOf(
  query: Omit<LaborerListQuery, 'page' | 'pageSize' | 'sort' | 'order'>,
  scope: readonly string[],
  date: string,
): LaborerFilter {
  const lastContactBefore =
    query.noContactDays === undefined
      ? undefined
      : new Date(Date.parse(`${date}T00:00:00Z`) - query.noContactDays * 86_400_000)
          .toISOString()
          .slice(0, 10);
  return {
    scope,
    visibility: query.visibility,
    q: query.q || undefined,
    householdType: query.householdType,
    monitoringCategory: query.monitoringCategory,
    laborCapacity: query.laborCapacity,
    education: query.education,
    health: query.health,
    employmentStatus: query.employmentStatus,
    workArea: query.workArea,
    trainingWillingness: query.trainingWillingness,
    jobIntention: query.jobIntention,
    occupationCode: query.occupationCode || undefined,
    birthDateMax: query.ageMin === undefined ? undefined : latestBirthDateForAge(query.ageMin, date),
    birthDateAfter: query.ageMax === undefined ? undefined : latestBirthDateForAge(query.ageMax + 1, date),
    lastContactBefore,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// List and detail

export async function listVisibleLaborers(db: Db, actor: Actor, query: LaborerListQuery) {
  const scope = resolveRegionFilter(actor, query.regionCode, 'view');
  const date = today();
  const { rows, total } = await listLaborers(db, {
    ...laborerFilterOf(query, scope, date),
    sort: query.sort,
    order: query.order,
    page: query.page,
    pageSize: query.pageSize,
  });
  const viewScope = scopeOf(actor, 'view');
  return {
    items: rows.map((row) => toListItem(row, date, viewScope)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

function toListItem(row: LaborerListRow, date: string, viewScope: readonly string[]): LaborerListItemDto {
  return {
    ...row,
    regionName: row.regionName ?? null,
    householdNumber: row.householdNumber ?? null,
    householdType: row.householdType ?? null,
    age: ageOn(row.birthDate, date),
    workRegionCode: row.workRegionCode?.trim() ?? null,
    isReadOnly: !isWithinScope(row.regionCode, viewScope),
  };
}

/**
 * A labourer the actor may read: the 户籍地 in the view scope, or (the 2017 national rule) the 务工所在地 of an
 * employed one, read-only (`isReadOnlyFor`). Anything else is 404, so nothing leaks; FORBIDDEN without
 * registry:read. The row's region code comes trimmed (char columns pad on PostgreSQL).
 */
export async function getVisibleLaborer(db: Db, actor: Actor, id: number): Promise<LaborerRecord> {
  assertCan(actor, 'registry:read', '您没有查看劳动力台账的权限');
  const laborer = await findLaborer(db, id);
  if (!laborer) throw notFound(WHAT);
  const home = laborer.regionCode.trim();
  const work = laborer.workRegionCode?.trim();
  if (!isInScope(actor, home, 'view') && !(work && isInScope(actor, work, 'view'))) throw notFound(WHAT);
  return { ...laborer, regionCode: home };
}

/** Whether the actor sees a visible labourer only through its 务工所在地 (outside the 户籍地 scope). */
export function isReadOnlyFor(actor: Actor, laborer: Pick<LaborerRecord, 'regionCode'>): boolean {
  return !isInScope(actor, laborer.regionCode, 'view');
}

/** A labourer whose 户籍地 lies in the actor's scope of the given kind; else 404. */
export async function getOwnedLaborer(db: Db, actor: Actor, id: number, kind: ScopeKind) {
  const laborer = await findLaborer(db, id);
  assertInScope(actor, laborer?.regionCode, kind, WHAT);
  return laborer!;
}

export async function getLaborerDetail(db: Db, actor: Actor, id: number): Promise<LaborerDetailDto> {
  const laborer = await getVisibleLaborer(db, actor, id);
  const isReadOnly = isReadOnlyFor(actor, laborer);
  const date = today();
  const spells = await listSpells(db, id);
  const household =
    laborer.householdId && !isReadOnly ? await findHousehold(db, laborer.householdId) : undefined;
  return {
    id: laborer.id,
    regionCode: laborer.regionCode,
    regionName: laborer.regionName ?? null,
    canEdit: isInScope(actor, laborer.regionCode, 'capture'),
    isReadOnly,
    basic: {
      name: laborer.name,
      idNumberMasked: laborer.idNumberMasked,
      sex: laborer.sex,
      birthDate: laborer.birthDate,
      age: ageOn(laborer.birthDate, date),
      ethnicity: laborer.ethnicity,
      phoneMasked: laborer.phoneMasked,
      bankAccountMasked: isReadOnly ? null : laborer.bankAccountMasked,
      education: laborer.education,
      health: isReadOnly ? null : laborer.health,
      isDisabled: isReadOnly ? false : laborer.isDisabled,
      hasDisabilityDetail: !isReadOnly && laborer.disabilityCipher !== null,
      laborCapacity: laborer.laborCapacity,
      skills: parseList(laborer.skills),
      certificates: parseList(laborer.certificates),
      isRelocated: laborer.isRelocated,
    },
    intention: {
      trainingWillingness: laborer.trainingWillingness,
      jobIntention: laborer.jobIntention,
      intendedOccupationCode: laborer.intendedOccupationCode,
      intendedWorkArea: laborer.intendedWorkArea,
      intendedMonthlyWage: laborer.intendedMonthlyWage,
      serviceNeeds: parseList(laborer.serviceNeeds),
    },
    employment: {
      status: laborer.employmentStatus,
      workArea: laborer.workArea,
      workRegionCode: laborer.workRegionCode?.trim() ?? null,
      workRegionName: laborer.workRegionName ?? null,
      lastContactOn: laborer.lastContactOn,
      spells,
    },
    family: {
      relationToHead: laborer.relationToHead,
      household: household ?? null,
      members: household ? (await membersOf(db, household.id)).filter((member) => member.id !== id) : [],
    },
    createdAt: laborer.createdAt,
    updatedAt: laborer.updatedAt,
  };
}
