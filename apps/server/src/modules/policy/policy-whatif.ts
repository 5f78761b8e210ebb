import crypto from 'node:crypto';
import type {
  PolicyValuesFileInput,
  PolicyWhatIfInput,
  PolicyWhatIfJobDto,
  PolicyWhatIfResultDto,
} from '@jiuye/contracts';
import { simplifyScope } from '@jiuye/domain';
import {
  applyOverlay,
  evaluatePopulation,
  type BenefitCase,
  type BenefitTotals,
  type Overlay,
  type OverlayValue,
  type PopulationColumns,
  type PopulationEvaluation,
  type Ruleset,
} from '@jiuye/domain/policy/index.ts';
import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { resolveRegionFilter } from '../../lib/scope.ts';
import { recordOperation } from '../audit/audit.service.ts';
import { assertCan, type Actor } from '../auth/actor.ts';
import { findRegionNames } from '../regions/region.repository.ts';
import { loadRuleset, valuesRefused } from './policy-ruleset.ts';
import type { PopulationLoad } from './policy-whatif-columns.ts';
import { loadPopulation, regionLevelFor } from './policy-whatif-population.ts';

/**
 * What-if over the registry: a parameter overlay evaluated over every labourer of a region scope on the columnar
 * path, next to the baseline (the ruleset in force), totals, recipients and averages by benefit and region. The
 * overlay is a parameter-value file as POST /api/policy/values takes it; each of its values supersedes the values
 * in force from its date on (the engine's applyOverlay), and nothing is written.
 */

/** The overlay as the engine's Overlay: the file's document names it; citations are the what-if's own. */
export function overlayOfFile(file: PolicyValuesFileInput): Overlay {
  const content = JSON.stringify(file);
  return {
    id:
      file.document?.id ?? `whatif-${crypto.createHash('sha256').update(content).digest('hex').slice(0, 12)}`,
    label: file.document?.title ?? '参数测算',
    values: file.values.map((value) => {
      const overlayValue: OverlayValue = {
        parameter: value.parameter,
        jurisdiction: value.jurisdiction,
        from: value.from,
        value: value.value,
      };
      if (value.to !== undefined) overlayValue.to = value.to;
      return overlayValue;
    }),
  };
}

/** The overlay applied to the ruleset in force, or VALIDATION_FAILED naming each problem (the engine's errors). */
export function overlayRuleset(baseline: Ruleset, overlay: Overlay): Ruleset {
  const applied = applyOverlay(baseline, overlay);
  if (!applied.ok) throw valuesRefused(applied.errors);
  return applied.ruleset;
}

export interface WhatIfPlan {
  baseline: Ruleset;
  overlay: Overlay;
  overlayVersion: string;
  scope: string[];
  regionCode: string | null;
  asOf: string;
}

/** Checks the input before anything runs: the region inside the view scope (else 404), a valid overlay (else 400). */
export async function planWhatIf(db: Db, actor: Actor, input: PolicyWhatIfInput): Promise<WhatIfPlan> {
  assertCan(actor, 'policy:read');
  const scope = input.regionCode
    ? resolveRegionFilter(actor, input.regionCode, 'view')
    : simplifyScope(actor.viewScope);
  const baseline = await loadRuleset(db);
  const overlay = overlayOfFile(input.overlay);
  const overlaid = overlayRuleset(baseline, overlay);
  return {
    baseline,
    overlay,
    overlayVersion: overlaid.version,
    scope,
    regionCode: input.regionCode ?? (scope.length === 1 ? (scope[0] ?? null) : null),
    asOf: input.asOf,
  };
}

/** The parameters a case reads: every `…Param`/`param` field of its conditions, amount and limits. */
function parametersOfCase(benefitCase: BenefitCase): Set<string> {
  const found = new Set<string>();
  const collect = (spec: object): void => {
    for (const [key, value] of Object.entries(spec))
      if (/param$/iu.test(key) && typeof value === 'string') found.add(value);
  };
  benefitCase.conditions.forEach(collect);
  collect(benefitCase.amount);
  (benefitCase.limits ?? []).forEach(collect);
  return found;
}

/** Benefits with a case that reads a parameter the overlay gives values to: the only ones the overlay can change. */
export function benefitsTouchedBy(ruleset: Ruleset, overlay: Overlay): Set<string> {
  const parameters = new Set(overlay.values.map((value) => value.parameter));
  const touched = new Set<string>();
  for (const benefitCase of ruleset.cases) {
    if (touched.has(benefitCase.benefitId)) continue;
    for (const parameter of parametersOfCase(benefitCase))
      if (parameters.has(parameter)) touched.add(benefitCase.benefitId);
  }
  return touched;
}

/**
 * Baseline and overlay over the same population, as the engine's runWhatIf, every person-level benefit: the overlay
 * ruleset differs from the baseline only in the values of the overlay's parameters (applyOverlay supersedes those
 * and adds a citing pseudo-document), so a benefit none of whose cases reads one of them has the baseline's totals
 * under the overlay too and is not evaluated twice. A test keeps this equal to runWhatIf.
 */
export function compareOverlay(
  baselineRuleset: Ruleset,
  overlay: Overlay,
  population: PopulationColumns,
  asOf: string,
): { baseline: PopulationEvaluation; scenario: PopulationEvaluation } {
  const overlaid = overlayRuleset(baselineRuleset, overlay);
  const baseline = evaluatePopulation(baselineRuleset, population, { asOf });
  const touched = benefitsTouchedBy(overlaid, overlay);
  const benefitIds = baseline.benefits.map((b) => b.benefitId).filter((id) => touched.has(id));
  const changed = new Map(
    evaluatePopulation(overlaid, population, { asOf, benefitIds }).benefits.map((b) => [b.benefitId, b]),
  );
  return {
    baseline,
    scenario: {
      rulesetVersion: overlaid.version,
      asOf,
      size: population.size,
      benefits: baseline.benefits.map((b) => changed.get(b.benefitId) ?? b),
    },
  };
}

/** Wall and CPU time (the whole process's, user + system) of the two parts of a what-if, for the benchmark. */
export interface WhatIfTimings {
  loadMs: number;
  computeMs: number;
  loadCpuMs: number;
  computeCpuMs: number;
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

const average = (totalFen: number, recipients: number) =>
  recipients > 0 ? Math.floor(totalFen / recipients) : 0;

/** Loads the population, runs baseline and overlay, and shapes the comparison. */
export async function executeWhatIf(
  db: Db,
  plan: WhatIfPlan,
  onProgress?: (processed: number, total: number) => void,
): Promise<PolicyWhatIfResultDto & { timings: WhatIfTimings }> {
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const load: PopulationLoad = await loadPopulation(db, plan.baseline, {
    scope: plan.scope,
    asOf: plan.asOf,
    level: regionLevelFor(plan.scope),
    ...(onProgress ? { onProgress } : {}),
  });
  const loaded = performance.now();
  const loadCpu = process.cpuUsage(startedCpu);
  const loadedCpu = process.cpuUsage();
  const { baseline, scenario } = compareOverlay(plan.baseline, plan.overlay, load.population, plan.asOf);
  const computed = performance.now();
  const computeCpu = process.cpuUsage(loadedCpu);
  const regionCodes = load.population.regionCodes;
  const names = await regionNames(db, regionCodes);
  return {
    asOf: plan.asOf,
    regionCode: plan.regionCode,
    rulesetVersion: baseline.rulesetVersion,
    overlayVersion: scenario.rulesetVersion,
    population: load.population.size,
    benefits: scenario.benefits.map((after, k) => {
      const before = baseline.benefits[k] as BenefitTotals;
      return {
        benefitId: after.benefitId,
        label: after.label,
        baseline: {
          recipients: before.recipients,
          totalFen: before.totalFen,
          averageFen: average(before.totalFen, before.recipients),
        },
        overlay: {
          recipients: after.recipients,
          totalFen: after.totalFen,
          averageFen: average(after.totalFen, after.recipients),
        },
        delta: {
          recipients: after.recipients - before.recipients,
          totalFen: after.totalFen - before.totalFen,
        },
        byRegion: after.byRegion
          .map((region, r) => ({
            regionCode: region.regionCode,
            regionName: names.get(region.regionCode) ?? region.regionCode,
            baseline: {
              recipients: before.byRegion[r]?.recipients ?? 0,
              totalFen: before.byRegion[r]?.totalFen ?? 0,
            },
            overlay: { recipients: region.recipients, totalFen: region.totalFen },
          }))
          .sort((a, b) => a.regionCode.localeCompare(b.regionCode)),
      };
    }),
    timings: {
      loadMs: loaded - started,
      computeMs: computed - loaded,
      loadCpuMs: cpuMs(loadCpu),
      computeCpuMs: cpuMs(computeCpu),
    },
  };
}

/** The operation-log row of a what-if: it reads the registry of a whole scope. */
async function recordWhatIf(
  db: Db,
  actor: Actor,
  plan: WhatIfPlan,
  versions: { rulesetVersion: string; overlayVersion: string },
  jobId?: string,
): Promise<void> {
  await recordOperation(db, actor, {
    action: 'policy.whatif',
    targetType: 'policy_whatif',
    ...(jobId === undefined ? {} : { targetId: jobId }),
    detail: {
      asOf: plan.asOf,
      regionCode: plan.regionCode,
      overlay: plan.overlay.id,
      rulesetVersion: versions.rulesetVersion,
      overlayVersion: versions.overlayVersion,
    },
  });
}

/**
 * A what-if run to its end while the caller waits (`jiuye policy whatif`): checked as startWhatIf checks it,
 * recorded in the operation log once the comparison is there.
 */
export async function runWhatIf(
  db: Db,
  actor: Actor,
  input: PolicyWhatIfInput,
  onProgress?: (processed: number, total: number) => void,
): Promise<PolicyWhatIfResultDto & { timings: WhatIfTimings }> {
  const plan = await planWhatIf(db, actor, input);
  const result = await executeWhatIf(db, plan, onProgress);
  await recordWhatIf(db, actor, plan, result);
  return result;
}

async function regionNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (let i = 0; i < codes.length; i += 500)
    for (const [code, name] of await findRegionNames(db, codes.slice(i, i + 500)))
      names.set(code.trim(), name);
  return names;
}

// ---------------------------------------------------------------------------------------------------------------
// Jobs: in the server process, per database handle; only the creator reads a job. A what-if writes nothing, so a
// job lost with the process is simply run again.

interface Job {
  id: string;
  userId: number;
  dto: PolicyWhatIfJobDto;
  /** Epoch ms after which the job is forgotten. */
  expiresAt: number;
}

/** A finished or failed job is kept this long; a running one is never dropped. */
const JOB_TTL_MS = 60 * 60 * 1000;
/** Running what-ifs per process: each holds a population in memory. */
const MAX_RUNNING = 4;

const jobsByDb = new WeakMap<Db, Map<string, Job>>();

function jobsOf(db: Db): Map<string, Job> {
  let jobs = jobsByDb.get(db);
  if (!jobs) {
    jobs = new Map();
    jobsByDb.set(db, jobs);
  }
  const now = Date.now();
  for (const [id, job] of jobs) if (job.dto.status !== 'running' && job.expiresAt < now) jobs.delete(id);
  return jobs;
}

/**
 * Starts a what-if and answers its id at once. The region and the overlay are checked first: outside the scope is
 * NOT_FOUND, an invalid overlay VALIDATION_FAILED naming each problem, and no job starts.
 */
export async function startWhatIf(
  db: Db,
  actor: Actor,
  input: PolicyWhatIfInput,
): Promise<{ jobId: string }> {
  const plan = await planWhatIf(db, actor, input);
  const jobs = jobsOf(db);
  const running = [...jobs.values()].filter((job) => job.dto.status === 'running').length;
  if (running >= MAX_RUNNING) throw new AppError('RATE_LIMITED', '测算任务过多，请稍后再试');
  const job: Job = {
    id: crypto.randomUUID(),
    userId: actor.userId,
    dto: { status: 'running', processed: 0, total: null, message: null, result: null },
    expiresAt: Number.POSITIVE_INFINITY,
  };
  jobs.set(job.id, job);
  await recordWhatIf(
    db,
    actor,
    plan,
    { rulesetVersion: plan.baseline.version, overlayVersion: plan.overlayVersion },
    job.id,
  );
  void executeWhatIf(db, plan, (processed, total) => {
    job.dto.processed = processed;
    job.dto.total = total;
  })
    .then(({ timings: _timings, ...result }) => {
      job.dto = {
        status: 'finished',
        processed: result.population,
        total: result.population,
        message: null,
        result,
      };
    })
    .catch((error: unknown) => {
      job.dto = {
        ...job.dto,
        status: 'failed',
        message: error instanceof AppError ? error.message : '测算失败，请稍后重试',
      };
      if (!(error instanceof AppError)) console.error('what-if failed', error);
    })
    .finally(() => {
      job.expiresAt = Date.now() + JOB_TTL_MS;
    });
  return { jobId: job.id };
}

/** A job of the caller's; anyone else's, or an expired one, is NOT_FOUND. */
export function getWhatIfJob(db: Db, actor: Actor, jobId: string): PolicyWhatIfJobDto {
  assertCan(actor, 'policy:read');
  const job = jobsOf(db).get(jobId);
  if (!job || job.userId !== actor.userId) throw notFound('测算任务');
  return job.dto;
}
