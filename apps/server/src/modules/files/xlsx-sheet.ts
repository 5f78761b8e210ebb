import type { CellValue, SheetRow } from './sheet-row.ts';
import type { SharedStringTable } from './xlsx-shared-strings.ts';
import { excelToDate, isoDate } from './xlsx-styles.ts';
import { TextCollector } from './xml-text.ts';
import { EMPTY, MAX_CARRY, skipMarkup, textOf, XmlError, type ChunkSink } from './xml-tokens.ts';

// The sheet's tokenizer runs for every byte of the sheet: the bytes and byte tests its loop uses are this module's
// own, not xml-tokens.ts's (called across modules they cost about a tenth more of the sheet's reading time,
// measured on a 100,000-row ledger). Keep them equal to xml-tokens.ts's.
const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const COLON = 58;
const EQUALS = 61;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const AMPERSAND = 38;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

/** A byte that ends a name (space, /, >, =, quotes, <); anything else belongs to it. */
function endsName(code: number): boolean {
  return (
    code <= 32 ||
    code === GT ||
    code === SLASH ||
    code === EQUALS ||
    code === DOUBLE_QUOTE ||
    code === SINGLE_QUOTE ||
    code === LT
  );
}

/** Whether buffer[from, to) is exactly the ASCII text. */
function isAscii(buffer: Buffer, from: number, to: number, text: string): boolean {
  if (to - from !== text.length) return false;
  for (let index = 0; index < text.length; index += 1) {
    if (buffer[from + index] !== text.charCodeAt(index)) return false;
  }
  return true;
}

/** A value as parseInt(value, 10) reads it; digits only are read without making a string. */
function intOf(buffer: Buffer, from: number, to: number, attribute: boolean): number {
  if (to > from && to - from <= 15) {
    let value = 0;
    let at = from;
    for (; at < to; at += 1) {
      const digit = buffer[at]! - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (at === to) return value;
  }
  return Number.parseInt(textOf(buffer, from, to, attribute), 10);
}

const EXCEL_MAX_ROW = 1_048_576;
const EXCEL_MAX_COLUMN = 16_384;

const enum CellType {
  Number,
  Shared,
  Str,
  Inline,
  Bool,
  Error,
  Date,
}

const enum Tag {
  Other,
  SheetData,
  Row,
  C,
  V,
  F,
  Is,
  T,
  RPh,
}

/** The element of sheetData a local name is, told by its bytes. */
function sheetTag(buffer: Buffer, from: number, to: number): Tag {
  const length = to - from;
  const first = buffer[from];
  if (length === 1) {
    if (first === 99) return Tag.C;
    if (first === 118) return Tag.V;
    if (first === 102) return Tag.F;
    if (first === 116) return Tag.T;
    return Tag.Other;
  }
  if (length === 3) {
    if (first === 114 && buffer[from + 1] === 111 && buffer[from + 2] === 119) return Tag.Row;
    return isAscii(buffer, from, to, 'rPh') ? Tag.RPh : Tag.Other;
  }
  if (length === 2) return first === 105 && buffer[from + 1] === 115 ? Tag.Is : Tag.Other;
  return length === 9 && isAscii(buffer, from, to, 'sheetData') ? Tag.SheetData : Tag.Other;
}

/**
 * The worksheet (§18.3.1.99 worksheet), fed a chunk at a time. Its own tokenizer rather than XmlScanner: the
 * sheet is nearly all of the work, so tags are told by their bytes, attributes are read in the pass that finds the
 * end of a tag, and only r, s and t are kept. Rows are collected and taken by the reader between chunks. A cell
 * left undefined in a row is absent (a Null cell of ExcelJS): trailing ones are dropped, others become null.
 */
export class SheetReader extends TextCollector implements ChunkSink {
  done = false;
  #carry: Buffer = EMPTY;
  #rows: SheetRow[] = [];
  #inSheetData = false;
  // The r, s and t attributes of the tag just read: ranges of the chunk (from -1 when absent).
  #rFrom = -1;
  #rTo = 0;
  #sFrom = -1;
  #sTo = 0;
  #tFrom = -1;
  #tTo = 0;
  // Row
  #rowOpen = false;
  #rowNumber = 0;
  #rowDate = false;
  #cells: (CellValue | undefined)[] = [];
  // Cell
  #cellOpen = false;
  #column = 0;
  #type = CellType.Number;
  #date = false;
  #hasFormula = false;
  #hasValue = false;
  #inInline = false;
  #phonetic = 0;

  constructor(
    private readonly sharedStrings: SharedStringTable,
    private readonly dateStyles: readonly boolean[],
    private readonly date1904: boolean,
  ) {
    super();
  }

  take(): SheetRow[] {
    const rows = this.#rows;
    this.#rows = [];
    return rows;
  }

  write(chunk: Buffer): void {
    if (this.done) return;
    const buffer = this.#carry.length > 0 ? Buffer.concat([this.#carry, chunk]) : chunk;
    const length = buffer.length;
    let at = 0;
    let keep = length;
    for (;;) {
      // Text in a sheet is short: a loop beats Buffer.indexOf's call.
      let lt = at;
      while (lt < length && buffer[lt] !== LT) lt += 1;
      if (lt >= length) {
        if (this.wantsText && at < length) keep = at;
        break;
      }
      if (lt > at && this.wantsText) this.text(buffer, at, lt);
      let name = lt + 1;
      if (name >= length) {
        keep = lt;
        break;
      }
      let code = buffer[name]!;
      const closing = code === SLASH;
      if (closing) {
        name += 1;
      } else if (code === BANG || code === QUESTION) {
        const end = skipMarkup(buffer, lt, this.wantsText ? this : undefined);
        if (end < 0) {
          keep = lt;
          break;
        }
        at = end;
        continue;
      }
      // The name, and its local part after any prefix (<x:c>).
      let local = name;
      let end = name;
      for (; end < length; end += 1) {
        code = buffer[end]!;
        if (code === COLON) local = end + 1;
        else if (endsName(code)) break;
      }
      if (end >= length) {
        keep = lt;
        break;
      }
      if (end === name) throw new XmlError('< 之后不是标记名称');
      const tag = this.#inSheetData
        ? sheetTag(buffer, local, end)
        : isAscii(buffer, local, end, 'sheetData')
          ? Tag.SheetData
          : Tag.Other;
      if (closing) {
        let gt = end;
        while (gt < length && buffer[gt] !== GT) gt += 1;
        if (gt >= length) {
          keep = lt;
          break;
        }
        at = gt + 1;
        if (tag !== Tag.Other) this.#close(tag);
        if (this.done) break;
        continue;
      }
      // Attributes, read in the pass that finds the end of the tag (a > may stand in a quoted value).
      this.#rFrom = -1;
      this.#sFrom = -1;
      this.#tFrom = -1;
      let gt = -1;
      let selfClosing = false;
      let scan = end;
      for (;;) {
        while (scan < length && isSpace(buffer[scan]!)) scan += 1;
        if (scan >= length) break;
        code = buffer[scan]!;
        if (code === GT) {
          gt = scan;
          break;
        }
        if (code === SLASH) {
          if (scan + 1 >= length) break;
          if (buffer[scan + 1] !== GT) throw new XmlError('标记格式错误');
          gt = scan + 1;
          selfClosing = true;
          break;
        }
        const attrFrom = scan;
        for (; scan < length; scan += 1) {
          code = buffer[scan]!;
          if (code === EQUALS || endsName(code)) break;
        }
        const attrTo = scan;
        while (scan < length && isSpace(buffer[scan]!)) scan += 1;
        if (scan >= length) break;
        if (attrTo === attrFrom || buffer[scan] !== EQUALS) throw new XmlError('属性格式错误');
        scan += 1;
        while (scan < length && isSpace(buffer[scan]!)) scan += 1;
        if (scan >= length) break;
        const quote = buffer[scan]!;
        if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) throw new XmlError('属性值缺少引号');
        let close = scan + 1;
        while (close < length && buffer[close] !== quote) close += 1;
        if (close >= length) break;
        if (attrTo - attrFrom === 1) {
          const attr = buffer[attrFrom];
          if (attr === 114) {
            this.#rFrom = scan + 1;
            this.#rTo = close;
          } else if (attr === 115) {
            this.#sFrom = scan + 1;
            this.#sTo = close;
          } else if (attr === 116) {
            this.#tFrom = scan + 1;
            this.#tTo = close;
          }
        }
        scan = close + 1;
      }
      if (gt < 0) {
        keep = lt;
        break;
      }
      at = gt + 1;
      if (tag !== Tag.Other) {
        this.#open(tag, buffer, selfClosing);
        if (selfClosing) this.#close(tag);
        if (this.done) break;
      }
    }
    this.#carry = keep < length && !this.done ? buffer.subarray(keep) : EMPTY;
    if (this.#carry.length > MAX_CARRY) throw new XmlError('单个标记或文本过长');
  }

  end(): void {
    if (this.#carry.length > 0 && this.#carry[0] === LT) throw new XmlError('内容不完整，文件可能被截断');
    if (this.#inSheetData) throw new XmlError('内容不完整，文件可能被截断');
  }

  #open(tag: Tag, buffer: Buffer, selfClosing: boolean): void {
    if (!this.#inSheetData) {
      // Outside sheetData only sheetData itself is told apart.
      if (selfClosing) this.done = true;
      else this.#inSheetData = true;
      return;
    }
    switch (tag) {
      case Tag.C:
        if (this.#rowOpen) this.#openCell(buffer);
        break;
      case Tag.V:
        if (this.#cellOpen) {
          this.#hasValue = true;
          this.resetText();
          this.wantsText = true;
        }
        break;
      case Tag.F:
        if (this.#cellOpen) {
          this.#hasFormula = true;
          this.wantsText = false;
        }
        break;
      case Tag.Is:
        if (this.#cellOpen) {
          this.#hasValue = true;
          this.#inInline = true;
          this.resetText();
        }
        break;
      case Tag.T:
        if (this.#cellOpen && this.#phonetic === 0) {
          if (!this.#inInline) {
            this.#hasValue = true;
            this.resetText();
          }
          this.wantsText = true;
        }
        break;
      case Tag.RPh:
        if (this.#cellOpen) {
          this.#phonetic += 1;
          this.wantsText = false;
        }
        break;
      case Tag.Row:
        this.#openRow(buffer);
        break;
      default:
        break;
    }
  }

  #close(tag: Tag): void {
    if (!this.#inSheetData) return;
    switch (tag) {
      case Tag.V:
      case Tag.T:
        this.wantsText = false;
        break;
      case Tag.C:
        this.#closeCell();
        break;
      case Tag.Is:
        this.#inInline = false;
        this.wantsText = false;
        break;
      case Tag.RPh:
        if (this.#phonetic > 0) this.#phonetic -= 1;
        break;
      case Tag.Row:
        this.#closeRow();
        break;
      case Tag.SheetData:
        this.#closeRow();
        this.#inSheetData = false;
        this.done = true;
        break;
      default:
        break;
    }
  }

  #openRow(buffer: Buffer): void {
    this.#closeRow();
    let number = this.#rFrom < 0 ? Number.NaN : intOf(buffer, this.#rFrom, this.#rTo, true);
    if (Number.isNaN(number)) number = this.#rowNumber + 1;
    if (number < 1 || number > EXCEL_MAX_ROW) throw new XmlError(`行号 ${number} 超出 Excel 的范围`);
    this.#rowOpen = true;
    this.#rowNumber = number;
    // ExcelJS: a row's style (<row s customFormat>) is the style of its cells that have none of their own.
    this.#rowDate =
      this.#sFrom < 0 ? false : (this.dateStyles[intOf(buffer, this.#sFrom, this.#sTo, true)] ?? false);
    this.#column = 0;
  }

  #closeRow(): void {
    if (!this.#rowOpen) return;
    this.#closeCell();
    this.#rowOpen = false;
    const cells = this.#cells;
    let length = cells.length;
    while (length > 0 && cells[length - 1] === undefined) length -= 1;
    cells.length = length;
    for (let index = 0; index < length; index += 1) if (cells[index] === undefined) cells[index] = null;
    this.#rows.push({ rowNumber: this.#rowNumber, cells: cells as CellValue[] });
    this.#cells = [];
  }

  #openCell(buffer: Buffer): void {
    this.#closeCell();
    let column = this.#rFrom < 0 ? 0 : columnOf(buffer, this.#rFrom, this.#rTo);
    if (column === 0) column = this.#column + 1;
    if (column > EXCEL_MAX_COLUMN) throw new XmlError(`列号 ${column} 超出 Excel 的范围`);
    let date = this.#rowDate;
    if (this.#sFrom >= 0) {
      // ExcelJS: a style other than 0 that exists replaces the row's.
      const style = intOf(buffer, this.#sFrom, this.#sTo, true);
      if (style) date = this.dateStyles[style] ?? date;
    }
    this.#cellOpen = true;
    this.#column = column;
    this.#type = this.#tFrom < 0 ? CellType.Number : cellTypeOf(buffer, this.#tFrom, this.#tTo);
    this.#date = date;
    this.#hasFormula = false;
    this.#hasValue = false;
    this.#inInline = false;
    this.#phonetic = 0;
    this.resetText();
  }

  #closeCell(): void {
    if (!this.#cellOpen) return;
    this.#cellOpen = false;
    this.wantsText = false;
    if (!this.#hasFormula && !this.#hasValue) return;
    this.#cells[this.#column - 1] = this.#hasFormula ? this.#formulaValue() : this.#value();
    this.releaseText();
  }

  /** A formula cell by its cached value (null without one), typed as ExcelJS's full reader types it. */
  #formulaValue(): CellValue {
    return this.#hasValue ? (this.#value() ?? null) : null;
  }

  /** A plain cell's value; undefined where ExcelJS had a Null cell (a shared string without text). */
  #value(): CellValue | undefined {
    switch (this.#type) {
      case CellType.Shared: {
        const value = this.sharedStrings.get(this.collectedInt());
        return value === null ? undefined : value;
      }
      case CellType.Str:
      case CellType.Inline:
      case CellType.Error:
        return this.collected();
      case CellType.Bool:
        return this.collectedInt() !== 0;
      case CellType.Date:
        return isoDate(this.collected());
      default: {
        const number = this.collectedNumber();
        return this.#date ? excelToDate(number, this.date1904) : number;
      }
    }
  }
}

/** The column of a cell reference ('AB12', '$AB$12' → 28); 0 when it names none. */
function columnOf(buffer: Buffer, from: number, to: number): number {
  let at = from;
  if (buffer[at] === 36) at += 1;
  let column = 0;
  for (; at < to && column <= EXCEL_MAX_COLUMN; at += 1) {
    const code = buffer[at]! | 0x20; // lower case
    if (code < 97 || code > 122) break;
    column = column * 26 + code - 96;
  }
  return column;
}

/** The t of a cell (§18.18.11 ST_CellType); anything else is a number, as ExcelJS read it. */
function cellTypeOf(buffer: Buffer, from: number, to: number): CellType {
  const length = to - from;
  if (length === 1) {
    const first = buffer[from];
    if (first === 115) return CellType.Shared; // s
    if (first === 98) return CellType.Bool; // b
    if (first === 101) return CellType.Error; // e
    if (first === 100) return CellType.Date; // d
    return CellType.Number;
  }
  if (isAscii(buffer, from, to, 'str')) return CellType.Str;
  if (isAscii(buffer, from, to, 'inlineStr')) return CellType.Inline;
  if (buffer.indexOf(AMPERSAND, from) < 0 || buffer.indexOf(AMPERSAND, from) >= to) return CellType.Number;
  // Written with references (t="&#115;"): read again decoded.
  const value = Buffer.from(textOf(buffer, from, to, true), 'utf8');
  return value.length === 0 || value.indexOf(AMPERSAND) >= 0
    ? CellType.Number
    : cellTypeOf(value, 0, value.length);
}
