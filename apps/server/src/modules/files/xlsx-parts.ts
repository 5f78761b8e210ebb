import type { Readable } from 'node:stream';
import { HostileFileError, openEntryStream, type ZipEntry } from './file-guard.ts';
import { XmlScanner, type XmlHandler } from './xml-scanner.ts';
import { XmlError, type ChunkSink } from './xml-tokens.ts';

/**
 * The parts of an xlsx package as the reader takes them: a zip entry inflated a chunk at a time, and the workbook
 * and its relationships, which name the first worksheet (ECMA-376 Part 1 §18.2, Part 2 §9.3 OPC).
 */

export function unreadable(part: string, reason: string): HostileFileError {
  const what = part.startsWith('xl/worksheets/') ? '工作表' : '部件';
  return new HostileFileError(
    'VALIDATION_FAILED',
    `xlsx 的${what} ${part} 无法读取（${reason}），文件可能已损坏，请在 Excel 或 WPS 中打开并另存为 .xlsx 后重新导入`,
  );
}

/**
 * Feeds one zip entry to a sink an inflated chunk at a time, and yields after each chunk (the sheet's rows are
 * taken between chunks).
 */
export async function* scanChunks(file: string, entry: ZipEntry, sink: ChunkSink): AsyncGenerator<void> {
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

export async function scanWhole(
  file: string,
  entry: ZipEntry | undefined,
  handler: XmlHandler,
): Promise<void> {
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
export function firstWorksheet(
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
export class WorkbookHandler implements XmlHandler {
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
export class RelationshipsHandler implements XmlHandler {
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
