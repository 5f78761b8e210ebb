/**
 * Value normalisers for the ledger import: full-width digits, stray spaces, lower-case x, labels or codes for coded
 * columns, dates as text, numbers or Excel dates. Each takes a raw cell as a reader returns it (string, number,
 * boolean, Date, null) and returns the stored form or a problem; blank cells give `value_blank`, so the caller
 * decides whether the column is required (see `isBlank`).
 */
import {
  dayNumber,
  formatIsoDate,
  formatIsoMonth,
  isoDateFromDayNumber,
  isRealDate,
} from '../identity/calendar.ts';
import type { Checked, Problem } from '../identity/problem.ts';
import { error, fail, succeed } from '../identity/problem.ts';
import { collapseSpaces, removeSpaces, toHalfWidth } from '../identity/text.ts';
import type { Dictionary, DictionaryEntry } from './dictionaries.ts';
import { isEntryInUse } from './dictionaries.ts';

export type NormalizeProblemCode =
  | 'value_blank'
  | 'date_invalid'
  | 'month_invalid'
  | 'month_ambiguous'
  | 'boolean_invalid'
  | 'integer_invalid'
  | 'money_invalid'
  | 'code_unknown'
  | 'code_out_of_era';

export interface NormalizeOptions {
  /** Field (column) name the problems carry. */
  readonly field?: string;
}

/** Dates of the registry lie between these years (births from 1900, spells and plans before 2100). */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2099;

/** True for null, undefined, and strings of nothing but spaces (incl. U+3000, NBSP, zero-width). */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && removeSpaces(value) === '');
}

/**
 * A cell as clean text: full-width ASCII forms (digits, letters, punctuation) made half-width, zero-width
 * characters dropped, every kind of space turned into one ASCII space, trimmed. Numbers and booleans as written.
 */
export function normalizeText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return collapseSpaces(toHalfWidth(String(value)));
}

const blank = (field: string) => fail([error('value_blank', field, '不能为空')]);

// ---------------------------------------------------------------------------------------------------------------
// Dates

/**
 * Excel serial number → 'YYYY-MM-DD'. 1900 system (Windows default): 1 = 1900-01-01, and 60 is the non-existent
 * 1900-02-29 that Excel keeps for Lotus 1-2-3 compatibility, so serials from 61 on are one day ahead. 1904 system
 * (old Mac workbooks, `date1904` in workbook.xml): 0 = 1904-01-01. The time of day is dropped, after rounding to
 * the nearest second against floating-point noise. Undefined for serials that name no date.
 */
export function excelSerialToIsoDate(
  serial: number,
  options: { readonly date1904?: boolean } = {},
): string | undefined {
  if (!Number.isFinite(serial)) return undefined;
  const whole = Math.floor(serial + 0.5 / 86_400);
  if (options.date1904) return whole < 0 ? undefined : isoDateFromDayNumber(dayNumber(1904, 1, 1) + whole);
  if (whole < 1 || whole === 60) return undefined;
  return isoDateFromDayNumber(dayNumber(1899, 12, 31) + (whole < 60 ? whole : whole - 1));
}

/** The calendar date a reader's Date stands for: its UTC date after rounding to the nearest second. */
function dateObjectToIsoDate(date: Date): string | undefined {
  const time = date.getTime();
  if (Number.isNaN(time)) return undefined;
  const rounded = new Date(Math.round(time / 1000) * 1000);
  return formatIsoDate(rounded.getUTCFullYear(), rounded.getUTCMonth() + 1, rounded.getUTCDate());
}

// A time of day after the date (2024-03-05 08:00:00, 2024-03-05T00:00:00.000Z) is dropped.
const TIME_TAIL = /[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/u;
const DATE_PATTERNS: readonly RegExp[] = [
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/u, // 2024-03-05, 2024/3/5, 2024.3.5
  /^(\d{4})(年)(\d{1,2})月(\d{1,2})[日号]?$/u, // 2024年3月5日
  /^(\d{4})()(\d{2})(\d{2})$/u, // 20240305
];

function inRange(year: number): boolean {
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR;
}

/**
 * A date cell → 'YYYY-MM-DD': text as 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305 (a trailing time is
 * ignored); Excel serial numbers; Date objects. Years outside 1900–2099 are refused.
 */
export function normalizeDate(
  value: unknown,
  options: NormalizeOptions & { readonly date1904?: boolean } = {},
): Checked<string, NormalizeProblemCode> {
  const field = options.field ?? 'value';
  if (isBlank(value)) return blank(field);
  const shown = normalizeText(value);
  let iso: string | undefined;
  if (value instanceof Date) iso = dateObjectToIsoDate(value);
  else if (typeof value === 'number') {
    if (value === 60 && !options.date1904) {
      return fail([error('date_invalid', field, 'Excel日期序号60对应不存在的1900年2月29日')]);
    }
    iso = excelSerialToIsoDate(value, options);
  } else if (typeof value === 'string') {
    iso = parseDateText(removeSpaces(collapseSpaces(toHalfWidth(value)).replace(TIME_TAIL, '')));
  }
  if (iso === undefined) {
    return fail([
      error('date_invalid', field, `「${shown}」不是有效日期，请填写如2024-03-05、2024/3/5或2024年3月5日`),
    ]);
  }
  if (!inRange(Number(iso.slice(0, 4)))) {
    return fail([error('date_invalid', field, `日期${iso}超出${EARLIEST_YEAR}–${LATEST_YEAR}年的范围`)]);
  }
  return succeed(iso);
}

function parseDateText(text: string): string | undefined {
  for (const pattern of DATE_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const [year, month, day] = [Number(match[1]), Number(match[3]), Number(match[4])];
    return isRealDate(year, month, day) ? formatIsoDate(year, month, day) : undefined;
  }
  return undefined;
}

const MONTH_PATTERNS: readonly RegExp[] = [
  /^(\d{4})[-/](\d{1,2})$/u, // 2024-03, 2024/3
  /^(\d{4})年(\d{1,2})月?$/u, // 2024年3月
  /^(\d{4})(\d{2})$/u, // 202403
];

/**
 * A 年月 cell → 'YYYY-MM': text as 2024-03, 2024/3, 2024.3, 2024年3月, 202403, or any full date (its month).
 * Excel turns a typed 2024.10 into the number 2024.1, indistinguishable from a typed 2024.1, so both read as
 * ambiguous (an error asking for 2024-01 or 2024-10) rather than guessed.
 */
export function normalizeYearMonth(
  value: unknown,
  options: NormalizeOptions & { readonly date1904?: boolean } = {},
): Checked<string, NormalizeProblemCode> {
  const field = options.field ?? 'value';
  if (isBlank(value)) return blank(field);
  const shown = normalizeText(value);
  const invalid = () =>
    fail([error('month_invalid', field, `「${shown}」不是有效年月，请填写如2024-03、2024/3或2024年3月`)]);

  let dotted: string | undefined;
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 190_001 && value <= 209_912) {
      return monthFrom(String(value), field, invalid);
    }
    if (!Number.isInteger(value) && value >= EARLIEST_YEAR && value < LATEST_YEAR + 1) dotted = String(value);
    else if (Number.isInteger(value) && inRange(value)) {
      return fail([error('month_invalid', field, `「${shown}」只有年份，请填写到月，如${value}-03`)]);
    }
  } else if (typeof value === 'string') {
    const text = removeSpaces(toHalfWidth(value));
    if (/^\d{4}\.\d{1,2}$/u.test(text)) dotted = text;
    else if (MONTH_PATTERNS.some((pattern) => pattern.test(text))) return monthFrom(text, field, invalid);
  }
  if (dotted !== undefined) {
    const [yearText, monthText = ''] = dotted.split('.');
    if (monthText === '1') {
      return fail([
        error(
          'month_ambiguous',
          field,
          `「${dotted}」可能是${yearText}年1月或10月，请填写为${yearText}-01或${yearText}-10`,
        ),
      ]);
    }
    return monthFrom(`${yearText}-${monthText}`, field, invalid);
  }
  const date = normalizeDate(value, options);
  return date.ok ? succeed(date.value.slice(0, 7)) : invalid();
}

function monthFrom(
  text: string,
  field: string,
  invalid: () => Checked<string, NormalizeProblemCode>,
): Checked<string, NormalizeProblemCode> {
  for (const pattern of MONTH_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const [year, month] = [Number(match[1]), Number(match[2])];
    if (month < 1 || month > 12) return invalid();
    if (!inRange(year)) {
      return fail([
        error(
          'month_invalid',
          field,
          `年月${formatIsoMonth(year, month)}超出${EARLIEST_YEAR}–${LATEST_YEAR}年的范围`,
        ),
      ]);
    }
    return succeed(formatIsoMonth(year, month));
  }
  return invalid();
}

// ---------------------------------------------------------------------------------------------------------------
// Booleans and numbers

const TRUE_WORDS = new Set(['是', 'y', 'yes', '1', 'true']);
const FALSE_WORDS = new Set(['否', 'n', 'no', '0', 'false']);

/** 是/否, Y/N, yes/no, 1/0, true/false (any case), real booleans and the numbers 1 and 0. */
export function normalizeBoolean(
  value: unknown,
  options: NormalizeOptions = {},
): Checked<boolean, NormalizeProblemCode> {
  const field = options.field ?? 'value';
  if (isBlank(value)) return blank(field);
  if (typeof value === 'boolean') return succeed(value);
  const word = removeSpaces(toHalfWidth(String(value))).toLowerCase();
  if (TRUE_WORDS.has(word)) return succeed(true);
  if (FALSE_WORDS.has(word)) return succeed(false);
  return fail([error('boolean_invalid', field, `「${normalizeText(value)}」应填写“是”或“否”`)]);
}

// Digits, optionally grouped by thousands with commas (3,000 or 3，000), optionally with decimals.
const DECIMAL = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/u;

/** Digits with optional thousands separators (3,000), a sign, and at most zero decimals (3000.00) → integer. */
export function normalizeInteger(
  value: unknown,
  options: NormalizeOptions = {},
): Checked<number, NormalizeProblemCode> {
  const field = options.field ?? 'value';
  if (isBlank(value)) return blank(field);
  const invalid = fail([error('integer_invalid', field, `「${normalizeText(value)}」不是整数`)]);
  if (typeof value === 'number') return Number.isSafeInteger(value) ? succeed(value) : invalid;
  if (typeof value !== 'string') return invalid;
  const text = removeSpaces(toHalfWidth(value));
  const negative = text.startsWith('-');
  const match = DECIMAL.exec(text.replace(/^[+-]/u, ''));
  if (!match || /[1-9]/u.test(match[2] ?? '')) return invalid;
  const integer = Number((match[1] ?? '').replaceAll(',', ''));
  if (!Number.isSafeInteger(integer)) return invalid;
  return succeed(negative ? -integer : integer);
}

export type RoundingMode = 'half_up' | 'half_even' | 'down' | 'reject';

// ¥ / ￥ before, 元 after: the only units accepted. 万 / 千 / 角 are refused rather than guessed at.
function stripCurrency(text: string): string {
  return text.replace(/^[¥￥]/u, '').replace(/元$/u, '');
}

function parseAmount(value: unknown): { integer: string; fraction: string } | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0 || value >= 1e13) return undefined;
    text = value.toFixed(6); // a float from a spreadsheet: 6 decimals are more than its cents carry
  } else if (typeof value === 'string') {
    text = stripCurrency(removeSpaces(toHalfWidth(value)));
  } else return undefined;
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  return { integer: (match[1] ?? '').replaceAll(',', ''), fraction: match[2] ?? '' };
}

/**
 * An amount in yuan → integer fen (money is integer fen, rounding is explicit): 3000, 3,000, 3000.5, ¥3000, 3000元.
 * Beyond two decimals the caller's rounding applies; `reject` refuses such amounts.
 */
export function normalizeMoneyToFen(
  value: unknown,
  options: NormalizeOptions & { readonly rounding: RoundingMode },
): Checked<number, NormalizeProblemCode> {
  const field = options.field ?? 'value';
  if (isBlank(value)) return blank(field);
  const shown = normalizeText(value);
  const amount = parseAmount(value);
  if (!amount) {
    return fail([error('money_invalid', field, `「${shown}」不是有效金额，请填写数字（单位：元）`)]);
  }
  const cents = amount.fraction.padEnd(2, '0').slice(0, 2);
  const rest = amount.fraction.slice(2).replace(/0+$/u, '');
  let fen = Number(amount.integer) * 100 + Number(cents);
  if (rest !== '') {
    if (options.rounding === 'reject') {
      return fail([error('money_invalid', field, `金额「${shown}」最多保留两位小数（到分）`)]);
    }
    const firstDigit = Number(rest[0]);
    const isHalfExactly = rest === '5';
    if (options.rounding === 'half_up' && firstDigit >= 5) fen += 1;
    if (
      options.rounding === 'half_even' &&
      (firstDigit > 5 || (firstDigit === 5 && (!isHalfExactly || fen % 2 === 1)))
    ) {
      fen += 1;
    }
  }
  if (!Number.isSafeInteger(fen)) return fail([error('money_invalid', field, `金额「${shown}」过大`)]);
  return succeed(fen);
}

/** An amount in whole yuan (意向月薪 and the like): 3000, 3,000, 3000元, ¥3000; decimals other than .00 refused. */
export function normalizeYuan(
  value: unknown,
  options: NormalizeOptions = {},
): Checked<number, NormalizeProblemCode> {
  const field = options.field ?? 'value';
  if (isBlank(value)) return blank(field);
  const amount = parseAmount(value);
  if (!amount || /[1-9]/u.test(amount.fraction) || !Number.isSafeInteger(Number(amount.integer))) {
    return fail([error('money_invalid', field, `「${normalizeText(value)}」不是整数元金额`)]);
  }
  return succeed(Number(amount.integer));
}

// ---------------------------------------------------------------------------------------------------------------
// Coded columns

/** How a label or alias is compared: half-width, no spaces, Latin letters lower-case. */
export function codeKey(text: string): string {
  return removeSpaces(toHalfWidth(text)).toLowerCase();
}

const indexes = new WeakMap<Dictionary, Map<string, DictionaryEntry>>();

// Each entry answers to its code, label and aliases, and to the code-with-label forms dropdown templates
// produce: 01汉族, 01-汉族, 01:汉族, 01|汉族, 汉族(01).
function indexOf(dictionary: Dictionary): Map<string, DictionaryEntry> {
  const cached = indexes.get(dictionary);
  if (cached) return cached;
  const index = new Map<string, DictionaryEntry>();
  for (const entry of dictionary.entries) {
    const names = [entry.label, ...entry.aliases];
    const keys = [
      entry.code,
      ...names,
      ...names.flatMap((name) =>
        ['', '-', ':', '|', '.', '_'].map((separator) => entry.code + separator + name),
      ),
      ...names.map((name) => `${name}(${entry.code})`),
    ];
    for (const key of keys.map(codeKey)) if (!index.has(key)) index.set(key, entry);
  }
  indexes.set(dictionary, index);
  return index;
}

/**
 * The code of a dictionary entry named by its code, label or an alias (store the code, show the label). Numeric
 * codes also match without their leading zeros (Excel turns 01 into 1). With `year`, an entry outside its era is
 * refused.
 */
export function resolveCode<Code extends string>(
  value: unknown,
  dictionary: Dictionary<Code>,
  options: NormalizeOptions & { readonly year?: number } = {},
): Checked<Code, NormalizeProblemCode> {
  const field = options.field ?? 'value';
  if (isBlank(value)) return blank(field);
  const shown = normalizeText(value);
  const key = codeKey(shown);
  const index = indexOf(dictionary);
  let entry = index.get(key) as DictionaryEntry<Code> | undefined;
  if (!entry && /^\d+$/u.test(key)) {
    entry = dictionary.entries.find(
      (candidate) => /^\d+$/u.test(candidate.code) && Number(candidate.code) === Number(key),
    );
  }
  if (!entry) {
    const labels = dictionary.entries.map((candidate) => candidate.label);
    const choices = labels.length > 12 ? `${labels.slice(0, 12).join('、')}等` : labels.join('、');
    return fail([error('code_unknown', field, `「${shown}」不是有效的${dictionary.name}，可选：${choices}`)]);
  }
  if (options.year !== undefined && !isEntryInUse(entry, options.year)) {
    const since =
      entry.fromYear !== undefined && options.year < entry.fromYear ? `（自${entry.fromYear}年起使用）` : '';
    const until =
      entry.untilYear !== undefined && options.year > entry.untilYear ? `（${entry.untilYear}年后停用）` : '';
    return fail([
      error(
        'code_out_of_era',
        field,
        `「${entry.label}」在${options.year}年不是有效的${dictionary.name}${since}${until}`,
      ),
    ]);
  }
  return succeed(entry.code);
}

/**
 * A multi-valued coded cell (就业服务需求: 职业介绍、技能培训) → the distinct codes in entry order. Separators:
 * 、 , ; / and spaces. Every unknown part is reported.
 */
export function resolveCodeList<Code extends string>(
  value: unknown,
  dictionary: Dictionary<Code>,
  options: NormalizeOptions & { readonly year?: number } = {},
): Checked<Code[], NormalizeProblemCode> {
  const field = options.field ?? 'value';
  if (isBlank(value)) return blank(field);
  const parts = toHalfWidth(String(value))
    .split(/[、,;/\s]+/u)
    .filter((part) => !isBlank(part));
  const codes = new Set<Code>();
  const problems: Problem<NormalizeProblemCode>[] = [];
  for (const part of parts) {
    const result = resolveCode(part, dictionary, options);
    if (result.ok) codes.add(result.value);
    else problems.push(...result.problems);
  }
  if (problems.length > 0) return fail(problems);
  const order = dictionary.entries.map((entry) => entry.code);
  return succeed([...codes].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
}
