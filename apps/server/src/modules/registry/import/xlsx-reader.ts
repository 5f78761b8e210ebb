import type { Readable } from 'node:stream';
import { HostileFileError, openEntryStream, type SheetFacts, type ZipEntry } from './file-guard.ts';
import type { CellValue, SheetRow } from './sheet-row.ts';

/**
 * The rows of an xlsx file's first worksheet, read by a streaming reader of our own instead of ExcelJS's, for two
 * reasons. Speed: ExcelJS builds a Cell object model for every cell through saxes (~80 µs a 40-column ledger row
 * here), so its streaming reader alone reaches ~12,700 rows/s, under the target of 15,000 xlsx rows/s for the whole
 * import; this reader reads the bench's 200,000-row ledger (34 columns, shared strings) at ~50,000 rows/s with a
 * third of the memory (figures of the change that brought it in). And ExcelJS 4.4's reader garbles a UTF-8
 * character split across two zip chunks (exceljs#2063, unfixed upstream), which needed patches/exceljs+4.4.0.patch.
 * ExcelJS still writes every workbook we make.
 *
 * What is read (ECMA-376 Part 1, 5th ed.):
 * - xl/workbook.xml (§18.2.27 workbook, §18.2.19 sheet, §18.2.28 workbookPr date1904) and its relationships: the
 *   first sheet in workbook order that is a worksheet, whatever its part is named; its merges come from the file
 *   guard (SheetFacts).
 * - xl/styles.xml (§18.8.30 numFmt, §18.8.31 numFmts, §18.8.10 cellXfs): which cell styles have a date format,
 *   by ExcelJS's rule (utils.isDateFmt over the custom code or ExcelJS's built-in table, so ids 14–22 and 45–47).
 * - xl/sharedStrings.xml (§18.4): read whole before the sheet, as ExcelJS's 'cache' mode did; rich text runs
 *   (§18.4.4 r) joined; phonetic runs (§18.4.6 rPh) and phoneticPr skipped (Excel adds them to CJK text). The
 *   table is held compactly, as UTF-8 bytes with offsets (SharedStringTable), within a budget.
 * - The worksheet (§18.3.1.80 sheetData, §18.3.1.73 row, §18.3.1.4 c, §18.3.1.96 v, §18.3.1.40 f, §18.3.1.53
 *   is), streamed: rows and cells with or without r (then the next one), styles, t = s, str, inlineStr, b, e, n,
 *   d (ISO 8601 date, §18.17.4), formulas by their cached value (shared formulas too), numbers as Dates when the
 *   style's format is a date format (1900 or 1904 date system), any namespace prefix (<x:c>), attributes in any
 *   order and quoting, the five XML entities and character references, comments and CDATA; line ends normalized
 *   as XML requires; text otherwise taken as is (never trimmed). Everything outside sheetData is skipped.
 *
 * Values are those ExcelJS's streaming reader gave, after file-reader's plainValue (rich text joined, formulas by
 * their result, errors as their text '#N/A', empty shared strings as absent cells), except where ExcelJS misread:
 * formula results follow ExcelJS's own full (non-streaming) reader (t="b" → boolean, t="e" → '#N/A', a date
 * format → Date, and 0 or '' results are kept, where the streaming reader dropped them to null); text is decoded
 * once (ExcelJS decoded t="str" and inline strings twice, so a literal "&amp;" became "&"); every run of an inline
 * rich string is joined (ExcelJS kept the last); phonetic runs are skipped (ExcelJS replaced plain text by its
 * reading); t="d" is read as a date (ExcelJS parsed "2024-03-05" as the number 2024); rows and cells without r
 * are numbered (ExcelJS gave NaN); whitespace between elements of pretty-printed XML is not taken into values.
 * Not supported: UTF-16 parts and DTDs (both refused), and the _xHHHH_ escapes of ST_Xstring (§22.9.2.19), kept
 * as written as ExcelJS kept them. Malformed XML the reader cannot follow (a part cut short, a bad reference, a row
 * or column beyond Excel's) is refused with a HostileFileError naming the part, never guessed at.
 *
 * How: each part is inflated in chunks (file-guard's openEntryStream) and its bytes are scanned as they are, not
 * decoded first: markup is ASCII and no byte of a UTF-8 multi-byte sequence is ASCII, so tags are found in the
 * bytes, an unfinished tag or text is carried over to the next chunk, and only values are decoded, each whole (a
 * character split between two chunks is never decoded in halves). Decoding each value from its own bytes also
 * gives it its own memory, where a slice of a decoded chunk would keep the whole chunk alive. The worksheet has a
 * tokenizer of its own (SheetReader) that tells tags by their bytes and makes no string but cell values.
 * Test: apps/server/test/xlsx-reader.test.ts (against ExcelJS's reader, the code this replaced).
 */
export async function* readXlsxSheetRows(
  file: string,
  entries: readonly ZipEntry[],
  sheets: Map<string, SheetFacts>,
  maxSharedStringBytes: number,
): AsyncGenerator<SheetRow> {
  // The zip's directory as the guard read it, with its limits (inspectImportFile).
  const byName = new Map(entries.map((entry) => [entry.name, entry]));

  const workbook = new WorkbookHandler();
  await scanWhole(file, byName.get('xl/workbook.xml'), workbook);
  const rels = new RelationshipsHandler();
  await scanWhole(file, byName.get('xl/_rels/workbook.xml.rels'), rels);
  const part = firstWorksheet(workbook, rels, entries);
  if (part === undefined) return;

  const styles = new StylesHandler();
  if (byName.has('xl/styles.xml')) await scanWhole(file, byName.get('xl/styles.xml'), styles);
  const sharedStrings = new SharedStringsHandler(new SharedStringTable(maxSharedStringBytes));
  await scanWhole(file, byName.get('xl/sharedStrings.xml'), sharedStrings);

  const sheet = new SheetReader(sharedStrings.strings, styles.dateStyles(), workbook.date1904);
  const merges = new MergeIndex(sheets.get(part)?.merges ?? []);
  let expected = 1;
  for await (const _ of scanChunks(file, byName.get(part)!, sheet)) {
    const rows = sheet.take();
    for (const row of rows) {
      // Rows absent from the XML are blank rows: yield them so merges spanning them still apply.
      while (expected < row.rowNumber) {
        const cells: CellValue[] = [];
        merges.apply(expected, cells);
        yield { rowNumber: expected, cells };
        expected += 1;
      }
      merges.apply(row.rowNumber, row.cells);
      yield row;
      expected = row.rowNumber + 1;
    }
    if (sheet.done) return;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Parts

/** Longest markup or text kept across chunks: a cell's text is at most 32,767 characters (§18.3.1.96 note). */
const MAX_CARRY = 4 * 1024 * 1024;

/** A reason the XML cannot be read; reported as a HostileFileError naming the part. */
class XmlError extends Error {}

function unreadable(part: string, reason: string): HostileFileError {
  const what = part.startsWith('xl/worksheets/') ? '工作表' : '部件';
  return new HostileFileError(
    'VALIDATION_FAILED',
    `xlsx 的${what} ${part} 无法读取（${reason}），文件可能已损坏，请在 Excel 或 WPS 中打开并另存为 .xlsx 后重新导入`,
  );
}

/** What takes a part's bytes: XmlScanner, or the worksheet's own SheetReader. */
interface ChunkSink {
  write(chunk: Buffer): void;
  /** The part has ended: throws when it ended inside markup or inside an element that must close. */
  end(): void;
}

/**
 * Feeds one zip entry to a sink an inflated chunk at a time, and yields after each chunk (the sheet's rows are
 * taken between chunks).
 */
async function* scanChunks(file: string, entry: ZipEntry, sink: ChunkSink): AsyncGenerator<void> {
  let stream: Readable | undefined;
  let inflated = 0;
  try {
    stream = await openEntryStream(file, entry);
    for await (let chunk of stream as AsyncIterable<Buffer>) {
      if (inflated === 0) {
        if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))
          throw new XmlError('不支持 UTF-16 编码');
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      }
      inflated += chunk.length;
      // The guard counted this entry; a file changed since is refused the same way.
      if (inflated > entry.uncompressedSize + 1024) throw new XmlError('解压后超过其声明的大小');
      sink.write(chunk);
      yield;
    }
    sink.end();
    yield;
  } catch (error) {
    if (error instanceof HostileFileError) throw error;
    if (error instanceof XmlError) throw unreadable(entry.name, error.message);
    // zlib's errors (a damaged deflate stream: Z_DATA_ERROR …) and read errors (EIO …); anything else is ours.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^(Z_|E[A-Z]+$)/u.test(code))
      throw unreadable(entry.name, `解压失败：${(error as Error).message}`);
    throw error;
  } finally {
    stream?.destroy();
  }
}

async function scanWhole(file: string, entry: ZipEntry | undefined, handler: XmlHandler): Promise<void> {
  if (!entry) return;
  for await (const _ of scanChunks(file, entry, new XmlScanner(handler))) {
    // The handler keeps what it needs.
  }
}

/** 'worksheets/sheet1.xml' (relative to xl/) or '/xl/worksheets/sheet1.xml' → the zip entry name. */
function partName(target: string): string {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // Not percent-encoded after all.
  }
  const segments: string[] = [];
  for (const segment of (decoded.startsWith('/') ? decoded.slice(1) : `xl/${decoded}`).split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

/** The first worksheet in workbook order (a chartsheet is skipped); else, as ExcelJS, the first sheetN.xml. */
function firstWorksheet(
  workbook: WorkbookHandler,
  rels: RelationshipsHandler,
  entries: readonly ZipEntry[],
): string | undefined {
  const names = new Set(entries.map((entry) => entry.name));
  for (const id of workbook.sheetRelationIds) {
    const rel = rels.byId.get(id);
    if (!rel || rel.external) continue;
    if (rel.type !== undefined && !rel.type.endsWith('/worksheet')) continue;
    const part = partName(rel.target);
    if (names.has(part)) return part;
  }
  return entries.find((entry) => /^xl\/worksheets\/sheet\d+\.xml$/u.test(entry.name))?.name;
}

/** xl/workbook.xml: the sheets' relationship ids in order, and the date system. */
class WorkbookHandler implements XmlHandler {
  wantsText = false;
  date1904 = false;
  readonly sheetRelationIds: string[] = [];

  open(scanner: XmlScanner, from: number, to: number): void {
    if (scanner.is(from, to, 'workbookPr')) {
      while (scanner.nextAttr()) {
        if (scanner.attrIs('date1904')) {
          const value = scanner.attrValue();
          this.date1904 = value === '1' || value === 'true';
        }
      }
    } else if (scanner.is(from, to, 'sheet')) {
      // r:id, whatever the relationships namespace's prefix is.
      while (scanner.nextAttr()) {
        if (scanner.attrName().endsWith(':id')) this.sheetRelationIds.push(scanner.attrValue());
      }
    }
  }

  close(): void {}
  text(): void {}
  end(): void {}
}

interface Relationship {
  target: string;
  type: string | undefined;
  external: boolean;
}

/** xl/_rels/workbook.xml.rels (OPC, ECMA-376 Part 2 §9.3). */
class RelationshipsHandler implements XmlHandler {
  wantsText = false;
  readonly byId = new Map<string, Relationship>();

  open(scanner: XmlScanner, from: number, to: number): void {
    if (!scanner.is(from, to, 'Relationship')) return;
    let id: string | undefined;
    const rel: Relationship = { target: '', type: undefined, external: false };
    while (scanner.nextAttr()) {
      if (scanner.attrIs('Id')) id = scanner.attrValue();
      else if (scanner.attrIs('Target')) rel.target = scanner.attrValue();
      else if (scanner.attrIs('Type')) rel.type = scanner.attrValue();
      else if (scanner.attrIs('TargetMode')) rel.external = scanner.attrValue() === 'External';
    }
    if (id !== undefined && !this.byId.has(id)) this.byId.set(id, rel);
  }

  close(): void {}
  text(): void {}
  end(): void {}
}

/** ExcelJS's utils.isDateFmt: a date or time code letter outside [..] and "..". */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/\[[^\]]*\]/gu, '').replace(/"[^"]*"/gu, '');
  return /[ymdhMsb]/u.test(bare);
}

/** ExcelJS's built-in formats (defaultnumformats.js, those with a code) that isDateFmt takes for dates. */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** xl/styles.xml: the numFmtId of each cell style (§18.8.10 cellXfs) and the custom formats (§18.8.31 numFmts). */
class StylesHandler implements XmlHandler {
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

// ---------------------------------------------------------------------------------------------------------------
// Text of elements

const EMPTY = Buffer.alloc(0);

/** Collects the text of the current element: a range of the chunk while it is one piece, else a string. */
abstract class TextCollector {
  wantsText = false;
  #state = 0; // 0 none, 1 a range of #buffer, 2 #text
  #buffer: Buffer = EMPTY;
  #from = 0;
  #to = 0;
  #text = '';

  protected resetText(): void {
    this.#state = 0;
  }

  protected get hasText(): boolean {
    return this.#state === 2 ? this.#text.length > 0 : this.#state === 1 && this.#to > this.#from;
  }

  text(buffer: Buffer, from: number, to: number): void {
    if (this.#state === 0) {
      this.#state = 1;
      this.#buffer = buffer;
      this.#from = from;
      this.#to = to;
    } else {
      this.#text = this.collected() + textOf(buffer, from, to, false);
      this.#state = 2;
    }
  }

  cdata(text: string): void {
    this.#text = this.collected() + text;
    this.#state = 2;
  }

  /** The text collected, decoded ('' when none). */
  protected collected(): string {
    if (this.#state === 0) return '';
    if (this.#state === 2) return this.#text;
    return textOf(this.#buffer, this.#from, this.#to, false);
  }

  /**
   * Calls `take` with the collected bytes when they are one range that needs no decoding (no reference, no CR to
   * normalize): the text is those UTF-8 bytes as they are. Returns whether it did.
   */
  protected takeRawText(take: (buffer: Buffer, from: number, to: number) => void): boolean {
    if (this.#state !== 1) return false;
    const buffer = this.#buffer;
    const to = this.#to;
    for (let at = this.#from; at < to; at += 1) {
      const byte = buffer[at];
      if (byte === 38 || byte === 13) return false; // & \r
    }
    take(buffer, this.#from, to);
    return true;
  }

  /** The text as parseInt(text, 10) reads it; digits only are read without making a string. */
  protected collectedInt(): number {
    if (this.#state === 1) return intOf(this.#buffer, this.#from, this.#to, false);
    return Number.parseInt(this.collected(), 10);
  }

  /** The text as parseFloat(text) reads it; integers of up to 15 digits without making a string. */
  protected collectedNumber(): number {
    if (this.#state === 1) {
      const buffer = this.#buffer;
      const to = this.#to;
      let at = this.#from;
      const negative = buffer[at] === 45;
      if (negative) at += 1;
      if (to > at && to - at <= 15) {
        let value = 0;
        for (; at < to; at += 1) {
          const digit = buffer[at]! - 48;
          if (digit < 0 || digit > 9) break;
          value = value * 10 + digit;
        }
        if (at === to) return negative ? -value : value;
      }
    }
    return Number.parseFloat(this.collected());
  }

  /** Lets go of the chunk a range points into. */
  protected releaseText(): void {
    this.#buffer = EMPTY;
    this.#text = '';
    this.#state = 0;
  }
}

const SLAB_BYTES = 1 << 20;
const NO_TEXT = 0xffffffff;
/** Recently read strings kept decoded, by index modulo the size: coded columns repeat a few strings. */
const CACHE_SLOTS = 4096;
const CACHE_LONGEST = 256;
/** Bytes a string costs besides its text: its slab, start and end. */
const PER_STRING = 12;

/**
 * The shared strings, held as UTF-8 bytes in 1 MB slabs with each string's slab, start and end in typed arrays:
 * a string costs its UTF-8 length + 12 bytes, where an array of JS strings cost ~3–5 times that (a random-string
 * workbook of 60 MB took 302 MB to read whole; bench/xlsx-shared-strings.ts). A string is decoded when a cell
 * asks for it; the last few thousand short ones stay decoded. A table over its budget is refused, naming it, rather
 * than read into memory the server does not have.
 */
export class SharedStringTable {
  readonly #budget: number;
  #slabs: Buffer[] = [];
  #slab: Buffer = EMPTY;
  #used = 0;
  #slabOf = new Uint32Array(1024);
  #start = new Uint32Array(1024);
  #end = new Uint32Array(1024);
  #count = 0;
  #bytes = 0;
  #staged = 0;
  readonly #cachedIndex = new Int32Array(CACHE_SLOTS).fill(-1);
  readonly #cachedValue: (string | null)[] = new Array<string | null>(CACHE_SLOTS).fill(null);

  constructor(budgetBytes: number) {
    this.#budget = budgetBytes;
  }

  get length(): number {
    return this.#count;
  }

  /** Bytes held: the strings' UTF-8 and their offsets. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Room for `bytes` more in the current slab (a new slab when they do not fit). */
  #reserve(bytes: number): void {
    if (this.#used + bytes <= this.#slab.length && this.#slabs.length > 0) return;
    this.#slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, bytes));
    this.#slabs.push(this.#slab);
    this.#used = 0;
  }

  /**
   * Writes the next string's UTF-8 bytes after the table's end without adding it: push() adds it, or something
   * else written in its place (an item's plain text is known before the item ends, rich or not).
   */
  stageBytes(buffer: Buffer, from: number, to: number): void {
    this.#reserve(to - from);
    this.#staged = this.#used + buffer.copy(this.#slab, this.#used, from, to);
  }

  stageText(value: string): void {
    // At most 3 bytes of UTF-8 a UTF-16 unit.
    this.#reserve(value.length * 3);
    this.#staged = this.#used + this.#slab.write(value, this.#used, 'utf8');
  }

  /** Adds the string staged last. */
  pushStaged(): void {
    this.#add(this.#staged);
  }

  push(value: string | null): void {
    if (value === null) this.#add(-1);
    else {
      this.stageText(value);
      this.#add(this.#staged);
    }
  }

  /** Adds the string from the table's end to `end` (written there by a stage…), or an item without text (-1). */
  #add(end: number): void {
    if (this.#count === this.#start.length) this.#grow();
    const at = this.#count;
    this.#count += 1;
    this.#bytes += PER_STRING;
    if (end >= 0) {
      this.#slabOf[at] = this.#slabs.length - 1;
      this.#start[at] = this.#used;
      this.#end[at] = end;
      this.#bytes += end - this.#used;
      this.#used = end;
    } else this.#slabOf[at] = NO_TEXT;
    if (this.#bytes > this.#budget) {
      throw new HostileFileError(
        'PAYLOAD_TOO_LARGE',
        `xlsx 的共享字符串表过大（超过 ${Math.round(this.#budget / 1024 / 1024)} MB），无法导入；请将文件另存为 .csv（UTF-8）后导入，或分成几个文件`,
      );
    }
  }

  /** The string at an index: null for an item without text, undefined past the table (or for NaN). */
  get(index: number): string | null | undefined {
    if (!(index >= 0 && index < this.#count)) return undefined;
    const slot = index & (CACHE_SLOTS - 1);
    if (this.#cachedIndex[slot] === index) return this.#cachedValue[slot]!;
    const slab = this.#slabOf[index]!;
    if (slab === NO_TEXT) return null;
    const start = this.#start[index]!;
    const end = this.#end[index]!;
    const value = this.#slabs[slab]!.toString('utf8', start, end);
    if (end - start <= CACHE_LONGEST) {
      this.#cachedIndex[slot] = index;
      this.#cachedValue[slot] = value;
    }
    return value;
  }

  #grow(): void {
    const grown = (array: Uint32Array) => {
      const next = new Uint32Array(array.length * 2);
      next.set(array);
      return next;
    };
    this.#slabOf = grown(this.#slabOf);
    this.#start = grown(this.#start);
    this.#end = grown(this.#end);
  }
}

/**
 * xl/sharedStrings.xml (§18.4.9 sst, §18.4.8 si): a plain string is its <t>; a rich one the join of its runs' <t>
 * (§18.4.4 r, §18.4.12 t); phonetic runs (§18.4.6 rPh) are skipped. As ExcelJS, an <si> without text is absent
 * (null), while a rich string's runs give '' when empty.
 */
class SharedStringsHandler extends TextCollector implements XmlHandler {
  readonly #stageBytes: (buffer: Buffer, from: number, to: number) => void;

  constructor(readonly strings: SharedStringTable) {
    super();
    this.#stageBytes = (buffer, from, to) => strings.stageBytes(buffer, from, to);
  }
  #inItem = false;
  #phonetic = 0;
  #rich = false;
  #inRun = false;
  /** The item's plain text is staged in the table (stageBytes, stageText); false: it has none (null). */
  #plain = false;
  #runText: string | null = null;
  #joined = '';

  open(scanner: XmlScanner, from: number, to: number): void {
    if (scanner.is(from, to, 'si')) {
      this.#inItem = true;
      this.#phonetic = 0;
      this.#rich = false;
      this.#inRun = false;
      this.#plain = false;
      this.#joined = '';
    } else if (!this.#inItem) {
      // Nothing outside an item.
    } else if (scanner.is(from, to, 't')) {
      if (this.#phonetic === 0) {
        this.resetText();
        this.wantsText = true;
      }
    } else if (scanner.is(from, to, 'r')) {
      if (this.#phonetic === 0) {
        this.#rich = true;
        this.#inRun = true;
        this.#runText = null;
      }
    } else if (scanner.is(from, to, 'rPh')) {
      this.#phonetic += 1;
      this.wantsText = false;
    }
  }

  close(scanner: XmlScanner, from: number, to: number): void {
    if (!this.#inItem) return;
    if (scanner.is(from, to, 't')) {
      if (this.wantsText) {
        this.wantsText = false;
        if (this.#inRun) this.#runText = this.hasText ? this.collected() : null;
        else {
          // Plain text goes to the table as it is read: its bytes as they are when they need no decoding.
          this.#plain = this.hasText;
          if (this.#plain && !this.takeRawText(this.#stageBytes)) this.strings.stageText(this.collected());
        }
        this.releaseText();
      }
    } else if (scanner.is(from, to, 'r')) {
      if (this.#inRun) {
        this.#joined += this.#runText ?? '';
        this.#inRun = false;
      }
    } else if (scanner.is(from, to, 'rPh')) {
      if (this.#phonetic > 0) this.#phonetic -= 1;
    } else if (scanner.is(from, to, 'si')) {
      if (this.#rich) this.strings.push(this.#joined);
      else if (this.#plain) this.strings.pushStaged();
      else this.strings.push(null);
      this.#inItem = false;
      this.#plain = false;
      this.#joined = '';
    }
  }

  end(): void {}
}

// ---------------------------------------------------------------------------------------------------------------
// The worksheet

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

/** ExcelJS's utils.excelToDate. */
function excelToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

const ISO_DATE =
  /^(\d{4,})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:?\d{2})?$/u;
const ISO_TIME = /^T?(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/u;

/** A t="d" value (§18.17.4 ISO 8601): without a zone it is taken as UTC, as ExcelJS's dates are. */
function isoDate(text: string): Date | string {
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
class SheetReader extends TextCollector implements ChunkSink {
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

// ---------------------------------------------------------------------------------------------------------------
// Merges

/** 'B3' → { row: 3, column: 2 }. */
function decodeAddress(address: string): { row: number; column: number } {
  const match = /^([A-Z]+)(\d+)$/u.exec(address);
  if (!match) return { row: 0, column: 0 };
  let column = 0;
  for (const letter of match[1]!) column = column * 26 + letter.charCodeAt(0) - 64;
  return { row: Number(match[2]), column };
}

interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Merges by the rows they cover, so each row finds its merges without scanning them all (exported for the test). */
export class MergeIndex {
  readonly #byRow = new Map<number, Merge[]>();
  /** Top-left values, kept while a merge is still ahead. */
  readonly #anchors = new Map<Merge, CellValue>();

  constructor(ranges: readonly string[]) {
    for (const range of ranges) {
      const [from, to] = range.split(':');
      const a = decodeAddress(from!);
      const b = decodeAddress(to!);
      const merge = { top: a.row, left: a.column, bottom: b.row, right: b.column };
      // Absurdly tall merges (a whole column) are spread over the data as far as the sheet goes.
      for (let row = merge.top; row <= Math.min(merge.bottom, merge.top + 100_000); row += 1) {
        const list = this.#byRow.get(row) ?? [];
        list.push(merge);
        this.#byRow.set(row, list);
      }
    }
  }

  apply(rowNumber: number, cells: CellValue[]): void {
    const merges = this.#byRow.get(rowNumber);
    if (!merges) return;
    for (const merge of merges) {
      if (merge.top === rowNumber) this.#anchors.set(merge, cells[merge.left - 1] ?? null);
      const value = this.#anchors.get(merge) ?? null;
      for (let column = merge.left; column <= merge.right; column += 1) cells[column - 1] = value;
      if (merge.bottom === rowNumber) this.#anchors.delete(merge);
    }
    this.#byRow.delete(rowNumber);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The tokenizer

interface XmlHandler {
  /** Whether character data is wanted now (inside <t> …); other text is skipped unread. */
  readonly wantsText: boolean;
  /** A start tag (or an empty-element tag, then close follows): its local name is scanner.buffer[from, to). */
  open(scanner: XmlScanner, from: number, to: number, selfClosing: boolean): void;
  close(scanner: XmlScanner, from: number, to: number): void;
  /** Raw character data, buffer[from, to): entities not yet decoded. */
  text(buffer: Buffer, from: number, to: number): void;
  cdata?(text: string): void;
  end(): void;
}

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

/**
 * The text of buffer[from, to), decoded: UTF-8 (a token is always whole, so no character is ever split), then
 * references and line ends. Each string is made from its own bytes, so none keeps a chunk alive.
 */
function textOf(buffer: Buffer, from: number, to: number, attribute: boolean): string {
  if (to <= from) return '';
  const raw = buffer.toString('utf8', from, to);
  return decodeXml(raw, attribute);
}

const ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Character data or an attribute value with references decoded, line ends normalized (XML 1.0 §2.11, §3.3.3). */
function decodeXml(raw: string, attribute: boolean): string {
  let amp = raw.indexOf('&');
  if (amp < 0) return normalizeLines(raw, attribute);
  let out = '';
  let at = 0;
  const length = raw.length;
  while (at < length) {
    if (amp < 0) amp = length;
    if (amp > at) out += normalizeLines(raw.slice(at, amp), attribute);
    if (amp >= length) break;
    const semicolon = raw.indexOf(';', amp + 1);
    if (semicolon < 0 || semicolon - amp > 12) throw new XmlError('& 之后不是有效的实体引用');
    const name = raw.slice(amp + 1, semicolon);
    let replacement = ENTITIES.get(name);
    if (replacement === undefined) {
      const code = /^#x[0-9a-fA-F]+$/u.test(name)
        ? Number.parseInt(name.slice(2), 16)
        : /^#[0-9]+$/u.test(name)
          ? Number.parseInt(name.slice(1), 10)
          : Number.NaN;
      if (!(code >= 1 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff))
        throw new XmlError(`实体引用 &${name}; 无效`);
      replacement = String.fromCodePoint(code);
    }
    out += replacement;
    at = semicolon + 1;
    amp = raw.indexOf('&', at);
  }
  return out;
}

function normalizeLines(text: string, attribute: boolean): string {
  if (attribute) return /[\t\n\r]/u.test(text) ? text.replace(/\r\n?|[\t\n]/gu, ' ') : text;
  return text.includes('\r') ? text.replace(/\r\n?/gu, '\n') : text;
}

/**
 * A comment, CDATA section or processing instruction at buffer[lt]: the index after it, or -1 when it continues
 * in the next chunk. CDATA is text (given to `text.cdata` when text is wanted).
 */
function skipMarkup(buffer: Buffer, lt: number, text: { cdata?(text: string): void } | undefined): number {
  const rest = buffer.length - lt;
  if (rest >= 4 && isAscii(buffer, lt, lt + 4, '<!--')) {
    const end = buffer.indexOf('-->', lt + 4, 'latin1');
    return end < 0 ? -1 : end + 3;
  }
  if (rest >= 9 && isAscii(buffer, lt, lt + 9, '<![CDATA[')) {
    const end = buffer.indexOf(']]>', lt + 9, 'latin1');
    if (end < 0) return -1;
    text?.cdata?.(normalizeLines(buffer.toString('utf8', lt + 9, end), false));
    return end + 3;
  }
  if (buffer[lt + 1] === QUESTION) {
    const end = buffer.indexOf('?>', lt + 2, 'latin1');
    return end < 0 ? -1 : end + 2;
  }
  // "<!-" or "<![CDAT" at the end of the chunk: wait for more.
  const head = buffer.toString('latin1', lt, Math.min(buffer.length, lt + 9));
  if (head.length < 9 && ('<![CDATA['.startsWith(head) || '<!--'.startsWith(head))) return -1;
  // Entities defined by a DTD are never used by OOXML; a DOCTYPE is refused rather than half understood.
  throw new XmlError('包含不允许的 DOCTYPE 或无效的标记');
}

/**
 * A streaming XML tokenizer for the small parts and the shared strings: fed a part's bytes a chunk at a time, it
 * reports tags and the text the handler wants, and keeps an unfinished tag or text for the next chunk (at most
 * MAX_CARRY). Markup is ASCII and never occurs inside a UTF-8 multi-byte sequence, so the bytes are scanned as they
 * are and only names, values and text are decoded, each whole: a character split between two inflated chunks
 * (exceljs#2063) is never decoded in halves. Well-formedness is checked as far as reading needs: every step moves
 * forward, and a part that ends inside markup is refused.
 */
class XmlScanner implements ChunkSink {
  buffer: Buffer = EMPTY;
  #carry: Buffer = EMPTY;
  #attrAt = 0;
  #attrEnd = 0;
  #nameFrom = 0;
  #nameTo = 0;
  #valueFrom = 0;
  #valueTo = 0;

  constructor(private readonly handler: XmlHandler) {}

  write(chunk: Buffer): void {
    const buffer = this.#carry.length > 0 ? Buffer.concat([this.#carry, chunk]) : chunk;
    this.buffer = buffer;
    const handler = this.handler;
    const length = buffer.length;
    let at = 0;
    let keep = length;
    for (;;) {
      const lt = buffer.indexOf(LT, at);
      if (lt < 0) {
        if (handler.wantsText && at < length) keep = at;
        break;
      }
      if (lt > at && handler.wantsText) handler.text(buffer, at, lt);
      if (lt + 1 >= length) {
        keep = lt;
        break;
      }
      const next = buffer[lt + 1];
      if (next === SLASH) {
        const gt = buffer.indexOf(GT, lt + 2);
        if (gt < 0) {
          keep = lt;
          break;
        }
        let end = lt + 2;
        let local = end;
        for (; end < gt; end += 1) {
          const code = buffer[end]!;
          if (code === COLON) local = end + 1;
          else if (endsName(code)) break;
        }
        if (end === lt + 2) throw new XmlError('结束标记缺少名称');
        handler.close(this, local, end);
        at = gt + 1;
      } else if (next === BANG || next === QUESTION) {
        const end = skipMarkup(buffer, lt, handler.wantsText ? handler : undefined);
        if (end < 0) {
          keep = lt;
          break;
        }
        at = end;
      } else {
        let end = lt + 1;
        let local = end;
        for (; end < length; end += 1) {
          const code = buffer[end]!;
          if (code === COLON) local = end + 1;
          else if (endsName(code)) break;
        }
        if (end === lt + 1 && end < length) throw new XmlError('< 之后不是标记名称');
        // The end of the tag: the first > outside quoted attribute values.
        let gt = -1;
        for (let scan = end; scan < length;) {
          const code = buffer[scan]!;
          if (code === GT) {
            gt = scan;
            break;
          }
          if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
            const quote = buffer.indexOf(code, scan + 1);
            if (quote < 0) break;
            scan = quote + 1;
          } else if (code === LT) {
            throw new XmlError('标记未结束');
          } else {
            scan += 1;
          }
        }
        if (gt < 0) {
          keep = lt;
          break;
        }
        const selfClosing = buffer[gt - 1] === SLASH;
        this.#attrAt = end;
        this.#attrEnd = selfClosing ? gt - 1 : gt;
        handler.open(this, local, end, selfClosing);
        if (selfClosing) handler.close(this, local, end);
        at = gt + 1;
      }
    }
    this.#carry = keep < length ? buffer.subarray(keep) : EMPTY;
    if (this.#carry.length > MAX_CARRY) throw new XmlError('单个标记或文本过长');
  }

  end(): void {
    if (this.#carry.length > 0 && this.#carry[0] === LT) throw new XmlError('内容不完整，文件可能被截断');
    this.#carry = EMPTY;
    this.handler.end();
  }

  /** Whether buffer[from, to) (a name the handler was given) is the ASCII text. */
  is(from: number, to: number, text: string): boolean {
    return isAscii(this.buffer, from, to, text);
  }

  /** The next attribute of the current start tag: false when there are no more. */
  nextAttr(): boolean {
    const buffer = this.buffer;
    const end = this.#attrEnd;
    let at = this.#attrAt;
    while (at < end && isSpace(buffer[at]!)) at += 1;
    if (at >= end) return false;
    const nameFrom = at;
    while (at < end) {
      const code = buffer[at]!;
      if (code === EQUALS || isSpace(code)) break;
      at += 1;
    }
    this.#nameFrom = nameFrom;
    this.#nameTo = at;
    while (at < end && isSpace(buffer[at]!)) at += 1;
    if (buffer[at] !== EQUALS) throw new XmlError('属性缺少值');
    at += 1;
    while (at < end && isSpace(buffer[at]!)) at += 1;
    const quote = buffer[at];
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) throw new XmlError('属性值缺少引号');
    const close = buffer.indexOf(quote, at + 1);
    if (close < 0 || close >= end) throw new XmlError('属性值缺少引号');
    this.#valueFrom = at + 1;
    this.#valueTo = close;
    this.#attrAt = close + 1;
    return true;
  }

  attrIs(name: string): boolean {
    return isAscii(this.buffer, this.#nameFrom, this.#nameTo, name);
  }

  attrName(): string {
    return this.buffer.toString('latin1', this.#nameFrom, this.#nameTo);
  }

  attrValue(): string {
    return textOf(this.buffer, this.#valueFrom, this.#valueTo, true);
  }
}
