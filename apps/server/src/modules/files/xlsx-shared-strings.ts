import { HostileFileError } from './file-guard.ts';
import type { XmlHandler, XmlScanner } from './xml-scanner.ts';
import { TextCollector } from './xml-text.ts';
import { EMPTY } from './xml-tokens.ts';

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
export class SharedStringsHandler extends TextCollector implements XmlHandler {
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
