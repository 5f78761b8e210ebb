import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { sql } from 'kysely';
import { regionPrefix, simplifyScope } from '@jiuye/domain';
import {
  MISSING_CODE,
  MISSING_INT,
  toEpochDay,
  type FactColumn,
  type PopulationColumns,
  type PriorGrantColumns,
  type Ruleset,
} from '@jiuye/domain/policy/index.ts';
import { dialectOf, openSqlite } from '../../db/create-db.ts';
import type { Db } from '../../db/database.ts';
import { regionRangeCondition } from '../registry/registry-scope.ts';

/**
 * The registry as fact columns for the columnar what-if (over typed arrays, not the per-case interpreter): every
 * labourer whose 户籍地 lies in a scope, read in one streamed pass of keyset batches over the labourer id (only the
 * columns the facts need; no row objects of the repositories), with the same facts as policy-facts.ts's
 * factsFromRegistry gives one labourer, and the grants the ledger holds about them as per-benefit summaries.
 *
 * Regions: the engine resolves parameters and cases by jurisdiction, and jurisdictions go no finer than the county
 * (jurisdiction.ts's jurisdictionChain), so evaluating a labourer under the code of their township or county gives
 * the same result as under their village. Each labourer is indexed by the region the totals are reported by
 * (township or county, as a 12-digit code), which keeps the number of compiled region plans small.
 */

/** Significant digits of the region level the totals are given by: 6 county, 9 township. */
export type RegionLevel = 6 | 9;

export interface PopulationLoad {
  population: PopulationColumns;
  /** Labourer ids, ascending, position by position (to drill down or test). */
  laborerIds: Int32Array;
}

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

/** The facts the registry gives (policy-facts.ts); every other fact of the ruleset stays missing. */
const BOOLEAN_FACTS = [
  'isRelocated',
  'isAlleviated',
  'wantsTraining',
  'isOrganisedTransfer',
  'isLaborExport',
  'holdsWelfarePost',
  'isSelfEmployed',
] as const;

/** The level the totals are reported by: township when the scope is a county or smaller, else county. */
export function regionLevelFor(scope: readonly string[]): RegionLevel {
  const prefixes = simplifyScope(scope).map(regionPrefix);
  return prefixes.length > 0 && prefixes.every((prefix) => prefix.length >= 6) ? 9 : 6;
}

class Growable<T extends Uint8Array | Int32Array | Float64Array> {
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}

  ensure(n: number): void {
    if (n <= this.data.length) return;
    const next = this.make(Math.max(n, Math.ceil(this.data.length * 1.5) + 1024));
    next.set(this.data);
    this.data = next;
  }
}

const u8 = (n: number, fill = MISSING_CODE) =>
  new Growable(new Uint8Array(n).fill(fill), (m) => new Uint8Array(m).fill(fill));
const i32 = (n: number, fill = 0) =>
  new Growable(new Int32Array(n).fill(fill), (m) => new Int32Array(m).fill(fill));

interface GrantRow {
  gid: number;
  lid: number;
  bid: string;
  ps: string;
  amt: number | string;
  mo: number | null;
}

/** Index of `id` in the ascending `ids[0..size)`, or −1. */
function positionOf(ids: Int32Array, size: number, id: number): number {
  let low = 0;
  let high = size - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = ids[middle] as number;
    if (value === id) return middle;
    if (value < id) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** Laborer flags of the queries: 1 搬迁, 2 有培训意愿, 4 无培训意愿, 8 脱贫户, 16 no household. */
const LABORER_FLAGS = `case when l.is_relocated then 1 else 0 end
  + case when l.training_willingness = 'willing' then 2 when l.training_willingness = 'unwilling' then 4 else 0 end
  + case when h.id is null then 16 when h.household_type = 'alleviated' then 8 else 0 end`;

/**
 * A spell's 务工地域 and flags as one number: 务工地域 index × 16 + flags (1 有组织, 2 channel organized_outflow,
 * 4 公益性岗位, 8 个体经营); 务工地域 outside the fact's values is 255 (missing). Work areas are codes of the
 * registry's dictionary (digits, letters, '_'): quoted as SQL literals.
 */
function spellAreaAndFlags(workAreas: readonly string[]): string {
  const cases = workAreas
    .filter((value) => /^[a-z_]+$/u.test(value))
    .map((value) => `when '${value}' then ${workAreas.indexOf(value)}`);
  const workAreaCase =
    cases.length > 0 ? `case s.work_area ${cases.join(' ')} else ${MISSING_CODE} end` : `${MISSING_CODE}`;
  return `(${workAreaCase}) * 16
    + case when s.is_organized_transport then 1 else 0 end
    + case when s.channel = 'organized_outflow' then 2 when s.channel = 'welfare_post' then 4 else 0 end
    + case when s.employment_form = 'self_employed' then 8 else 0 end`;
}

/** The spell's start month ('YYYY-MM') as a month index: year × 12 + month − 1. */
const SPELL_MONTH_INDEX = `cast(substr(s.start_month, 1, 4) as bigint) * 12 + cast(substr(s.start_month, 6, 2) as bigint) - 1`;

/** The spells that cover the as-of month (the registry's currentSpell considers only those). */
const SPELL_COVERS = `s.start_month <= ? and (s.end_month is null or s.end_month = '' or s.end_month >= ?)`;

/**
 * The fact columns, filled labourer by labourer (in ascending id order) and spell by spell (in any order), as
 * policy-facts.ts's factsFromRegistry gives them.
 */
class PopulationBuilder {
  size = 0;
  readonly ids: Growable<Int32Array>;
  readonly regionIndex: Growable<Int32Array>;
  readonly regionCodes: string[] = [];
  private readonly regionOf = new Map<number, number>();
  private lastPrefix = -1;
  private lastRegion = -1;
  private readonly booleans: Record<(typeof BOOLEAN_FACTS)[number], Growable<Uint8Array>>;
  private readonly workArea: Growable<Uint8Array>;
  private readonly departure: Growable<Int32Array>;
  /** The current spell chosen so far per labourer: its start month index and id (−1: none). */
  private readonly chosenMonth: Growable<Int32Array>;
  private readonly chosenSpell: Growable<Int32Array>;
  private readonly dayOfMonth = new Map<number, number>();
  /** Position of the labourer the last spell was about: spells mostly come in labourer order. */
  private cursor = 0;

  constructor(
    capacity: number,
    private readonly levelDivisor: number,
    private readonly workAreas: readonly string[],
  ) {
    this.ids = i32(capacity);
    this.regionIndex = i32(capacity);
    this.booleans = Object.fromEntries(BOOLEAN_FACTS.map((name) => [name, u8(capacity)])) as Record<
      (typeof BOOLEAN_FACTS)[number],
      Growable<Uint8Array>
    >;
    this.workArea = u8(capacity);
    this.departure = i32(capacity, MISSING_INT);
    this.chosenMonth = i32(capacity, -1);
    this.chosenSpell = i32(capacity, -1);
  }

  /** Room for `n` more labourers. */
  reserve(n: number): void {
    const end = this.size + n;
    for (const column of [
      this.ids,
      this.regionIndex,
      this.workArea,
      this.departure,
      this.chosenMonth,
      this.chosenSpell,
      ...Object.values(this.booleans),
    ])
      column.ensure(end);
  }

  /** A labourer (after reserve): id, 户籍地 code as a number, LABORER_FLAGS. */
  laborer(id: number, regionCode: number, flags: number): void {
    const i = this.size++;
    this.ids.data[i] = id;
    const prefix = Math.floor(regionCode / this.levelDivisor);
    if (prefix !== this.lastPrefix) {
      this.lastPrefix = prefix;
      let index = this.regionOf.get(prefix);
      if (index === undefined) {
        index = this.regionCodes.length;
        this.regionCodes.push(String(prefix * this.levelDivisor).padStart(12, '0'));
        this.regionOf.set(prefix, index);
      }
      this.lastRegion = index;
    }
    this.regionIndex.data[i] = this.lastRegion;
    const b = this.booleans;
    b.isRelocated.data[i] = flags & 1;
    // 脱贫人口 = a member of a 脱贫户; without a household the fact stays missing.
    if ((flags & 16) === 0) b.isAlleviated.data[i] = (flags & 8) >> 3;
    if (flags & 2) b.wantsTraining.data[i] = 1;
    else if (flags & 4) b.wantsTraining.data[i] = 0;
    // Not in work on the date unless a spell says so.
    b.holdsWelfarePost.data[i] = 0;
    b.isSelfEmployed.data[i] = 0;
  }

  private firstOfMonth(monthIndex: number): number {
    let day = this.dayOfMonth.get(monthIndex);
    if (day === undefined) {
      const year = Math.floor(monthIndex / 12);
      const month = (monthIndex % 12) + 1;
      day = toEpochDay(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`);
      this.dayOfMonth.set(monthIndex, day);
    }
    return day;
  }

  /**
   * A spell covering the as-of month: its start month index and spellAreaAndFlags. Of a labourer's spells, the last
   * in (start month, id) order wins, as currentSpell; spells of labourers not loaded are ignored.
   */
  spell(laborerId: number, spellId: number, monthIndex: number, areaAndFlags: number): void {
    const ids = this.ids.data;
    let i = this.cursor;
    if (i >= this.size || ids[i] !== laborerId) {
      // A few steps forward from the last one, else a binary search.
      const stop = Math.min(this.size, i + 16);
      while (i < stop && ids[i] !== laborerId) i++;
      if (i >= stop) i = positionOf(ids, this.size, laborerId);
      if (i < 0) return;
      this.cursor = i;
    }
    const flags = areaAndFlags % 16;
    const area = Math.floor(areaAndFlags / 16) % 256;
    const chosenMonth = this.chosenMonth.data[i] as number;
    if (
      chosenMonth >= 0 &&
      (monthIndex < chosenMonth ||
        (monthIndex === chosenMonth && spellId < (this.chosenSpell.data[i] as number)))
    )
      return;
    this.chosenMonth.data[i] = monthIndex;
    this.chosenSpell.data[i] = spellId;
    this.workArea.data[i] = area;
    // The spell's first month stands for the departure (the ledger keeps months, not days).
    this.departure.data[i] = this.firstOfMonth(monthIndex);
    const areaName = area === MISSING_CODE ? undefined : this.workAreas[area];
    const b = this.booleans;
    b.isOrganisedTransfer.data[i] = flags & 3 ? 1 : 0;
    b.isLaborExport.data[i] = areaName === 'province' || areaName === 'out_of_province' ? 1 : 0;
    b.holdsWelfarePost.data[i] = (flags & 4) >> 2;
    b.isSelfEmployed.data[i] = (flags & 8) >> 3;
  }

  columns(priorGrants: Record<string, PriorGrantColumns>): PopulationLoad {
    const size = this.size;
    const facts: Record<string, FactColumn> = {
      workArea: this.workArea.data.subarray(0, size),
      departureDate: this.departure.data.subarray(0, size),
    };
    for (const name of BOOLEAN_FACTS) facts[name] = this.booleans[name].data.subarray(0, size);
    return {
      population: {
        size,
        regionCodes: this.regionCodes,
        regionIndex: this.regionIndex.data.subarray(0, size),
        facts,
        priorGrants,
      },
      laborerIds: this.ids.data.subarray(0, size),
    };
  }
}

/**
 * Earlier grants about the labourers of the scope (matched by the blind index of the ID number), summed per
 * benefit and labourer: in the as-of year and in other years, counts, months and amounts. As policy-facts.ts's
 * ledgerRowsFor, every grant about the person counts, whoever the subject (the person-level limits of the seeds
 * are per person).
 */
class GrantSummaries {
  readonly columns: Record<string, Required<PriorGrantColumns>> = {};
  private readonly year: string;

  constructor(
    private readonly ruleset: Ruleset,
    private readonly ids: Int32Array,
    private readonly size: number,
    asOf: string,
  ) {
    this.year = asOf.slice(0, 4);
  }

  private columnsOf(benefitId: string): Required<PriorGrantColumns> {
    let held = this.columns[benefitId];
    if (!held) {
      const size = this.size;
      held = {
        countThisYear: new Int32Array(size),
        countEarlier: new Int32Array(size),
        monthsThisYear: new Int32Array(size),
        monthsEarlier: new Int32Array(size),
        amountThisYear: new Float64Array(size),
        amountEarlier: new Float64Array(size),
      };
      this.columns[benefitId] = held;
    }
    return held;
  }

  add(
    laborerId: number,
    benefitId: string,
    subjectKind: string,
    periodStart: string,
    amount: number,
    months: number,
  ): void {
    if (!SUBJECT_KINDS.includes(subjectKind) || !this.ruleset.index.benefits.has(benefitId)) return;
    this.addSummed(laborerId, benefitId, periodStart.slice(0, 4) === this.year, amount, months);
  }

  /** A grant of a benefit of the ruleset by a known kind of subject. */
  addSummed(laborerId: number, benefitId: string, thisYear: boolean, amount: number, months: number): void {
    const i = positionOf(this.ids, this.size, laborerId);
    if (i < 0) return;
    const held = this.columnsOf(benefitId);
    if (thisYear) {
      held.countThisYear[i]! += 1;
      held.monthsThisYear[i]! += months;
      held.amountThisYear[i]! += amount;
    } else {
      held.countEarlier[i]! += 1;
      held.monthsEarlier[i]! += months;
      held.amountEarlier[i]! += amount;
    }
  }
}

const SUBJECT_KINDS = ['person', 'employer', 'provider', 'station', 'incubator'];

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

/** The scope as SQL text and its parameters (regionRangeCondition's ranges, for a prepared statement). */
function scopeRanges(column: string, scope: readonly string[]): { text: string; parameters: string[] } {
  const prefixes = simplifyScope(scope).map(regionPrefix);
  if (prefixes.length === 0) return { text: '1 = 0', parameters: [] };
  return {
    text: `(${prefixes.map(() => `(${column} >= ? and ${column} <= ?)`).join(' or ')})`,
    parameters: prefixes.flatMap((prefix) => [prefix.padEnd(12, '0'), prefix.padEnd(12, '9')]),
  };
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

  /** A month 'YYYY-MM' as its index: year × 12 + month − 1 (SPELL_MONTH_INDEX). */
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
  const scope = scopeRanges('l.region_code', options.scope);
  const workAreas = ruleset.index.facts.get('workArea')?.values ?? [];
  const countStatement = connection
    .prepare(`select count(*), min(l.id), max(l.id) from laborer l where ${scope.text}`)
    .raw(true);
  // NULLs would drop a row from group_concat: every part of these strings is not null.
  const laborerStatement = connection
    .prepare(
      `select group_concat(l.id || ',' || l.region_code || ',' || (${LABORER_FLAGS}), ',')
       from laborer l left join household h on h.id = l.household_id
       where l.id > ? and l.id <= ? and ${scope.text}`,
    )
    .pluck();
  const spellStatement = connection
    .prepare(
      `select group_concat(s.laborer_id || ',' || s.id || ',' || s.start_month || ',' || (${spellAreaAndFlags(workAreas)}), ',')
       from employment_spell s
       where s.laborer_id > ? and s.laborer_id <= ? and ${SPELL_COVERS}`,
    )
    .pluck();
  // Grants of the ruleset's benefits by a known kind of subject: the labourer's id, the benefit's index in
  // benefitIds, 1 when the period starts in the as-of year (else 0), amount (may be negative) and months.
  const benefitIds = [...ruleset.index.benefits.keys()];
  const benefitIndex =
    benefitIds.length > 0
      ? `case g.benefit_id ${benefitIds.map((_, k) => `when ? then ${k}`).join(' ')} end`
      : '0';
  const benefitKnown =
    benefitIds.length > 0 ? `g.benefit_id in (${benefitIds.map(() => '?').join(', ')})` : '1 = 0';
  const grantStatement = connection
    .prepare(
      `select group_concat(l.id || ',' || (${benefitIndex})
         || ',' || (substr(g.period_start, 1, 4) = ?) || ',' || g.amount_fen || ',' || ifnull(g.months, 0), ',')
       from policy_grant g join laborer l on l.id_number_index = g.person_id_index
       where g.id > ? and g.id <= ? and ${benefitKnown}
         and g.subject_kind in (${SUBJECT_KINDS.map(() => '?').join(', ')}) and ${scope.text}`,
    )
    .pluck();
  const grantRange = connection.prepare('select min(id), max(id) from policy_grant').raw(true);

  // One snapshot: a read transaction over every batch (this connection is ours alone).
  connection.exec('begin');
  try {
    const counted = countStatement.get(...scope.parameters) as [number, number | null, number | null];
    const total = Number(counted[0]);
    const low = Number(counted[1] ?? 0);
    const high = Number(counted[2] ?? -1);
    options.onProgress?.(0, total);
    const builder = new PopulationBuilder(total, 10 ** (12 - options.level), workAreas);
    for (let from = low - 1; from < high; from += batchSize) {
      const to = Math.min(from + batchSize, high);
      const laborers = laborerStatement.get(from, to, ...scope.parameters) as string | null;
      if (laborers === null) continue;
      const list = new NumberList(laborers);
      builder.reserve(Math.min(batchSize, to - from));
      while (!list.done) builder.laborer(list.next(), list.next(), list.next());
      const spells = spellStatement.get(from, to, month, month) as string | null;
      if (spells !== null) {
        const spellList = new NumberList(spells);
        while (!spellList.done)
          builder.spell(spellList.next(), spellList.next(), spellList.nextMonth(), spellList.next());
      }
      options.onProgress?.(builder.size, Math.max(total, builder.size));
      await yieldToOthers();
    }

    const grants = new GrantSummaries(ruleset, builder.ids.data, builder.size, options.asOf);
    const [firstGrant, lastGrant] = grantRange.get() as [number | null, number | null];
    const year = options.asOf.slice(0, 4);
    for (let after = (firstGrant ?? 0) - 1; after < (lastGrant ?? -1); after += GRANT_RANGE) {
      const text = grantStatement.get(
        ...benefitIds,
        year,
        after,
        after + GRANT_RANGE,
        ...benefitIds,
        ...SUBJECT_KINDS,
        ...scope.parameters,
      ) as string | null;
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
  // Raw rows: short aliases, no camel-case mapping of a million rows.
  const raw = db.withoutPlugins();
  const scope = options.scope;
  const batchSize = options.batchSize ?? 50_000;
  const month = options.asOf.slice(0, 7);
  const inScope = regionRangeCondition('l.region_code', scope);
  const { rows: counted } = await sql<{ n: number | string; lo: number | null; hi: number | null }>`
    select count(*) as n, min(l.id) as lo, max(l.id) as hi from laborer l where ${inScope}`.execute(raw);
  const total = Number(counted[0]?.n ?? 0);
  const low = Number(counted[0]?.lo ?? 0);
  const high = Number(counted[0]?.hi ?? -1);
  options.onProgress?.(0, total);

  const workAreas = ruleset.index.facts.get('workArea')?.values ?? [];
  const builder = new PopulationBuilder(total, 10 ** (12 - options.level), workAreas);
  for (let from = low - 1; from < high; from += batchSize) {
    const to = Math.min(from + batchSize, high);
    // Packed: a million small rows of two or three numbers cost far less to hand over than wide ones. Laborer:
    // region code × 32 + LABORER_FLAGS.
    const { rows: laborers } = await sql<{ id: number; p: number | string }>`
      select l.id as id, cast(l.region_code as bigint) * 32 + ${sql.raw(LABORER_FLAGS)} as p
      from laborer l left join household h on h.id = l.household_id
      where l.id > ${from} and l.id <= ${to} and ${inScope}
      order by l.id`.execute(raw);
    if (laborers.length === 0) continue;
    const { rows: spells } = await sql<{ lid: number; sid: number; m: number | string; p: number | string }>`
      select s.laborer_id as lid, s.id as sid, ${sql.raw(SPELL_MONTH_INDEX)} as m,
        ${sql.raw(spellAreaAndFlags(workAreas))} as p
      from employment_spell s
      where s.laborer_id > ${from} and s.laborer_id <= ${to} and s.start_month <= ${month}
        and (s.end_month is null or s.end_month = '' or s.end_month >= ${month})
      order by s.laborer_id`.execute(raw);
    builder.reserve(laborers.length);
    for (const row of laborers) {
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
    const { rows } = await sql<GrantRow & { sk: string }>`
      select g.id as gid, l.id as lid, g.benefit_id as bid, g.period_start as ps, g.amount_fen as amt,
        g.months as mo, g.subject_kind as sk
      from policy_grant g join laborer l on l.id_number_index = g.person_id_index
      where g.id > ${after} and ${inScope}
      order by g.id
      limit ${GRANT_BATCH}`.execute(raw);
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
