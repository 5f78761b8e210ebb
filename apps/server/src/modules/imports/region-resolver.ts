import { isRegionCode, isWithinScope, regionLevel, regionPrefix, simplifyScope } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';

/**
 * Regions for the import, loaded once per job: the 户籍地 of a row is a region of the importer's capture scope,
 * named by its 12-digit code or by 县/乡/村 names (matched only inside that scope, so an answer never tells what
 * exists outside it); the 务工所在地 is any region, by code or by name down to the county.
 */

function nameKey(name: string): string {
  return name.normalize('NFKC').replace(/[\s\u3000]/gu, '');
}

/** The ways a ledger writes a region's name: 南关村委会 → 南关村, 东街社区居委会 → 东街社区, 长城街道办事处 → 长城街道. */
function nameVariants(name: string): string[] {
  const base = nameKey(name);
  const variants = new Set([base]);
  const shortened = base
    .replace(/(村|社区)?(民|居民)?委员会$/u, (_, kind: string | undefined) => kind ?? '')
    .replace(/(村|居)委会$/u, (_, kind: string) => (kind === '村' ? '村' : ''))
    .replace(/街道办事处$/u, '街道')
    .replace(/办事处$/u, '');
  variants.add(shortened);
  if (/社区$/u.test(shortened)) variants.add(shortened);
  const bare = shortened.replace(/(村|社区|街道|镇|乡)$/u, '');
  if (bare.length >= 2) variants.add(bare);
  return [...variants].filter((variant) => variant.length > 0);
}

const AMBIGUOUS = '';

export interface RegionRow {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
}

export type RegionAnswer = { ok: true; code: string } | { ok: false; message: string };

export class HomeRegionResolver {
  readonly #scope: readonly string[];
  readonly #codes = new Map<string, number>();
  readonly #byNames = new Map<string, string>();

  private constructor(scope: readonly string[]) {
    this.#scope = scope;
  }

  static async load(db: Db, scope: readonly string[]): Promise<HomeRegionResolver> {
    return HomeRegionResolver.fromRows(scope, await HomeRegionResolver.rowsFor(db, scope));
  }

  /** The regions of the scope, as plain data (what a worker thread builds its resolver from). */
  static async rowsFor(db: Db, scope: readonly string[]): Promise<RegionRow[]> {
    const rows: RegionRow[] = [];
    for (const prefix of simplifyScope(scope).map(regionPrefix)) {
      rows.push(
        ...(await db
          .selectFrom('region')
          .select(['code', 'name', 'level', 'parentCode'])
          .where('code', '>=', prefix.padEnd(12, '0'))
          .where('code', '<=', prefix.padEnd(12, '9'))
          .execute()),
      );
    }
    return rows;
  }

  static fromRows(scope: readonly string[], rows: readonly RegionRow[]): HomeRegionResolver {
    const resolver = new HomeRegionResolver(scope);
    const byCode = new Map(rows.map((row) => [row.code, row]));
    for (const row of rows) resolver.#codes.set(row.code, row.level);
    const add = (key: string, code: string) => {
      const held = resolver.#byNames.get(key);
      resolver.#byNames.set(key, held === undefined || held === code ? code : AMBIGUOUS);
    };
    for (const row of rows) {
      if (row.level !== 5) continue;
      const township = row.parentCode ? byCode.get(row.parentCode) : undefined;
      const county = township?.parentCode ? byCode.get(township.parentCode) : undefined;
      for (const village of nameVariants(row.name)) {
        for (const town of township ? nameVariants(township.name) : ['']) {
          add(`|${town}|${village}`, row.code);
          for (const countyName of county ? nameVariants(county.name) : [])
            add(`${countyName}|${town}|${village}`, row.code);
        }
      }
    }
    return resolver;
  }

  /** A 12-digit village code of the scope. */
  byCode(text: string): RegionAnswer {
    const code = text.replace(/\s/gu, '');
    if (!/^\d{12}$/u.test(code) || !isRegionCode(code)) {
      return { ok: false, message: `「${text}」不是有效的12位区划代码` };
    }
    if (!isWithinScope(code, this.#scope)) return { ok: false, message: `区划${code}不在您的管辖范围内` };
    const level = this.#codes.get(code);
    if (level === undefined) return { ok: false, message: `区划代码${code}不存在` };
    if (level !== 5) return { ok: false, message: `区划代码${code}应填写到村（社区）` };
    return { ok: true, code };
  }

  /** A village named by 县/乡/村 (the county may be left out when the names are unique in the scope). */
  byNames(county: string, township: string, village: string): RegionAnswer {
    const shown = [county, township, village].filter(Boolean).join('/');
    if (!village || !township) return { ok: false, message: `户籍地「${shown}」应填写乡(镇)和行政村` };
    const lookup = (key: string) => this.#byNames.get(key);
    const code = county
      ? (lookup(`${nameKey(county)}|${nameKey(township)}|${nameKey(village)}`) ??
        lookup(`|${nameKey(township)}|${nameKey(village)}`))
      : lookup(`|${nameKey(township)}|${nameKey(village)}`);
    if (code === AMBIGUOUS)
      return { ok: false, message: `户籍地「${shown}」有重名，请填写县(市、区)或区划代码` };
    if (code === undefined) return { ok: false, message: `户籍地「${shown}」不存在或不在您的管辖范围内` };
    return { ok: true, code };
  }

  isInScope(code: string): boolean {
    return isWithinScope(code, this.#scope);
  }
}

/** 务工所在地: a code (6, 9 or 12 digits) or the name of a province, city or county anywhere in the table. */
export class WorkRegionResolver {
  readonly #byNames = new Map<string, string>();

  static async load(db: Db): Promise<WorkRegionResolver> {
    return WorkRegionResolver.fromRows(await WorkRegionResolver.rowsFor(db));
  }

  static async rowsFor(db: Db): Promise<RegionRow[]> {
    return db
      .selectFrom('region')
      .select(['code', 'name', 'level', 'parentCode'])
      .where('level', '<=', 3)
      .execute();
  }

  static fromRows(rows: readonly RegionRow[]): WorkRegionResolver {
    const resolver = new WorkRegionResolver();
    const byCode = new Map(rows.map((row) => [row.code, row]));
    const add = (key: string, code: string) => {
      const held = resolver.#byNames.get(key);
      resolver.#byNames.set(key, held === undefined || held === code ? code : AMBIGUOUS);
    };
    for (const row of rows) {
      const names: string[][] = [[row.name]];
      const parent = row.parentCode ? byCode.get(row.parentCode) : undefined;
      const grandparent = parent?.parentCode ? byCode.get(parent.parentCode) : undefined;
      if (parent) names.push([parent.name, row.name]);
      if (grandparent && parent)
        names.push([grandparent.name, parent.name, row.name], [grandparent.name, row.name]);
      for (const parts of names) add(parts.map(nameKey).join(''), row.code);
    }
    return resolver;
  }

  resolve(text: string): RegionAnswer {
    const compact = nameKey(text);
    if (/^\d+$/u.test(compact)) {
      const code = compact.length === 6 || compact.length === 9 ? compact.padEnd(12, '0') : compact;
      if (code.length !== 12 || !isRegionCode(code))
        return { ok: false, message: `「${text}」不是有效的区划代码` };
      if (regionLevel(code) < 3) return { ok: false, message: '务工所在地至少填写到县（区、市）' };
      return { ok: true, code };
    }
    const code = this.#byNames.get(compact);
    if (code === AMBIGUOUS) return { ok: false, message: `「${text}」有重名，请填写区划代码或写明省市` };
    if (code === undefined)
      return { ok: false, message: `找不到地区「${text}」，请填写区划代码（至少到县）` };
    if (regionLevel(code) < 3) return { ok: false, message: '务工所在地至少填写到县（区、市）' };
    return { ok: true, code };
  }
}
