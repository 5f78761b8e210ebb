/**
 * One region import in a process of its own, so that its peak RSS is its own: migrates the empty database it is
 * given, imports, then imports again (which must change nothing), and reports the figures to the parent.
 */
import { parseArgs } from 'node:util';
import { createDb } from '../apps/server/src/db/create-db.ts';
import { migrateToLatest } from '../apps/server/src/db/migrate.ts';
import { importRegions } from '../apps/server/src/modules/regions/region.import.ts';
import { countRegions } from '../apps/server/src/modules/regions/region.repository.ts';

export interface ImportFigures {
  rows: number;
  seconds: number;
  cpuSeconds: number;
  /** Peak RSS of the process before the import (runtime, loader, migrations) and after it. */
  baselineRssMb: number;
  peakRssMb: number;
  reimportSeconds: number;
  reimportChanged: number;
  rowsAfterReimport: number;
}

const { values } = parseArgs({
  options: { sqlite: { type: 'string' }, postgres: { type: 'string' }, all: { type: 'boolean' } },
});
const db = values.postgres
  ? createDb({ dialect: 'postgres', url: values.postgres })
  : createDb({ dialect: 'sqlite', path: values.sqlite ?? '' });
const options = values.all ? { all: true } : { prefixes: ['14'] };
const megabytes = () => Math.round(process.resourceUsage().maxRSS / 1024);

try {
  await migrateToLatest(db);
  const baselineRssMb = megabytes();
  const cpu = process.cpuUsage();
  const first = await importRegions(db, options);
  const cpuUsed = process.cpuUsage(cpu);
  const peakRssMb = megabytes();
  const rows = await countRegions(db);
  const second = await importRegions(db, options);
  const figures: ImportFigures = {
    rows,
    seconds: first.milliseconds / 1000,
    cpuSeconds: Number(((cpuUsed.user + cpuUsed.system) / 1e6).toFixed(2)),
    baselineRssMb,
    peakRssMb,
    reimportSeconds: second.milliseconds / 1000,
    reimportChanged: second.changed,
    rowsAfterReimport: await countRegions(db),
  };
  process.send?.(figures);
} finally {
  await db.destroy();
}
