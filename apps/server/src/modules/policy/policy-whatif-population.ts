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
import type { Db } from '../../db/database.ts';
import { regionRangeCondition } from '../registry/registry-scope.ts';

/**
 * The registry as fact columns for the columnar what-if (DESIGN.md §5): every labourer whose 户籍地 lies in a
 * scope, read in one streamed pass of keyset batches over the labourer id (only the columns the facts need; no
 * row objects of the repositories), with the same facts as policy-facts.ts's factsFromRegistry gives one labourer,
 * and the grants the ledger holds about them as per-benefit summaries.
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

/**
 * Loads the facts of every labourer in the scope on the as-of date. Batches are id ranges (keyset on the primary
 * key): between two batches other requests get the connection, and `onProgress` reports the labourers loaded.
 */
export async function loadPopulation(
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
  // Work areas are codes of the registry's dictionary (digits, letters, '_'): quoted as SQL literals.
  const workAreaCase = `case s.work_area ${workAreas
    .filter((value) => /^[a-z_]+$/u.test(value))
    .map((value) => `when '${value}' then ${workAreas.indexOf(value)}`)
    .join(' ')} else ${MISSING_CODE} end`;
  const levelDivisor = 10 ** (12 - options.level);
  const dayOfMonth = new Map<number, number>();
  const firstOfMonth = (monthIndex: number): number => {
    let day = dayOfMonth.get(monthIndex);
    if (day === undefined) {
      const year = Math.floor(monthIndex / 12);
      const month = (monthIndex % 12) + 1;
      day = toEpochDay(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`);
      dayOfMonth.set(monthIndex, day);
    }
    return day;
  };
  const capacity = total;
  const ids = new Growable(new Int32Array(capacity), (n) => new Int32Array(n));
  const regionIndex = new Growable(new Int32Array(capacity), (n) => new Int32Array(n));
  const booleans = Object.fromEntries(BOOLEAN_FACTS.map((name) => [name, u8(capacity)])) as Record<
    (typeof BOOLEAN_FACTS)[number],
    Growable<Uint8Array>
  >;
  const workArea = u8(capacity);
  const departure = new Growable(new Int32Array(capacity).fill(MISSING_INT), (n) =>
    new Int32Array(n).fill(MISSING_INT),
  );
  const regionCodes: string[] = [];
  const regionOf = new Map<number, number>();
  let lastPrefix = -1;
  let lastRegion = -1;
  let size = 0;

  for (let from = low - 1; from < high; from += batchSize) {
    const to = Math.min(from + batchSize, high);
    // Packed: a million small rows of two or three numbers cost far less to hand over than wide ones. Laborer:
    // region code × 32 + flags (1 搬迁, 2 有培训意愿, 4 无培训意愿, 8 脱贫户, 16 no household).
    const { rows: laborers } = await sql<{ id: number; p: number | string }>`
      select l.id as id, cast(l.region_code as bigint) * 32
        + case when l.is_relocated then 1 else 0 end
        + case when l.training_willingness = 'willing' then 2 when l.training_willingness = 'unwilling' then 4 else 0 end
        + case when h.id is null then 16 when h.household_type = 'alleviated' then 8 else 0 end as p
      from laborer l left join household h on h.id = l.household_id
      where l.id > ${from} and l.id <= ${to} and ${inScope}
      order by l.id`.execute(raw);
    if (laborers.length === 0) continue;
    // Spell: ((start month index × 256 + 务工地域 index) × 16 + flags (1 有组织, 2 channel organized_outflow,
    // 4 公益性岗位, 8 个体经营)); 务工地域 outside the fact's values is 255 (missing).
    const { rows: spells } = await sql<{ lid: number; sid: number; p: number | string }>`
      select s.laborer_id as lid, s.id as sid,
        ((cast(substr(s.start_month, 1, 4) as bigint) * 12 + cast(substr(s.start_month, 6, 2) as bigint) - 1) * 256
          + ${sql.raw(workAreaCase)}) * 16
        + case when s.is_organized_transport then 1 else 0 end
        + case when s.channel = 'organized_outflow' then 2 when s.channel = 'welfare_post' then 4 else 0 end
        + case when s.employment_form = 'self_employed' then 8 else 0 end as p
      from employment_spell s
      where s.laborer_id > ${from} and s.laborer_id <= ${to} and s.start_month <= ${month}
        and (s.end_month is null or s.end_month = '' or s.end_month >= ${month})
      order by s.laborer_id`.execute(raw);

    const first = size;
    const end = size + laborers.length;
    for (const column of [ids, regionIndex, workArea, departure, ...Object.values(booleans)])
      column.ensure(end);
    const isRelocated = booleans.isRelocated.data;
    const isAlleviated = booleans.isAlleviated.data;
    const wantsTraining = booleans.wantsTraining.data;
    const holdsWelfarePost = booleans.holdsWelfarePost.data;
    const isSelfEmployed = booleans.isSelfEmployed.data;
    const idData = ids.data;
    const regionData = regionIndex.data;
    for (const row of laborers) {
      const i = size++;
      idData[i] = Number(row.id);
      const packed = Number(row.p);
      const flags = packed % 32;
      const prefix = Math.floor(packed / 32 / levelDivisor);
      if (prefix !== lastPrefix) {
        lastPrefix = prefix;
        let index = regionOf.get(prefix);
        if (index === undefined) {
          index = regionCodes.length;
          regionCodes.push(String(prefix * levelDivisor).padStart(12, '0'));
          regionOf.set(prefix, index);
        }
        lastRegion = index;
      }
      regionData[i] = lastRegion;
      isRelocated[i] = flags & 1;
      // 脱贫人口 = a member of a 脱贫户; without a household the fact stays missing.
      if ((flags & 16) === 0) isAlleviated[i] = (flags & 8) >> 3;
      if (flags & 2) wantsTraining[i] = 1;
      else if (flags & 4) wantsTraining[i] = 0;
      // Not in work on the date unless a spell below says so.
      holdsWelfarePost[i] = 0;
      isSelfEmployed[i] = 0;
    }

    // Spells come in labourer order (the index's, no sort): of those covering the month, the last in (start month,
    // id) order wins, as currentSpell.
    let cursor = first;
    let chosenAt = -1;
    let chosenMonth = 0;
    let chosenId = 0;
    for (const spell of spells) {
      const laborerId = Number(spell.lid);
      while (cursor < end && (idData[cursor] as number) < laborerId) cursor++;
      if (cursor >= end || idData[cursor] !== laborerId) continue;
      const i = cursor;
      const packed = Number(spell.p);
      const flags = packed % 16;
      const area = Math.floor(packed / 16) % 256;
      const monthIndex = Math.floor(packed / 4096);
      const spellId = Number(spell.sid);
      if (chosenAt === i && (monthIndex < chosenMonth || (monthIndex === chosenMonth && spellId < chosenId)))
        continue;
      chosenAt = i;
      chosenMonth = monthIndex;
      chosenId = spellId;
      workArea.data[i] = area;
      // The spell's first month stands for the departure (the ledger keeps months, not days).
      departure.data[i] = firstOfMonth(monthIndex);
      const areaName = area === MISSING_CODE ? undefined : workAreas[area];
      booleans.isOrganisedTransfer.data[i] = flags & 3 ? 1 : 0;
      booleans.isLaborExport.data[i] = areaName === 'province' || areaName === 'out_of_province' ? 1 : 0;
      holdsWelfarePost[i] = (flags & 4) >> 2;
      isSelfEmployed[i] = (flags & 8) >> 3;
    }
    options.onProgress?.(size, Math.max(total, size));
    // Let other requests have the connection and the event loop between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }

  const priorGrants = await loadPriorGrants(raw, ruleset, inScope, ids.data, size, options.asOf);
  const facts: Record<string, FactColumn> = {
    workArea: workArea.data.subarray(0, size),
    departureDate: departure.data.subarray(0, size),
  };
  for (const name of BOOLEAN_FACTS) facts[name] = booleans[name].data.subarray(0, size);
  return {
    population: {
      size,
      regionCodes,
      regionIndex: regionIndex.data.subarray(0, size),
      facts,
      priorGrants,
    },
    laborerIds: ids.data.subarray(0, size),
  };
}

/**
 * Earlier grants about the labourers of the scope (matched by the blind index of the ID number), summed per
 * benefit and labourer: in the as-of year and in other years, counts, months and amounts. As policy-facts.ts's
 * ledgerRowsFor, every grant about the person counts, whoever the subject (the person-level limits of the seeds
 * are per person).
 */
async function loadPriorGrants(
  raw: ReturnType<Db['withoutPlugins']>,
  ruleset: Ruleset,
  inScope: ReturnType<typeof regionRangeCondition>,
  ids: Int32Array,
  size: number,
  asOf: string,
): Promise<Record<string, PriorGrantColumns>> {
  const year = asOf.slice(0, 4);
  const columns: Record<string, Required<PriorGrantColumns>> = {};
  const columnsOf = (benefitId: string): Required<PriorGrantColumns> => {
    let held = columns[benefitId];
    if (!held) {
      held = {
        countThisYear: new Int32Array(size),
        countEarlier: new Int32Array(size),
        monthsThisYear: new Int32Array(size),
        monthsEarlier: new Int32Array(size),
        amountThisYear: new Float64Array(size),
        amountEarlier: new Float64Array(size),
      };
      columns[benefitId] = held;
    }
    return held;
  };
  const SUBJECT_KINDS = ['person', 'employer', 'provider', 'station', 'incubator'];
  let after = 0;
  for (;;) {
    const { rows } = await sql<GrantRow & { sk: string }>`
      select g.id as gid, l.id as lid, g.benefit_id as bid, g.period_start as ps, g.amount_fen as amt,
        g.months as mo, g.subject_kind as sk
      from policy_grant g join laborer l on l.id_number_index = g.person_id_index
      where g.id > ${after} and ${inScope}
      order by g.id
      limit 10000`.execute(raw);
    if (rows.length === 0) break;
    for (const row of rows) {
      after = Number(row.gid);
      if (!SUBJECT_KINDS.includes(row.sk) || !ruleset.index.benefits.has(row.bid)) continue;
      const i = positionOf(ids, size, Number(row.lid));
      if (i < 0) continue;
      const held = columnsOf(row.bid);
      const months = row.mo === null ? 0 : Number(row.mo);
      const amount = Number(row.amt);
      if (String(row.ps).slice(0, 4) === year) {
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
  return columns;
}
