import { parentPort, workerData } from 'node:worker_threads';
import { AppError, type ErrorDetail } from '../../lib/errors.ts';
import { blindIndex, type KeyRing } from '../../lib/field-crypto.ts';
import { findHeaderRow, HEADER_SEARCH_ROWS, type HeaderMap } from './import-header.ts';
import { HostileFileError, type InspectedFile } from '../files/file-guard.ts';
import { isBlankRow, readRows, type CellValue, type SheetRow } from '../files/file-reader.ts';
import { encodeCells, validChunkRow, type ChunkRow } from './chunk-row.ts';
import { HomeRegionResolver, WorkRegionResolver, type RegionRow } from './region-resolver.ts';
import { idNumberOfCell, rowMessage, validateRow, type RowContext } from './row-validator.ts';

/**
 * The first half of the ledger import, on a worker thread: reading and parsing the file, every data-quality rule of
 * every row, the in-file duplicate check, and the row's database values — encrypted, indexed, masked, with pinyin
 * initials (chunk-row.ts). The main thread does what needs the database (existing rows, the work-place check, the
 * writes, the resume point), so the two halves run on two cores; profiled on 100,000 rows, this split keeps both
 * threads about equally busy. Hand-written because no library offers this split: the pipeline is ours, and
 * node:worker_threads gives only the channel. Chunks are sent in file order with credit-based back-pressure (a
 * counter in shared memory), so at most `credits` chunks wait in memory however large the file is.
 *
 * A large file is shared by several workers, lanes (row-worker.ts): every lane reads the whole file, and lane `l`
 * of `n` validates and encodes the chunks `k` with `k % n === l`. Of the other lanes' rows it reads only the ID
 * number, for the in-file duplicate check, which therefore sees every row in file order in every lane: each lane
 * reports the same duplicates as one worker would. Reading twice costs a few µs a row; validating and encoding cost
 * about two hundred, so two lanes keep both cores busy where one left the writing thread waiting half the time.
 */

export interface WorkerInput {
  path: string;
  inspected: InspectedFile;
  keys: Array<[string, Uint8Array]>;
  currentId: string;
  indexKeyId: string;
  /** The importer (created_by / updated_by of the rows). */
  userId: number | null;
  scope: string[];
  homeRows: RegionRow[];
  workRows: RegionRow[];
  today: string;
  defaultRegionCode: string | undefined;
  /** Rows before this one were committed by an earlier run: read only for the duplicate check. */
  resumeFrom: number;
  chunkSize: number;
  /** This worker's lane and the number of lanes: it sends the chunks k with k % lanes === lane. */
  lane: number;
  lanes: number;
  /** Chunks the worker may still send: shared memory, the main thread adds one for each chunk it has committed. */
  credits: Int32Array;
}

export type WorkerMessage =
  | { type: 'header'; header: HeaderMap; cells: CellValue[] }
  | { type: 'chunk'; rows: ChunkRow[]; nextRow: number }
  | { type: 'end' }
  | {
      type: 'error';
      message: string;
      appError?: { code: AppError['code']; details: ErrorDetail[] | undefined; hostile: boolean };
      stack?: string | undefined;
    };

async function run(input: WorkerInput, send: (message: WorkerMessage) => void): Promise<void> {
  const ring: KeyRing = {
    currentId: input.currentId,
    indexKeyId: input.indexKeyId,
    keys: new Map(input.keys.map(([id, key]) => [id, Buffer.from(key)])),
  };

  const rows = readRows(input.path, input.inspected);
  try {
    const head: SheetRow[] = [];
    while (head.length < HEADER_SEARCH_ROWS) {
      const next = await rows.next();
      if (next.done) break;
      head.push(next.value);
    }
    const header = findHeaderRow(head);
    if (!header) {
      throw new AppError(
        'VALIDATION_FAILED',
        `在文件前${HEADER_SEARCH_ROWS}行中找不到表头：表头须包含“姓名”和“证件号码”（或身份证号、公民身份号码）列，请使用导入模板`,
      );
    }
    send({ type: 'header', header, cells: head.find((row) => row.rowNumber === header.rowNumber)!.cells });
    const context: RowContext = {
      today: input.today,
      header,
      homeRegions: HomeRegionResolver.fromRows(input.scope, input.homeRows),
      workRegions: WorkRegionResolver.fromRows(input.workRows),
      defaultRegionCode: input.defaultRegionCode,
    };
    const idColumn = header.indexOf.get('idNumber');
    const idColumnName = header.names.get('idNumber');
    // ID number → the row it was first seen on. Keyed by the number itself (18 characters, not the 43 of its
    // blind index): a million of them is what this thread holds longest. Each key is copied: a string cut out of a
    // longer one (as the xlsx reader's text is) keeps that whole parent alive in V8 — 450 MB for 200,000 rows.
    const seen = new Map<string, number>();
    const remember = (idNumber: string, rowNumber: number) =>
      seen.set(Buffer.from(idNumber).toString(), rowNumber);
    let chunk: ChunkRow[] = [];
    // Chunks are counted by data rows, the same way in every lane, so the lanes agree on every chunk's rows.
    let chunkIndex = 0;
    let rowsInChunk = 0;
    const isMine = () => chunkIndex % input.lanes === input.lane;

    const flush = (nextRow: number) => {
      // Blocks the thread, not only this function: while it waits, no stream of the file may go on reading into
      // memory (ExcelJS's streaming reader queues all its source emits), so the file is read no faster than the
      // chunks are written and memory stays bounded at any file size.
      while (Atomics.load(input.credits, 0) === 0) Atomics.wait(input.credits, 0, 0);
      Atomics.sub(input.credits, 0, 1);
      send({ type: 'chunk', rows: chunk, nextRow });
      chunk = [];
    };

    const endOfRow = (rowNumber: number) => {
      rowsInChunk += 1;
      if (rowsInChunk < input.chunkSize) return;
      if (isMine()) flush(rowNumber + 1);
      chunkIndex += 1;
      rowsInChunk = 0;
    };

    const handle = (row: SheetRow) => {
      if (row.rowNumber <= header.rowNumber || isBlankRow(row.cells)) return;
      const committed = row.rowNumber < input.resumeFrom;
      if (committed || !isMine()) {
        // Committed before, or another lane's: only its ID number matters here, for the duplicate check.
        const idNumber = idNumberOfCell(
          idColumn === undefined ? null : (row.cells[idColumn] ?? null),
          input.today,
        );
        if (idNumber !== undefined && !seen.has(idNumber)) remember(idNumber, row.rowNumber);
        if (!committed) endOfRow(row.rowNumber);
        return;
      }
      const result = validateRow(row, context);
      const idNumber = result.ok ? result.laborer.idNumber : result.idNumber;
      const first = idNumber === undefined ? undefined : seen.get(idNumber);
      if (first !== undefined) {
        const message = rowMessage(
          row.rowNumber,
          idColumnName,
          `与第${first}行重复，同一证件号码只能出现一次`,
        );
        chunk.push({
          ok: false,
          rowNumber: row.rowNumber,
          cells: encodeCells(row.cells),
          errors: [message, ...(result.ok ? [] : result.errors)],
        });
      } else {
        if (idNumber !== undefined) remember(idNumber, row.rowNumber);
        chunk.push(
          result.ok
            ? // The same blind index as laborer.mapping.ts's idNumberIndexOf.
              validChunkRow(ring, result, blindIndex(ring, 'idNumber', result.laborer.idNumber), {
                today: input.today,
                userId: input.userId,
              })
            : { ok: false, rowNumber: row.rowNumber, cells: encodeCells(row.cells), errors: result.errors },
        );
      }
      endOfRow(row.rowNumber);
    };

    for (const row of head) handle(row);
    for (;;) {
      const next = await rows.next();
      if (next.done) break;
      handle(next.value);
    }
    const last = chunk.at(-1)?.rowNumber;
    if (chunk.length > 0) flush(last! + 1);
    send({ type: 'end' });
  } finally {
    await rows.return(undefined);
  }
}

if (parentPort) {
  const send = (message: WorkerMessage) => parentPort!.postMessage(message);
  run(workerData as WorkerInput, send)
    .catch((error: unknown) => {
      send({
        type: 'error',
        message: error instanceof Error ? error.message : String(error),
        ...(error instanceof AppError
          ? {
              appError: {
                code: error.code,
                details: error.details,
                hostile: error instanceof HostileFileError,
              },
            }
          : {}),
        stack: error instanceof Error ? error.stack : undefined,
      });
    })
    .finally(() => parentPort!.close());
}
