import { ancestorCodes, isRegionCode, isWithinScope, simplifyScope } from '@jiuye/domain';
import type { RegionPathDto, RegionSearchResultDto } from '@jiuye/contracts';
import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import {
  findRegion,
  findRegionNames,
  listChildRegions,
  listRegionsByCode,
  searchRegions,
  type RegionWithChildren,
} from './region.repository.ts';

/** 400 naming the field for an ill-formed code. */
export function assertRegionCode(code: string, field: string): void {
  if (!isRegionCode(code)) {
    throw new AppError('VALIDATION_FAILED', '区划代码格式不正确', [
      { field, message: '不是有效的12位统计用区划代码' },
    ]);
  }
}

/** A region inside the view scope, or 404: a code outside the scope looks exactly like one that does not exist. */
export async function getRegion(
  db: Db,
  viewScope: readonly string[],
  code: string,
): Promise<RegionWithChildren> {
  const region = isWithinScope(code, viewScope) ? await findRegion(db, code) : undefined;
  if (!region) throw notFound('行政区划');
  return region;
}

/** Children of a region of the scope; without a parent, the roots of the scope (its own regions). */
export async function listRegionChildren(
  db: Db,
  viewScope: readonly string[],
  parent: string | undefined,
): Promise<RegionWithChildren[]> {
  if (parent === undefined) return listRegionsByCode(db, simplifyScope(viewScope));
  if (!isWithinScope(parent, viewScope)) throw notFound('行政区划');
  const children = await listChildRegions(db, parent);
  // One query in the common case; only an empty answer needs to tell a village from a code that does not exist.
  if (children.length === 0) await getRegion(db, viewScope, parent);
  return children;
}

/**
 * The path from the province down to the region. Ancestors above the scope are listed too, marked outside it:
 * their names are public statistics and already implied by the code, and the user sees where their region lies.
 */
export async function getRegionPath(
  db: Db,
  viewScope: readonly string[],
  code: string,
): Promise<RegionPathDto> {
  await getRegion(db, viewScope, code);
  const path = await listRegionsByCode(db, [...ancestorCodes(code), code]);
  return path
    .sort((a, b) => a.level - b.level)
    .map((region) => ({ ...region, isWithinScope: isWithinScope(region.code, viewScope) }));
}

/** Regions of the scope whose name contains the text, each with its full name (山西省/忻州市/忻府区). */
export async function searchRegionsByName(
  db: Db,
  viewScope: readonly string[],
  options: { q: string; limit: number },
): Promise<RegionSearchResultDto> {
  const regions = await searchRegions(db, {
    text: options.q,
    scope: simplifyScope(viewScope),
    limit: options.limit,
  });
  // A set: a city without counties (东莞市) is its own county-level ancestor.
  const ancestorsOf = (code: string) => [...new Set(ancestorCodes(code))];
  const names = await findRegionNames(
    db,
    regions.flatMap((region) => ancestorsOf(region.code)),
  );
  return regions.map((region) => ({
    ...region,
    path: [...ancestorsOf(region.code).map((code) => names.get(code)), region.name]
      .filter((name) => name !== undefined)
      .join('/'),
  }));
}
