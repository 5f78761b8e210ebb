/**
 * Proleptic Gregorian calendar helpers on ISO strings ('YYYY-MM-DD', 'YYYY-MM'), the form dates travel in (dates
 * are ISO-8601 strings everywhere). Plain arithmetic, no time zone is involved.
 */

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function formatIsoMonth(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Parts of a strict 'YYYY-MM-DD' that names a real day; undefined otherwise. */
export function parseIsoDate(text: string): DateParts | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isRealDate(year, month, day) ? { year, month, day } : undefined;
}

export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== undefined;
}

/** Parts of a strict 'YYYY-MM'; undefined otherwise. */
export function parseIsoMonth(text: string): { readonly year: number; readonly month: number } | undefined {
  const match = /^(\d{4})-(\d{2})$/u.exec(text);
  if (!match) return undefined;
  const [year, month] = [Number(match[1]), Number(match[2])];
  return year >= 1 && month >= 1 && month <= 12 ? { year, month } : undefined;
}

/** Days since 1970-01-01 of a date (negative before). */
export function dayNumber(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0–99 as they are
  return Math.round(date.getTime() / 86_400_000);
}

/** The date of a day number, as 'YYYY-MM-DD'. */
export function isoDateFromDayNumber(days: number): string {
  const date = new Date(days * 86_400_000);
  return formatIsoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/**
 * Today's date in China (UTC+8, no daylight saving since 1991) for an instant. Domain functions take `today` as
 * an argument; this is the one place that turns a clock reading into it.
 */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
