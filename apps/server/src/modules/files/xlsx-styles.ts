import type { XmlHandler, XmlScanner } from './xml-scanner.ts';

/**
 * Dates in an xlsx: which cell styles have a date format (xl/styles.xml §18.8.30 numFmt, §18.8.31 numFmts,
 * §18.8.10 cellXfs, by ExcelJS's rule), and a date cell's value as ExcelJS gave it (a serial number in the 1900
 * or 1904 system, or a t="d" ISO 8601 text).
 */

/** ExcelJS's utils.isDateFmt: a date or time code letter outside [..] and "..". */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/\[[^\]]*\]/gu, '').replace(/"[^"]*"/gu, '');
  return /[ymdhMsb]/u.test(bare);
}

/** ExcelJS's built-in formats (defaultnumformats.js, those with a code) that isDateFmt takes for dates. */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** xl/styles.xml: the numFmtId of each cell style (§18.8.10 cellXfs) and the custom formats (§18.8.31 numFmts). */
export class StylesHandler implements XmlHandler {
  wantsText = false;
  readonly #custom = new Map<number, string>();
  readonly #xfFormats: number[] = [];
  #inNumFmts = false;
  #inCellXfs = false;

  open(scanner: XmlScanner, from: number, to: number, selfClosing: boolean): void {
    if (scanner.is(from, to, 'numFmts')) this.#inNumFmts = !selfClosing;
    else if (scanner.is(from, to, 'cellXfs')) this.#inCellXfs = !selfClosing;
    else if (this.#inNumFmts && scanner.is(from, to, 'numFmt')) {
      let id = Number.NaN;
      let code = '';
      while (scanner.nextAttr()) {
        if (scanner.attrIs('numFmtId')) id = Number.parseInt(scanner.attrValue(), 10);
        else if (scanner.attrIs('formatCode')) code = scanner.attrValue().replace(/[\\](.)/gu, '$1');
      }
      this.#custom.set(id, code);
    } else if (this.#inCellXfs && scanner.is(from, to, 'xf')) {
      let id = Number.NaN;
      while (scanner.nextAttr()) {
        if (scanner.attrIs('numFmtId')) id = Number.parseInt(scanner.attrValue(), 10);
      }
      this.#xfFormats.push(id);
    }
  }

  close(scanner: XmlScanner, from: number, to: number): void {
    if (scanner.is(from, to, 'numFmts')) this.#inNumFmts = false;
    else if (scanner.is(from, to, 'cellXfs')) this.#inCellXfs = false;
  }

  text(): void {}
  end(): void {}

  /** For each cell style (cellXfs index), whether ExcelJS would read its numbers as dates. */
  dateStyles(): boolean[] {
    // Without styles.xml ExcelJS knew only style 0, never a date.
    if (this.#xfFormats.length === 0) return [false];
    return this.#xfFormats.map((id) => {
      if (!id) return false;
      const custom = this.#custom.get(id);
      return custom ? isDateFormat(custom) : BUILT_IN_DATE_FORMATS.has(id);
    });
  }
}

/** ExcelJS's utils.excelToDate. */
export function excelToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

const ISO_DATE =
  /^(\d{4,})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:?\d{2})?$/u;
const ISO_TIME = /^T?(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/u;

/** A t="d" value (§18.17.4 ISO 8601): without a zone it is taken as UTC, as ExcelJS's dates are. */
export function isoDate(text: string): Date | string {
  const date = ISO_DATE.exec(text);
  if (date) {
    const [, year, month, day, hour, minute, second, fraction, zone] = date;
    let time = Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour ?? 0),
      Number(minute ?? 0),
      Number(second ?? 0),
      Math.round(Number(`0.${fraction ?? '0'}`) * 1000),
    );
    if (zone && zone !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
    return new Date(time);
  }
  const clock = ISO_TIME.exec(text);
  if (clock) {
    const [, hour, minute, second, fraction] = clock;
    // A time of day alone is a fraction of a day from Excel's day 0 (1899-12-30).
    return new Date(
      Date.UTC(1899, 11, 30, Number(hour), Number(minute), Number(second ?? 0)) +
        Math.round(Number(`0.${fraction ?? '0'}`) * 1000),
    );
  }
  return text;
}
