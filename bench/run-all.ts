/**
 * `npm run bench` runs every benchmark; `npm run bench -- regions` or `-- http` runs one. Each prints a table
 * and writes its figures to bench/out/<name>.json. A missed target is marked in the table; with BENCH_STRICT=1
 * it also makes the exit code 1.
 */
import { runHttpBenchmark } from './http-overhead.ts';
import { runPolicyBenchmark } from './policy.ts';
import { runRegionImportBenchmark } from './region-import.ts';
import { runRegistryImportBenchmark } from './registry-import.ts';
import { runRegistryListBenchmark } from './registry-list.ts';

const BENCHMARKS: Record<string, () => Promise<{ ok: boolean }>> = {
  regions: runRegionImportBenchmark,
  http: runHttpBenchmark,
  policy: runPolicyBenchmark,
  import: runRegistryImportBenchmark,
  list: runRegistryListBenchmark,
};

const wanted = process.argv.slice(2).filter((arg) => arg !== '--');
const unknown = wanted.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`未知的基准测试：${unknown.join(', ')}；可选：${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}

const started = performance.now();
let ok = true;
for (const [name, run] of Object.entries(BENCHMARKS)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const result = await run();
  ok &&= result.ok;
}
console.log(
  `benchmarks done in ${((performance.now() - started) / 1000).toFixed(0)} s${ok ? '' : ' — a target was missed'}`,
);
process.exitCode = ok || process.env.BENCH_STRICT !== '1' ? 0 : 1;
