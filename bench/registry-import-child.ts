/**
 * One ledger import in a process of its own, so that its peak RSS is its own: migrates the empty database it is
 * given, loads the regions of Shanxi, creates a province importer, then runs the import job exactly as `jiuye
 * import laborers FILE --user …` does (createImportJob + runImportJob) and reports the figures.
 */
import { parseArgs } from 'node:util';
import { createDb } from '../apps/server/src/db/create-db.ts';
import { migrateToLatest } from '../apps/server/src/db/migrate.ts';
import { generateKeyText, parseKeyRing } from '../apps/server/src/lib/field-crypto.ts';
import { importRegions } from '../apps/server/src/modules/regions/region.import.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { CLI_LIMITS, importLimits, inspectImportFile } from '../apps/server/src/modules/files/file-guard.ts';
import { createImportJob, runImportJob } from '../apps/server/src/modules/imports/import.service.ts';
import { actorForCli } from '../apps/server/src/modules/auth/actor.ts';
import { insertTestUser } from '../apps/server/test/fixtures/test-user.ts';

export interface LedgerImportFigures {
  rows: number;
  created: number;
  rejected: number;
  seconds: number;
  cpuSeconds: number;
  /** Peak RSS before the import (runtime, loader, migrations, regions) and after it. */
  baselineRssMb: number;
  peakRssMb: number;
}

const { values } = parseArgs({
  options: {
    sqlite: { type: 'string' },
    postgres: { type: 'string' },
    file: { type: 'string' },
    'chunk-size': { type: 'string' },
    lanes: { type: 'string' },
  },
});
const db = values.postgres
  ? createDb({ dialect: 'postgres', url: values.postgres })
  : createDb({ dialect: 'sqlite', path: values.sqlite ?? '' });
// A million rows make a 290 MB csv: the limit is raised as an operator would (JIUYE_IMPORT_MAX_MB).
const limits = importLimits(CLI_LIMITS, loadConfig({ JIUYE_IMPORT_MAX_MB: '2048', ...process.env }));
const megabytes = () => Math.round(process.resourceUsage().maxRSS / 1024);

try {
  await migrateToLatest(db);
  await importRegions(db, { prefixes: ['14'] });
  await insertTestUser(db, {
    username: 'bench',
    password: 'Bench-Province-2026',
    roles: ['province_staff'],
    viewScope: ['140000000000'],
  });
  const ring = parseKeyRing(generateKeyText());
  const file = values.file!;
  const actor = await actorForCli(db, 'bench');

  const baselineRssMb = megabytes();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const inspected = await inspectImportFile(file, limits);
  const jobId = await createImportJob(db, actor, {
    path: file,
    fileName: file,
    inspected,
    options: { dryRun: false, update: false },
    ownsFile: false,
  });
  const summary = await runImportJob(db, ring, jobId, actor, {
    limits,
    ...(values['chunk-size'] ? { chunkSize: Number(values['chunk-size']) } : {}),
    ...(values.lanes ? { lanes: Number(values.lanes) } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuUsed = process.cpuUsage(cpu);
  const figures: LedgerImportFigures = {
    rows: summary.created + summary.updated + summary.skipped + summary.rejected,
    created: summary.created,
    rejected: summary.rejected,
    seconds,
    cpuSeconds: Number(((cpuUsed.user + cpuUsed.system) / 1e6).toFixed(2)),
    baselineRssMb,
    peakRssMb: megabytes(),
  };
  if (process.send) process.send(figures);
  else console.log(JSON.stringify(figures));
} finally {
  await db.destroy();
}
