import crypto from 'node:crypto';
import fs from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { Config } from '../../config.ts';
import { AppError } from '../../lib/errors.ts';

/**
 * Hostile files (over the size limit, zip bombs, wrong type) are refused with a clear message before any parser
 * sees them. An xlsx is a zip: its central directory is read first (entry count, declared sizes, compression
 * ratios), then the parts the reader will inflate are inflated once here, counting the real bytes, so a directory
 * that lies is caught too. A csv is scanned once for its encoding and the length of its longest line.
 */

export interface ImportLimits {
  /** Largest file accepted, bytes. */
  maxFileBytes: number;
  /** Largest total uncompressed size of an xlsx, bytes. */
  maxUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio of one zip entry (ordinary sheets compress 5–30 times). */
  maxCompressionRatio: number;
  maxZipEntries: number;
  /** Longest csv line, bytes (a ledger row is well under 1 KB). */
  maxCsvLineBytes: number;
  /** The most an xlsx's shared-string table may take, bytes: its text as UTF-8 plus 12 bytes a string. */
  maxSharedStringBytes: number;
}

export const CLI_LIMITS: ImportLimits = {
  maxFileBytes: 200 * 1024 * 1024,
  maxUncompressedBytes: 4 * 1024 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxZipEntries: 1000,
  maxCsvLineBytes: 64 * 1024,
  maxSharedStringBytes: 256 * 1024 * 1024,
};

export const UPLOAD_LIMITS: ImportLimits = { ...CLI_LIMITS, maxFileBytes: 50 * 1024 * 1024 };

/** The configured limits (JIUYE_IMPORT_MAX_MB …, parsed by config.ts) over the given defaults. */
export function importLimits(
  defaults: ImportLimits,
  config: Pick<
    Config,
    | 'importMaxFileBytes'
    | 'importMaxUncompressedBytes'
    | 'importMaxCompressionRatio'
    | 'importMaxSharedStringBytes'
  >,
): ImportLimits {
  return {
    maxFileBytes: config.importMaxFileBytes ?? defaults.maxFileBytes,
    maxUncompressedBytes: config.importMaxUncompressedBytes ?? defaults.maxUncompressedBytes,
    maxCompressionRatio: config.importMaxCompressionRatio ?? defaults.maxCompressionRatio,
    maxZipEntries: defaults.maxZipEntries,
    maxCsvLineBytes: defaults.maxCsvLineBytes,
    maxSharedStringBytes: config.importMaxSharedStringBytes,
  };
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface SheetFacts {
  /** Merged ranges (A1:C1 …) of the sheet. */
  merges: string[];
  /** Last row of the declared dimension, when the sheet declares one. */
  lastRow: number | undefined;
}

export type InspectedFile =
  | {
      kind: 'xlsx';
      size: number;
      sha256: string;
      /** The zip's central directory, as the guard read it. */
      entries: ZipEntry[];
      sheets: Map<string, SheetFacts>;
      /** The reader's budget for the shared-string table (ImportLimits.maxSharedStringBytes). */
      maxSharedStringBytes: number;
    }
  | { kind: 'csv'; size: number; sha256: string; encoding: 'utf8' | 'gbk'; lines: number };

function refuse(
  message: string,
  code: 'VALIDATION_FAILED' | 'PAYLOAD_TOO_LARGE' = 'VALIDATION_FAILED',
): AppError {
  return new HostileFileError(code, message);
}

/** A file refused before parsing (the CLI exits with 2). */
export class HostileFileError extends AppError {}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export async function sha256OfFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Checks a file and tells what it is; throws HostileFileError with a Chinese message when it is refused. */
export async function inspectImportFile(file: string, limits: ImportLimits): Promise<InspectedFile> {
  const { size } = await fs.promises.stat(file);
  if (size > limits.maxFileBytes) {
    throw refuse(
      `文件过大（${mb(size)}），导入文件不能超过 ${mb(limits.maxFileBytes)}，请拆分后导入`,
      'PAYLOAD_TOO_LARGE',
    );
  }
  if (size === 0) throw refuse('文件为空');
  const handle = await fs.promises.open(file, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(Math.min(size, 8));
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const { entries, sheets } = await inspectXlsx(file, size, limits);
    return {
      kind: 'xlsx',
      size,
      sha256: await sha256OfFile(file),
      entries,
      sheets,
      maxSharedStringBytes: limits.maxSharedStringBytes,
    };
  }
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw refuse('不支持 Excel 97-2003（.xls）格式，请在 Excel 或 WPS 中另存为 .xlsx 或 .csv 后导入');
  }
  if (head.subarray(0, 2).toString('latin1') === 'PK') throw refuse('文件不是有效的 xlsx（zip 结构不完整）');
  if (head.subarray(0, 4).toString('latin1') === '%PDF')
    throw refuse('不支持 PDF 文件，请导入 .xlsx 或 .csv');
  return inspectCsv(file, size, limits);
}

// ---------------------------------------------------------------------------------------------------------------
// zip

async function readAt(handle: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The central directory of a zip file (APPNOTE.TXT §4.3.16 EOCD, §4.3.12 entries, §4.5.3 zip64 sizes). */
export async function readZipDirectory(file: string, size: number, maxEntries: number): Promise<ZipEntry[]> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const tailLength = Math.min(size, 65_535 + 22);
    const tail = await readAt(handle, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i -= 1) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw refuse('文件不是有效的 xlsx（找不到 zip 目录），可能已损坏');
    let count = tail.readUInt16LE(eocd + 10);
    let directorySize = tail.readUInt32LE(eocd + 12);
    let directoryOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || directoryOffset === 0xffffffff) {
      const locator = eocd - 20;
      if (locator < 0 || tail.readUInt32LE(locator) !== 0x07064b50)
        throw refuse('文件不是有效的 xlsx（zip64 目录损坏）');
      const zip64 = await readAt(handle, Number(tail.readBigUInt64LE(locator + 8)), 56);
      if (zip64.readUInt32LE(0) !== 0x06064b50) throw refuse('文件不是有效的 xlsx（zip64 目录损坏）');
      count = Number(zip64.readBigUInt64LE(32));
      directorySize = Number(zip64.readBigUInt64LE(40));
      directoryOffset = Number(zip64.readBigUInt64LE(48));
    }
    if (count > maxEntries) throw refuse(`xlsx 文件包含 ${count} 个部件，超过上限 ${maxEntries}，拒绝导入`);
    if (directoryOffset + directorySize > size)
      throw refuse('文件不是有效的 xlsx（zip 目录越界），可能已损坏');
    const directory = await readAt(handle, directoryOffset, directorySize);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let i = 0; i < count; i += 1) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50) {
        throw refuse('文件不是有效的 xlsx（zip 目录损坏）');
      }
      const method = directory.readUInt16LE(at + 10);
      let compressedSize = directory.readUInt32LE(at + 20);
      let uncompressedSize = directory.readUInt32LE(at + 24);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      let localHeaderOffset = directory.readUInt32LE(at + 42);
      const name = directory.subarray(at + 46, at + 46 + nameLength).toString('utf8');
      // zip64 extended information (header id 1): the 0xFFFFFFFF fields, in order.
      let extra = at + 46 + nameLength;
      const extraEnd = extra + extraLength;
      while (extra + 4 <= extraEnd) {
        const id = directory.readUInt16LE(extra);
        const length = directory.readUInt16LE(extra + 2);
        if (id === 1) {
          let field = extra + 4;
          if (uncompressedSize === 0xffffffff) {
            uncompressedSize = Number(directory.readBigUInt64LE(field));
            field += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(directory.readBigUInt64LE(field));
            field += 8;
          }
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(directory.readBigUInt64LE(field));
        }
        extra += 4 + length;
      }
      entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** Where an entry's data starts: after its local header (APPNOTE.TXT §4.3.7), whose name and extra field vary. */
async function entryDataStart(file: string, entry: ZipEntry): Promise<number> {
  const handle = await fs.promises.open(file, 'r');
  let header: Buffer;
  try {
    header = await readAt(handle, entry.localHeaderOffset, 30);
  } finally {
    await handle.close();
  }
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50)
    throw refuse('文件不是有效的 xlsx（zip 部件损坏）');
  return entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
}

/** The raw bytes of one entry, inflated, as a stream that errors beyond `limit` bytes. */
async function openEntry(file: string, entry: ZipEntry): Promise<NodeJS.ReadableStream> {
  const start = await entryDataStart(file, entry);
  const raw = fs.createReadStream(file, { start, end: start + Math.max(entry.compressedSize, 1) - 1 });
  if (entry.method === 0) return raw;
  if (entry.method !== 8) throw refuse(`xlsx 部件 ${entry.name} 使用了不支持的压缩方式`);
  return raw.pipe(zlib.createInflateRaw());
}

/**
 * One entry's inflated bytes for the xlsx reader (xlsx-reader.ts), after the guard has passed the file: a
 * pipeline, so that a reader stopping early closes the file and a read error reaches it; in 64 KB chunks (zlib's
 * default of 16 KB costs a turn of the reader's loop every 16 KB), with 1 MB buffered ahead so that zlib, which
 * inflates on the thread pool, works while the reader parses.
 */
export async function openEntryStream(file: string, entry: ZipEntry): Promise<Readable> {
  if (entry.method !== 0 && entry.method !== 8)
    throw refuse(`xlsx 部件 ${entry.name} 使用了不支持的压缩方式`);
  if (entry.compressedSize === 0) return Readable.from([]);
  const start = await entryDataStart(file, entry);
  const chunk = 64 * 1024;
  const raw = fs.createReadStream(file, {
    start,
    end: start + entry.compressedSize - 1,
    highWaterMark: chunk,
  });
  if (entry.method === 0) return raw;
  // Node's zlib streams take stream options too (its types do not say so).
  const options: zlib.ZlibOptions & { highWaterMark: number } = {
    chunkSize: chunk,
    highWaterMark: 16 * chunk,
  };
  return pipeline(raw, zlib.createInflateRaw(options), () => {});
}

// Every worksheet part, whatever its name: the reader takes the first sheet of the workbook's order (xlsx-reader.ts).
const SCANNED = /^xl\/(worksheets\/[^/]+\.xml|sharedStrings\.xml|styles\.xml|workbook\.xml)$/u;

async function inspectXlsx(
  file: string,
  size: number,
  limits: ImportLimits,
): Promise<{ entries: ZipEntry[]; sheets: Map<string, SheetFacts> }> {
  const entries = await readZipDirectory(file, size, limits.maxZipEntries);
  const names = new Set(entries.map((entry) => entry.name));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
    throw refuse('文件不是 Excel 工作簿（.xlsx），请导入 .xlsx 或 .csv 文件');
  }
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxCompressionRatio) {
      throw refuse(
        `xlsx 部件 ${entry.name} 的压缩比为 ${Math.round(ratio)}:1，超过上限 ${limits.maxCompressionRatio}:1（疑似压缩炸弹），拒绝导入`,
      );
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw refuse(
      `xlsx 解压后共 ${mb(total)}，超过上限 ${mb(limits.maxUncompressedBytes)}（疑似压缩炸弹），拒绝导入`,
    );
  }
  const sheets = new Map<string, SheetFacts>();
  for (const entry of entries) {
    if (!SCANNED.test(entry.name)) continue;
    const isSheet = entry.name.startsWith('xl/worksheets/');
    const facts: SheetFacts = { merges: [], lastRow: undefined };
    let inflated = 0;
    let carry = '';
    const stream = await openEntry(file, entry);
    for await (const chunk of stream) {
      inflated += (chunk as Buffer).length;
      // The directory may lie: the real size counts, with a little slack for nothing.
      if (inflated > entry.uncompressedSize + 1024 || inflated > limits.maxUncompressedBytes) {
        (stream as unknown as { destroy: () => void }).destroy();
        throw refuse(`xlsx 部件 ${entry.name} 解压后超过其声明的大小（疑似压缩炸弹），拒绝导入`);
      }
      if (!isSheet) continue;
      const text = carry + (chunk as Buffer).toString('latin1');
      if (facts.lastRow === undefined) {
        const dimension = /<(?:\w+:)?dimension\s+ref=["'][A-Z]+\d+:[A-Z]+(\d+)["']/u.exec(text);
        if (dimension) facts.lastRow = Number(dimension[1]);
      }
      for (const match of text.matchAll(/<(?:\w+:)?mergeCell\s+ref=["']([A-Z]+\d+:[A-Z]+\d+)["']/gu))
        facts.merges.push(match[1]!);
      carry = text.slice(-200);
      if (facts.merges.length > 100_000) throw refuse('xlsx 工作表的合并单元格超过 100000 处，拒绝导入');
    }
    // A match inside the carried tail is seen twice.
    if (isSheet) sheets.set(entry.name, { ...facts, merges: [...new Set(facts.merges)] });
  }
  return { entries, sheets };
}

// ---------------------------------------------------------------------------------------------------------------
// csv

async function inspectCsv(file: string, size: number, limits: ImportLimits): Promise<InspectedFile> {
  const hash = crypto.createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let isUtf8 = true;
  let lineBytes = 0;
  let lines = 0;
  let position = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    if (position < 65_536 && buffer.subarray(0, 65_536 - position).includes(0)) {
      throw refuse('文件不是文本格式的 csv（含有二进制内容），请导入 .xlsx 或 .csv 文件');
    }
    position += buffer.length;
    if (isUtf8) {
      try {
        decoder.decode(buffer, { stream: true });
      } catch {
        isUtf8 = false;
      }
    }
    let from = 0;
    for (;;) {
      const newline = buffer.indexOf(10, from);
      if (newline < 0) {
        lineBytes += buffer.length - from;
        break;
      }
      lineBytes += newline - from;
      if (lineBytes > limits.maxCsvLineBytes) break;
      lines += 1;
      lineBytes = 0;
      from = newline + 1;
    }
    if (lineBytes > limits.maxCsvLineBytes) {
      throw refuse(
        `csv 第 ${lines + 1} 行超过 ${Math.round(limits.maxCsvLineBytes / 1024)} KB，不是有效的台账文件，拒绝导入`,
      );
    }
  }
  if (isUtf8) {
    try {
      decoder.decode();
    } catch {
      isUtf8 = false;
    }
  }
  if (lineBytes > 0) lines += 1;
  return { kind: 'csv', size, sha256: hash.digest('hex'), encoding: isUtf8 ? 'utf8' : 'gbk', lines };
}
