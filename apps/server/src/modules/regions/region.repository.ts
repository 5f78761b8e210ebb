import { sql, type ExpressionBuilder } from 'kysely';
import { PROVINCE_NAMES, regionPrefix } from '@jiuye/domain';
import type { Database, Db } from '../../db/database.ts';
import { toBoolean } from '../../db/create-db.ts';
import type { Region } from './region.table.ts';

export type RegionWithChildren = Region & { hasChildren: boolean };

const REGION_COLUMNS = ['region.code', 'region.name', 'region.level', 'region.parentCode'] as const;

/** Whether a region has children: one probe of the parent_code index. */
function hasChildren(eb: ExpressionBuilder<Database, 'region'>) {
  return eb
    .exists(
      eb.selectFrom('region as child').select('child.code').whereRef('child.parentCode', '=', 'region.code'),
    )
    .as('hasChildren');
}

function withHasChildren<T extends Region & { hasChildren: unknown }>(row: T): RegionWithChildren {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parentCode,
    hasChildren: toBoolean(row.hasChildren),
  };
}

/** The lowest and highest codes inside a region: a range on the primary key, which both dialects index. */
export function regionCodeRange(code: string): [string, string] {
  const prefix = regionPrefix(code);
  return [prefix.padEnd(12, '0'), prefix.padEnd(12, '9')];
}

/** Escapes LIKE's wildcards, so that a name containing % or _ matches itself. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The children of a region (the lazy tree). Kept under test as compiled SQL. */
export function childRegionsQuery(db: Db, parentCode: string) {
  return db
    .selectFrom('region')
    .select([...REGION_COLUMNS, hasChildren])
    .where('region.parentCode', '=', parentCode)
    .orderBy('region.code');
}

/** Regions of the scope whose name contains the text, higher levels first. Kept under test as compiled SQL. */
export function searchRegionsQuery(
  db: Db,
  options: { text: string; scope: readonly string[]; limit: number },
) {
  return db
    .selectFrom('region')
    .select(REGION_COLUMNS)
    .where((eb) => eb.or(options.scope.map((code) => eb.between('region.code', ...regionCodeRange(code)))))
    .where(sql<boolean>`${sql.ref('region.name')} like ${likeContains(options.text)} escape '\\'`)
    .orderBy('region.level')
    .orderBy('region.code')
    .limit(options.limit);
}

export async function listChildRegions(db: Db, parentCode: string): Promise<RegionWithChildren[]> {
  const rows = await childRegionsQuery(db, parentCode).execute();
  return rows.map(withHasChildren);
}

/** The regions of the given codes that exist, by code. */
export async function listRegionsByCode(db: Db, codes: readonly string[]): Promise<RegionWithChildren[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom('region')
    .select([...REGION_COLUMNS, hasChildren])
    .where('region.code', 'in', codes)
    .orderBy('region.code')
    .execute();
  return rows.map(withHasChildren);
}

export async function findRegion(db: Db, code: string): Promise<RegionWithChildren | undefined> {
  const [region] = await listRegionsByCode(db, [code]);
  return region;
}

export async function searchRegions(
  db: Db,
  options: { text: string; scope: readonly string[]; limit: number },
): Promise<Region[]> {
  if (options.scope.length === 0) return [];
  return searchRegionsQuery(db, options).execute();
}

/** Names of the regions of the given codes (for building paths). */
export async function findRegionNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('region')
    .select(['region.code', 'region.name'])
    .where('region.code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((row) => [row.code, row.name]));
}

/**
 * The codes among `codes` that are not current region codes: a code is unknown when its province is not one of
 * China's, or when its province is loaded into the region table and the code itself is not there. A place in a
 * province that was never loaded cannot be checked and passes (a county loads only its own province). One query
 * for the places and their provinces; used by the labourer form (API) and the ledger import alike.
 */
export async function findUnknownRegionCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  const distinct = [...new Set(codes)];
  if (distinct.length === 0) return new Set();
  const provinceOf = (code: string) => code.slice(0, 2).padEnd(12, '0');
  const known = new Set<string>();
  const asked = [...new Set([...distinct, ...distinct.map(provinceOf)])];
  // Bounded lists: PostgreSQL takes at most 65,535 parameters a statement.
  for (let at = 0; at < asked.length; at += 5000) {
    for (const code of (await findRegionNames(db, asked.slice(at, at + 5000))).keys()) known.add(code);
  }
  return new Set(
    distinct.filter(
      (code) => !known.has(code) && (!PROVINCE_NAMES[code.slice(0, 2)] || known.has(provinceOf(code))),
    ),
  );
}

export async function countRegions(db: Db): Promise<number> {
  const row = await db
    .selectFrom('region')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
