import {
  MISSING_CODE,
  MISSING_INT,
  toEpochDay,
  type FactColumn,
  type PopulationColumns,
  type PriorGrantColumns,
  type Ruleset,
} from '@jiuye/domain/policy/index.ts';

/**
 * The what-if population as fact columns (typed arrays the columnar engine reads, not the per-case interpreter's
 * objects), filled from the packed numbers laborer-facts.repository.ts reads: the same facts as policy-facts.ts's
 * factsFromRegistry gives one labourer, and the grants the ledger holds about them as per-benefit summaries.
 */

export interface PopulationLoad {
  population: PopulationColumns;
  /** Labourer ids, ascending, position by position (to drill down or test). */
  laborerIds: Int32Array;
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
 * The fact columns, filled labourer by labourer (in ascending id order) and spell by spell (in any order), as
 * policy-facts.ts's factsFromRegistry gives them.
 */
export class PopulationBuilder {
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

  /** A labourer (after reserve): id, 户籍地 code as a number, the repository's LABORER_FLAGS. */
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
   * A spell covering the as-of month: its start month index and the repository's spellAreaAndFlags. Of a
   * labourer's spells, the last in (start month, id) order wins, as currentSpell; spells of labourers not loaded
   * are ignored.
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
export class GrantSummaries {
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

/** The kinds of grant subject whose grants count for the person (policy-facts.ts's ledgerRowsFor). */
export const SUBJECT_KINDS = ['person', 'employer', 'provider', 'station', 'incubator'];
