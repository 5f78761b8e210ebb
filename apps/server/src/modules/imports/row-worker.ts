import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../lib/errors.ts';
import { HostileFileError, type InspectedFile } from '../files/file-guard.ts';
import { estimateRows } from '../files/file-reader.ts';
import type { WorkerInput, WorkerMessage } from './import-worker.ts';

/**
 * The main thread's end of the import worker (import-worker.ts): its messages one at a time, in order, and the
 * credit that lets it send one more chunk. An error of the worker is thrown here as it was thrown there (an
 * AppError keeps its code and message, so the job fails as it did when the file was read on this thread).
 */
export interface RowWorker {
  next(): Promise<Exclude<WorkerMessage, { type: 'error' }>>;
  credit(): void;
  stop(): Promise<void>;
}

type Settled = { message: WorkerMessage } | { failure: Error };

/**
 * The worker's old-generation limit. With the default (a share of the machine's memory) V8 lets the heap grow to
 * several times its live data before a full collection: a million csv rows peaked at 959 MB RSS with it, at 677 MB
 * with 512 MB and 679 MB with 768 MB (the target: peak RSS under 1 GB); 768 leaves the xlsx reader's larger live
 * data (ExcelJS) room. The live data grows with the file — the in-file duplicate check holds every ID number, about
 * 70 MB a million — so the limit grows with the rows the file holds beyond three million (an xlsx without a
 * dimension is counted from its size: a row takes more than 64 compressed bytes).
 */
export function workerHeapLimitMb(inspected: InspectedFile): number {
  const rows =
    inspected.kind === 'csv'
      ? inspected.lines
      : Math.max(
          ...[...inspected.sheets.values()].map((sheet) => sheet.lastRow ?? Math.ceil(inspected.size / 64)),
          0,
        );
  return Math.max(768, 256 + Math.ceil(rows / 1_000_000) * 160);
}

/**
 * How many lanes (worker threads, import-worker.ts) read a file: as many as asked (`--lanes`, JIUYE_IMPORT_LANES;
 * one by default, at most 8), and one for a file of two chunks or less. Each lane reads the whole file and holds
 * its own copy of the rules' dictionaries and of the duplicate check, so a lane costs memory and some CPU. On 2
 * cores two lanes took 200,000 csv rows from 42.9 to 36.4 s on a quiet machine (584 → 913 MB peak RSS), but 1M rows
 * from 299 to 345 s on a busy one (689 → 1,092 MB) (bench/README.md): hence one by default.
 */
export function laneCount(inspected: InspectedFile, chunkSize: number, requested = 1): number {
  const rows = estimateRows(inspected) ?? Infinity;
  if (rows <= 2 * chunkSize || !Number.isInteger(requested)) return 1;
  return Math.min(Math.max(requested, 1), MAX_LANES, Math.max(os.availableParallelism(), 1));
}

const MAX_LANES = 8;

type LaneInput = Omit<WorkerInput, 'credits' | 'lane' | 'lanes'>;

/**
 * The workers of all lanes as one reader: their header (the same in every lane), then the chunks in file order —
 * chunk k from lane k % lanes — and the end, told by the lane whose turn it is. `credit` goes to the lane of the
 * chunk just committed.
 */
export function startRowWorkers(input: LaneInput, lanes: number): RowWorker {
  const workers = Array.from({ length: lanes }, (_, lane) =>
    startRowWorker({ ...input, lane, lanes, credits: 1 }),
  );
  let started = false;
  let turn = 0;
  let delivered = 0;
  return {
    async next() {
      if (!started) {
        started = true;
        const [first] = await Promise.all(workers.map((worker) => worker.next()));
        return first!;
      }
      const message = await workers[turn]!.next();
      if (message.type === 'chunk') {
        delivered = turn;
        turn = (turn + 1) % lanes;
      }
      return message;
    },
    credit() {
      workers[delivered]!.credit();
    },
    async stop() {
      await Promise.all(workers.map((worker) => worker.stop()));
    },
  };
}

function startRowWorker(input: Omit<WorkerInput, 'credits'> & { credits: number }): RowWorker {
  const credits = new Int32Array(new SharedArrayBuffer(4));
  credits[0] = input.credits;
  const worker = new Worker(new URL('./import-worker.mjs', import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: workerHeapLimitMb(input.inspected) },
    workerData: { ...input, credits } satisfies WorkerInput,
  });
  const queue: Settled[] = [];
  let waiting: ((settled: Settled) => void) | undefined;
  let ended = false;
  const push = (settled: Settled) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(settled);
    } else queue.push(settled);
  };
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'end' || message.type === 'error') ended = true;
    push({ message });
  });
  worker.on('error', (error) => {
    ended = true;
    push({ failure: error });
  });
  worker.on('exit', (code) => {
    if (!ended) push({ failure: new Error(`the import worker exited with code ${code}`) });
    ended = true;
  });

  return {
    async next() {
      const settled = queue.shift() ?? (await new Promise<Settled>((resolve) => (waiting = resolve)));
      if ('failure' in settled) throw settled.failure;
      const { message } = settled;
      if (message.type !== 'error') return message;
      if (message.appError) {
        const { code, details, hostile } = message.appError;
        throw new (hostile ? HostileFileError : AppError)(code, message.message, details);
      }
      const error = new Error(message.message);
      if (message.stack) error.stack = message.stack;
      throw error;
    },
    credit() {
      Atomics.add(credits, 0, 1);
      Atomics.notify(credits, 0);
    },
    async stop() {
      ended = true;
      // Wakes a worker waiting for credit, so that it can be terminated.
      Atomics.store(credits, 0, 1 << 30);
      Atomics.notify(credits, 0);
      await worker.terminate();
    },
  };
}
