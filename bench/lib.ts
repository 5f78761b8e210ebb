import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const benchDirectory = path.dirname(fileURLToPath(import.meta.url));
export const outDirectory = path.join(benchDirectory, 'out');

/** Writes the figures of one benchmark to bench/out/<name>.json. */
export function writeResult(name: string, result: unknown): string {
  fs.mkdirSync(outDirectory, { recursive: true });
  const file = path.join(outDirectory, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Prints rows as an aligned table (the widths count a CJK character as two columns). */
export function printTable(title: string, rows: Array<Record<string, string | number>>): void {
  const width = (text: string) => [...text].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const pad = (text: string, n: number) => text + ' '.repeat(Math.max(0, n - width(text)));
  const columns = Object.keys(rows[0] ?? {});
  const widths = columns.map((c) => Math.max(width(c), ...rows.map((row) => width(String(row[c])))));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => pad(cell, widths[i]!)).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(columns));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(columns.map((c) => String(row[c]))));
  console.log();
}

/** What the figures were measured on: the load average says how much else the machine was doing. */
export function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: `${cpus.length} × ${cpus[0]?.model ?? 'unknown'}`,
    loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
    date: new Date().toISOString(),
  };
}

/** Runs a TypeScript file of bench/ in a child process with an IPC channel (tsx as the loader). */
export function forkTs(
  file: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): ChildProcess {
  return fork(path.join(benchDirectory, file), args, {
    execArgv: ['--import', import.meta.resolve('tsx')],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The first IPC message of a child, or its failure. */
export function firstMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before answering`)));
    child.once('error', reject);
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

export const postgresAdminUrl =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function isPostgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A new, empty PostgreSQL database; drop it with the function returned. */
export async function createPostgresDatabase(
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

interface CpuAnswer {
  cpuMicroseconds: number;
}

/** In a server child: answers the parent's `cpu` message with the CPU time the process has used so far. */
export function answerCpuQueries(): void {
  process.on('message', (message) => {
    if (message !== 'cpu') return;
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicroseconds: user + system } satisfies CpuAnswer);
  });
}

/** The CPU time (µs) a server child has used so far: per request, a figure the load of the machine barely moves. */
export function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const listener = (message: unknown) => {
      if (typeof message !== 'object' || message === null || !('cpuMicroseconds' in message)) return;
      child.off('message', listener);
      resolve((message as CpuAnswer).cpuMicroseconds);
    };
    child.on('message', listener);
    child.send('cpu');
  });
}
