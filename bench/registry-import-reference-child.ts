/**
 * The references of the ledger import benchmark, each in a process of its own:
 *
 * - `raw`: a raw better-sqlite3 insert of the same rows, parsed into memory before the clock starts, into the
 *   `laborer` table of a freshly migrated database (same indexes, same connection settings as the import: WAL,
 *   synchronous NORMAL, 64 MB cache), one prepared statement per row, as many rows per transaction as the import's
 *   chunk. Nothing is validated; the encrypted and indexed values are computed before the clock starts.
 * - `read`: reading the file alone through the import's own reader (file-reader.ts), every row and cell.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import { createDb, openSqlite } from '../apps/server/src/db/create-db.ts';
import { migrateToLatest } from '../apps/server/src/db/migrate.ts';
import { importRegions } from '../apps/server/src/modules/regions/region.import.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { CLI_LIMITS, importLimits, inspectImportFile } from '../apps/server/src/modules/files/file-guard.ts';
import { readRows } from '../apps/server/src/modules/files/file-reader.ts';
import { DEFAULT_CHUNK_SIZE } from '../apps/server/src/modules/imports/import.service.ts';
import { encryptField, generateKeyText, parseKeyRing } from '../apps/server/src/lib/field-crypto.ts';
import {
  idNumberIndexOf,
  nameInitials,
  phoneIndexOf,
} from '../apps/server/src/modules/registry/laborer.mapping.ts';

export interface ReferenceFigures {
  rows: number;
  seconds: number;
  cpuSeconds: number;
  baselineRssMb: number;
  peakRssMb: number;
}

const { values } = parseArgs({
  options: { mode: { type: 'string' }, file: { type: 'string' }, sqlite: { type: 'string' } },
});
// A million rows make a 290 MB csv: the limit is raised as an operator would (JIUYE_IMPORT_MAX_MB).
const limits = importLimits(CLI_LIMITS, loadConfig({ JIUYE_IMPORT_MAX_MB: '2048', ...process.env }));
const megabytes = () => Math.round(process.resourceUsage().maxRSS / 1024);
const file = values.file!;

const COLUMNS = [
  'region_code',
  'name',
  'name_initials',
  'id_number_cipher',
  'id_number_index',
  'id_number_masked',
  'id_last4',
  'sex',
  'birth_date',
  'ethnicity',
  'relation_to_head',
  'phone_cipher',
  'phone_index',
  'phone_masked',
  'education',
  'health',
  'is_disabled',
  'labor_capacity',
  'skills',
  'training_willingness',
  'job_intention',
  'service_needs',
  'is_relocated',
  'employment_status',
  'work_area',
  'work_region_code',
  'created_at',
  'updated_at',
];

async function raw(): Promise<ReferenceFigures> {
  const db = createDb({ dialect: 'sqlite', path: values.sqlite! });
  await migrateToLatest(db);
  await importRegions(db, { prefixes: ['14'] });
  await db.destroy();
  const now = new Date().toISOString();
  const ring = parseKeyRing(generateKeyText());
  // The cells of the ledger as the columns the import writes (ledger-columns.ts: 5 区划代码, 11 姓名, 12 证件号码,
  // 17 联系电话 …), with the same ciphertexts and blind indexes, computed outside the clock: the B-trees of random
  // HMAC keys cost the reference what they cost the import.
  const columnsOf = (cells: string[]) => {
    const idNumber = cells[12]!;
    const phone = cells[17] || null;
    return [
      cells[5],
      cells[11],
      nameInitials(cells[11]!),
      encryptField(ring, idNumber),
      idNumberIndexOf(ring, idNumber),
      `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`,
      idNumber.slice(-4),
      cells[13],
      cells[14],
      cells[15],
      cells[16],
      phone && encryptField(ring, phone),
      phone && phoneIndexOf(ring, phone),
      phone && `${phone.slice(0, 3)}****${phone.slice(-4)}`,
      cells[18],
      cells[19],
      0,
      'full',
      cells[20],
      cells[21],
      cells[22],
      cells[23],
      0,
      'unemployed',
      cells[26],
      null,
      now,
      now,
    ];
  };
  const connection = openSqlite(values.sqlite!);
  connection.pragma('cache_size = -65536');
  connection.pragma('wal_autocheckpoint = 40000');
  const insert = connection.prepare(
    `insert into laborer (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})
     on conflict (id_number_index) do nothing`,
  );
  const insertChunk = connection.transaction((chunk: unknown[][]) => {
    for (const row of chunk) insert.run(...row);
  });
  const baselineRssMb = megabytes();
  // Rows are parsed a chunk at a time outside the clock; only the inserts are timed.
  let milliseconds = 0;
  let cpuMicroseconds = 0;
  let rows = 0;
  let chunk: unknown[][] = [];
  const flush = () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    insertChunk(chunk);
    const used = process.cpuUsage(cpu);
    cpuMicroseconds += used.user + used.system;
    milliseconds += performance.now() - started;
    rows += chunk.length;
    chunk = [];
  };
  for await (const cells of fs.createReadStream(file).pipe(parse({ bom: true, from_line: 2 }))) {
    chunk.push(columnsOf(cells as string[]));
    if (chunk.length === DEFAULT_CHUNK_SIZE) flush();
  }
  if (chunk.length > 0) flush();
  connection.close();
  return {
    rows,
    seconds: milliseconds / 1000,
    cpuSeconds: cpuMicroseconds / 1e6,
    baselineRssMb,
    peakRssMb: megabytes(),
  };
}

async function read(): Promise<ReferenceFigures> {
  const baselineRssMb = megabytes();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const inspected = await inspectImportFile(file, limits);
  let rows = 0;
  let cells = 0;
  for await (const row of readRows(file, inspected)) {
    rows += 1;
    cells += row.cells.length;
  }
  const cpuUsed = process.cpuUsage(cpu);
  if (cells === 0) throw new Error('no cells read');
  return {
    rows: rows - 1,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpuUsed.user + cpuUsed.system) / 1e6,
    baselineRssMb,
    peakRssMb: megabytes(),
  };
}

const figures = values.mode === 'raw' ? await raw() : await read();
if (process.send) process.send(figures);
else console.log(JSON.stringify(figures));
