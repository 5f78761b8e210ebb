import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { sql } from 'kysely';
import { regionPrefix, simplifyScope } from '@jiuye/domain';
import type { Ruleset } from '@jiuye/domain/policy/index.ts';
import { dialectOf, openSqlite } from '../../db/create-db.ts';
import type { Db } from '../../db/database.ts';
import {
  kyselyPopulationReader,
  prepareSqlitePopulationReader,
} from '../registry/laborer-facts.repository.ts';
import {
  GrantSummaries,
  PopulationBuilder,
  SUBJECT_KINDS,
  type PopulationLoad,
} from './policy-whatif-columns.ts';

/**
 * The registry as fact columns for the columnar what-if: every labourer whose 户籍地 lies in a scope, read in one
 * streamed pass of keyset batches over the labourer id (only the columns the facts need, packed into numbers by
 * laborer-facts.repository.ts; no row objects of the repositories), with the grants the ledger holds about them.
 *
 * Regions: the engine resolves parameters and cases by jurisdiction, and jurisdictions go no finer than the county
 * (jurisdiction.ts's jurisdictionChain), so evaluating a labourer under the code of their township or county gives
 * the same result as under their village. Each labourer is indexed by the region the totals are reported by
 * (township or county, as a 12-digit code), which keeps the number of compiled region plans small.
 */

/** Significant digits of the region level the totals are given by: 6 county, 9 township. */
export type RegionLevel = 6 | 9;

export interface LoadPopulationOptions {
  /** Region codes whose labourers (by 户籍地) are loaded. */
  scope: readonly string[];
  asOf: string;
  level: RegionLevel;
  /** Labourer ids per batch (default 50,000). */
  batchSize?: number;
  /** Called after the count and after each batch. */
  onProgress?: (processed: number, total: number) => void;
}

/** The level the totals are reported by: township when the scope is a county or smaller, else county. */
export function regionLevelFor(scope: readonly string[]): RegionLevel {
  const prefixes = simplifyScope(scope).map(regionPrefix);
  return prefixes.length > 0 && prefixes.every((prefix) => prefix.length >= 6) ? 9 : 6;
}

/** Grants per query (keyset on the grant id), and grant ids per range on SQLite. */
const GRANT_BATCH = 10_000;
const GRANT_RANGE = 50_000;

/** Lets other requests have the event loop between batches. */
const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Loads the facts of every labourer in the scope on the as-of date. Batches are id ranges (keyset on the primary
 * key): between two batches other requests get the event loop, and `onProgress` reports the labourers loaded.
 *
 * SQLite reads through a connection of its own to the same file, in one read transaction (one snapshot of the
 * registry), each batch as one string of numbers (group_concat): a million rows handed to JavaScript one by one
 * cost more than reading them. PostgreSQL (or a SQLite database without a file) reads through Kysely.
 */
export async function loadPopulation(
  db: Db,
  ruleset: Ruleset,
  options: LoadPopulationOptions,
): Promise<PopulationLoad> {
  const file = dialectOf(db) === 'sqlite' ? await sqliteFileOf(db) : null;
  if (!file) return loadThroughKysely(db, ruleset, options);
  const connection = openSqlite(file);
  try {
    return await loadFromSqlite(connection, ruleset, options);
  } finally {
    connection.close();
  }
}

/** The file behind a Kysely SQLite handle ('' for an in-memory database). */
async function sqliteFileOf(db: Db): Promise<string> {
  const { rows } = await sql<{
    file: string;
  }>`select file from pragma_database_list where name = 'main'`.execute(db);
  return rows[0]?.file ?? '';
}

/** Reads a comma-separated list of non-negative integers (and 'YYYY-MM' months), one by one. */
class NumberList {
  private at = 0;

  constructor(private readonly text: string) {}

  get done(): boolean {
    return this.at >= this.text.length;
  }

  next(): number {
    const text = this.text;
    let value = 0;
    let at = this.at;
    for (; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === 44) break;
      value = value * 10 + (code - 48);
    }
    this.at = at + 1;
    return value;
  }

  /** An integer that may be negative. */
  nextSigned(): number {
    if (this.text.charCodeAt(this.at) !== 45) return this.next();
    this.at += 1;
    return -this.next();
  }

  /** A month 'YYYY-MM' as its index: year × 12 + month − 1 (the repository's SPELL_MONTH_INDEX). */
  nextMonth(): number {
    const text = this.text;
    let year = 0;
    let at = this.at;
    for (; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === 45) break;
      year = year * 10 + (code - 48);
    }
    this.at = at + 1;
    return year * 12 + this.next() - 1;
  }
}

async function loadFromSqlite(
  connection: SQLiteDatabase,
  ruleset: Ruleset,
  options: LoadPopulationOptions,
): Promise<PopulationLoad> {
  // The whole file mapped: pages are read without a copy into SQLite's cache (the ledger look-ups by blind index
  // are random reads). Only this read-only connection maps it.
  connection.pragma('mmap_size = 2147418112');
  connection.pragma('query_only = 1');
  const batchSize = options.batchSize ?? 50_000;
  const month = options.asOf.slice(0, 7);
  const workAreas = ruleset.index.facts.get('workArea')?.values ?? [];
  // Grants of the ruleset's benefits by a known kind of subject, each benefit as its index in benefitIds.
  const benefitIds = [...ruleset.index.benefits.keys()];
  const reader = prepareSqlitePopulationReader(connection, {
    scope: options.scope,
    workAreas,
    benefitIds,
    subjectKinds: SUBJECT_KINDS,
  });

  // One snapshot: a read transaction over every batch (this connection is ours alone).
  connection.exec('begin');
  try {
    const counted = reader.count();
    const total = Number(counted[0]);
    const low = Number(counted[1] ?? 0);
    const high = Number(counted[2] ?? -1);
    options.onProgress?.(0, total);
    const builder = new PopulationBuilder(total, 10 ** (12 - options.level), workAreas);
    for (let from = low - 1; from < high; from += batchSize) {
      const to = Math.min(from + batchSize, high);
      const laborers = reader.laborers(from, to);
      if (laborers === null) continue;
      const list = new NumberList(laborers);
      builder.reserve(Math.min(batchSize, to - from));
      while (!list.done) builder.laborer(list.next(), list.next(), list.next());
      const spells = reader.spells(from, to, month);
      if (spells !== null) {
        const spellList = new NumberList(spells);
        while (!spellList.done)
          builder.spell(spellList.next(), spellList.next(), spellList.nextMonth(), spellList.next());
      }
      options.onProgress?.(builder.size, Math.max(total, builder.size));
      await yieldToOthers();
    }

    const grants = new GrantSummaries(ruleset, builder.ids.data, builder.size, options.asOf);
    const [firstGrant, lastGrant] = reader.grantRange();
    const year = options.asOf.slice(0, 4);
    for (let after = (firstGrant ?? 0) - 1; after < (lastGrant ?? -1); after += GRANT_RANGE) {
      const text = reader.grants(year, after, after + GRANT_RANGE);
      if (text === null) continue;
      const list = new NumberList(text);
      while (!list.done) {
        const laborerId = list.next();
        const benefitId = benefitIds[list.next()] as string;
        grants.addSummed(laborerId, benefitId, list.next() === 1, list.nextSigned(), list.nextSigned());
      }
      await yieldToOthers();
    }
    return builder.columns(grants.columns);
  } finally {
    if (connection.inTransaction) connection.exec('commit');
  }
}

/**
 * The same load through Kysely: PostgreSQL, or SQLite without a file. Exported for the test that keeps the two
 * paths equal on SQLite.
 */
export async function loadThroughKysely(
  db: Db,
  ruleset: Ruleset,
  options: LoadPopulationOptions,
): Promise<PopulationLoad> {
  const batchSize = options.batchSize ?? 50_000;
  const month = options.asOf.slice(0, 7);
  const workAreas = ruleset.index.facts.get('workArea')?.values ?? [];
  const reader = kyselyPopulationReader(db, { scope: options.scope, workAreas });
  const counted = await reader.count();
  const total = Number(counted?.n ?? 0);
  const low = Number(counted?.lo ?? 0);
  const high = Number(counted?.hi ?? -1);
  options.onProgress?.(0, total);

  const builder = new PopulationBuilder(total, 10 ** (12 - options.level), workAreas);
  for (let from = low - 1; from < high; from += batchSize) {
    const to = Math.min(from + batchSize, high);
    const laborers = await reader.laborers(from, to);
    if (laborers.length === 0) continue;
    const spells = await reader.spells(from, to, month);
    builder.reserve(laborers.length);
    for (const row of laborers) {
      // 户籍地 code × 32 + the labourer's flags.
      const packed = Number(row.p);
      builder.laborer(Number(row.id), Math.floor(packed / 32), packed % 32);
    }
    for (const spell of spells)
      builder.spell(Number(spell.lid), Number(spell.sid), Number(spell.m), Number(spell.p));
    options.onProgress?.(builder.size, Math.max(total, builder.size));
    await yieldToOthers();
  }

  const grants = new GrantSummaries(ruleset, builder.ids.data, builder.size, options.asOf);
  let after = 0;
  for (;;) {
    const rows = await reader.grants(after, GRANT_BATCH);
    if (rows.length === 0) break;
    for (const row of rows) {
      after = Number(row.gid);
      grants.add(
        Number(row.lid),
        row.bid,
        row.sk,
        String(row.ps),
        Number(row.amt),
        row.mo === null ? 0 : Number(row.mo),
      );
    }
  }
  return builder.columns(grants.columns);
}
