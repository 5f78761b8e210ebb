import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  policyEvaluateSchema,
  policyValuesFileSchema,
  policyWhatIfSchema,
  type PolicyWhatIfResultDto,
} from '@jiuye/contracts';
import { formatYuan } from '@jiuye/domain/policy/index.ts';
import {
  consoleIo,
  exitCodeOf,
  printRefusal,
  runAsActor,
  type CliCommand,
  type CliIo,
} from '../../cli-command.ts';
import { loadConfig, type Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { describeDatabase, openDatabase } from '../../db/open.ts';
import { AppError, type ErrorDetail } from '../../lib/errors.ts';
import type { KeyRing } from '../../lib/field-crypto.ts';
import { assertCan } from '../auth/actor.ts';
import { withKeyRing } from '../keys/keys.cli.ts';
import { CLI_LIMITS, importLimits } from '../files/file-guard.ts';
import { importGrants } from './grant-import.ts';
import { runWhatIf } from './policy-whatif.ts';
import { addParameterValues, evaluatePolicy, today } from './policy.service.ts';

/**
 * `jiuye policy evaluate`, `jiuye policy add-values`, `jiuye policy whatif` and `jiuye grants import`: the same
 * service functions as the routes, run as a named user (--user, else JIUYE_USER) whose permissions and scope apply
 * and who is named in the operation log, a refusal included, as the route logs it. Exit codes: 0 done, 1 refused
 * input (each problem printed), 2 usage, file or user problems (exitCodeOf).
 */

const EVALUATE_USAGE = 'jiuye policy evaluate FILE.json [--user USERNAME]';
const ADD_VALUES_USAGE = 'jiuye policy add-values FILE.json --user USERNAME';
const WHATIF_USAGE =
  'jiuye policy whatif FILE.json --user USERNAME [--as-of YYYY-MM-DD] [--region CODE] [--json]';
const GRANTS_IMPORT_USAGE = 'jiuye grants import FILE.xlsx|FILE.csv --user USERNAME';

interface Parsed {
  file: string;
  username: string | undefined;
}

function parseFileArgs(args: string[], usage: string, io: CliIo): Parsed | number {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { user: { type: 'string' } } });
  } catch (error) {
    io.printError(`参数错误 (bad arguments): ${(error as Error).message}\n用法 (usage): ${usage}`);
    return 2;
  }
  if (parsed.positionals.length !== 1) {
    io.printError(`用法 (usage): ${usage}`);
    return 2;
  }
  const file = path.resolve(parsed.positionals[0]!);
  if (!fs.existsSync(file)) {
    io.printError(`文件不存在: ${file}`);
    return 2;
  }
  return { file, username: parsed.values.user ?? io.config.user };
}

function readJson(file: string, io: CliIo): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/u, '')) as unknown;
  } catch (error) {
    io.printError(`文件不是有效的 JSON: ${(error as Error).message}`);
    return undefined;
  }
}

/** A JSON body checked against the API's schema: the CLI takes exactly what the route takes. */
function zodDetails(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): ErrorDetail[] {
  return issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }));
}

export async function runPolicyEvaluate(db: Db, args: string[], io: CliIo): Promise<number> {
  const parsed = parseFileArgs(args, EVALUATE_USAGE, io);
  if (typeof parsed === 'number') return parsed;
  const content = readJson(parsed.file, io);
  if (content === undefined) return 2;
  const input = policyEvaluateSchema.safeParse(content);
  const checked = () => {
    if (!input.success)
      throw new AppError('VALIDATION_FAILED', '评估情形有误', zodDetails(input.error.issues));
    return input.data;
  };
  const print = (evaluation: unknown) => {
    io.print(JSON.stringify(evaluation, null, 2));
    return 0;
  };
  // A registry labourer is read as a user, inside that user's scope; a free scenario reads no personal data and
  // may be evaluated without one (and is not logged then).
  if (!parsed.username && !(input.success && input.data.laborerId !== undefined)) {
    try {
      return print(await evaluatePolicy(db, undefined, checked()));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      printRefusal(io, error, '拒绝评估');
      return exitCodeOf(error);
    }
  }
  return runAsActor(
    db,
    io,
    { username: parsed.username, audit: 'policy.evaluate', refusal: '拒绝评估' },
    async (actor) => {
      assertCan(actor, 'policy:read');
      return print(await evaluatePolicy(db, actor, checked()));
    },
  );
}

export async function runPolicyAddValues(db: Db, args: string[], io: CliIo): Promise<number> {
  const parsed = parseFileArgs(args, ADD_VALUES_USAGE, io);
  if (typeof parsed === 'number') return parsed;
  const content = readJson(parsed.file, io);
  if (content === undefined) return 2;
  return runAsActor(
    db,
    io,
    { username: parsed.username, audit: 'policy.values.add', refusal: '拒绝导入' },
    async (actor) => {
      assertCan(actor, 'policy:write');
      const input = policyValuesFileSchema.safeParse(content);
      if (!input.success)
        throw new AppError(
          'VALIDATION_FAILED',
          '参数文件有误，整份文件未导入',
          zodDetails(input.error.issues),
        );
      const added = await addParameterValues(db, actor, input.data);
      io.print(
        `已添加参数文件 #${added.id}${added.documentTitle ? `（${added.documentTitle}）` : ''}：${added.valueCount} 项取值，规则版本 ${added.rulesetVersion}`,
      );
      return 0;
    },
  );
}

export async function runGrantsImport(db: Db, ring: KeyRing, args: string[], io: CliIo): Promise<number> {
  const parsed = parseFileArgs(args, GRANTS_IMPORT_USAGE, io);
  if (typeof parsed === 'number') return parsed;
  return runAsActor(
    db,
    io,
    { username: parsed.username, audit: 'policy.grants.import', refusal: '拒绝导入' },
    async (actor) => {
      const summary = await importGrants(db, ring, actor, parsed.file, importLimits(CLI_LIMITS, io.config));
      io.print(`发放记录 ${summary.rows} 条：新增 ${summary.inserted} 条，已存在跳过 ${summary.skipped} 条`);
      return 0;
    },
  );
}

/** Display width of a cell (a CJK character takes two columns). */
function cellWidth(text: string): number {
  return [...text].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
}

function formatTable(
  header: string[],
  rows: string[][],
  rightAligned: (column: number) => boolean,
): string[] {
  const widths = header.map((h, c) => Math.max(cellWidth(h), ...rows.map((row) => cellWidth(row[c] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => {
        const pad = ' '.repeat(Math.max(0, widths[c]! - cellWidth(cell)));
        return rightAligned(c) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

const signedYuan = (fen: number) => (fen > 0 ? `+${formatYuan(fen)}` : fen === 0 ? '0' : formatYuan(fen));
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The comparison as Chinese tables: by benefit, then by region for each benefit the overlay changes. */
export function whatIfTable(result: PolicyWhatIfResultDto): string[] {
  const lines = [
    `政策测算 ${result.asOf}，${result.regionCode ?? '本人管辖范围'}，劳动力 ${result.population} 人`,
    `现行规则版本 ${result.rulesetVersion}，测算规则版本 ${result.overlayVersion}`,
    '',
    ...formatTable(
      [
        '待遇',
        '现行人数',
        '现行金额',
        '现行人均',
        '测算人数',
        '测算金额',
        '测算人均',
        '人数变化',
        '金额变化',
      ],
      result.benefits.map((b) => [
        b.label,
        String(b.baseline.recipients),
        formatYuan(b.baseline.totalFen),
        formatYuan(b.baseline.averageFen),
        String(b.overlay.recipients),
        formatYuan(b.overlay.totalFen),
        formatYuan(b.overlay.averageFen),
        signed(b.delta.recipients),
        signedYuan(b.delta.totalFen),
      ]),
      (c) => c > 0,
    ),
  ];
  for (const benefit of result.benefits) {
    if (benefit.delta.recipients === 0 && benefit.delta.totalFen === 0) continue;
    lines.push('', `${benefit.label}（按区划）`);
    lines.push(
      ...formatTable(
        ['区划', '代码', '现行人数', '现行金额', '测算人数', '测算金额', '金额变化'],
        benefit.byRegion.map((r) => [
          r.regionName,
          r.regionCode,
          String(r.baseline.recipients),
          formatYuan(r.baseline.totalFen),
          String(r.overlay.recipients),
          formatYuan(r.overlay.totalFen),
          signedYuan(r.overlay.totalFen - r.baseline.totalFen),
        ]),
        (c) => c > 1,
      ),
    );
  }
  return lines;
}

export async function runPolicyWhatIf(db: Db, args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        user: { type: 'string' },
        'as-of': { type: 'string' },
        region: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    io.printError(`参数错误 (bad arguments): ${(error as Error).message}\n用法 (usage): ${WHATIF_USAGE}`);
    return 2;
  }
  if (parsed.positionals.length !== 1) {
    io.printError(`用法 (usage): ${WHATIF_USAGE}`);
    return 2;
  }
  const file = path.resolve(parsed.positionals[0]!);
  if (!fs.existsSync(file)) {
    io.printError(`文件不存在: ${file}`);
    return 2;
  }
  const overlay = readJson(file, io);
  if (overlay === undefined) return 2;
  const body: Record<string, unknown> = { overlay, asOf: parsed.values['as-of'] ?? today() };
  if (parsed.values.region !== undefined) body.regionCode = parsed.values.region;
  const asJson = parsed.values.json;
  return runAsActor(
    db,
    io,
    { username: parsed.values.user, audit: 'policy.whatif', refusal: '拒绝测算' },
    async (actor) => {
      assertCan(actor, 'policy:read');
      const input = policyWhatIfSchema.safeParse(body);
      if (!input.success)
        throw new AppError('VALIDATION_FAILED', '测算参数有误，未开始测算', zodDetails(input.error.issues));
      let shown = -1;
      const { timings, ...result } = await runWhatIf(db, actor, input.data, (processed, total) => {
        const percent = total > 0 ? Math.floor((processed * 100) / total) : 100;
        if (percent === shown) return;
        shown = percent;
        io.printError(`读取劳动力 ${processed}/${total}（${percent}%）`);
      });
      io.printError(
        `读取 ${(timings.loadMs / 1000).toFixed(2)} 秒，计算 ${(timings.computeMs / 1000).toFixed(2)} 秒`,
      );
      if (asJson) io.print(JSON.stringify(result, null, 2));
      else for (const line of whatIfTable(result)) io.print(line);
      return 0;
    },
  );
}

async function withDatabase(run: (db: Db, config: Config) => Promise<number>): Promise<number> {
  const config = loadConfig();
  const db = openDatabase(config);
  try {
    console.error(describeDatabase(config));
    return await run(db, config);
  } finally {
    await db.destroy();
  }
}

export const commands: Record<string, CliCommand> = {
  'policy evaluate': {
    usage: EVALUATE_USAGE,
    summary: '评估待遇：JSON 情形或 laborerId，输出每项待遇的状态、金额（分）与解释（JSON）',
    run: (args) => withDatabase((db, config) => runPolicyEvaluate(db, args, consoleIo(config))),
  },
  'policy add-values': {
    usage: ADD_VALUES_USAGE,
    summary: '添加参数取值文件（JSON）；有效期重叠、缺少出处或实施范围未知时整份拒绝',
    run: (args) => withDatabase((db, config) => runPolicyAddValues(db, args, consoleIo(config))),
  },
  'policy whatif': {
    usage: WHATIF_USAGE,
    summary:
      '政策测算：参数调整文件（JSON）在台账全体劳动力上与现行标准对比，按待遇、区划汇总（进度输出到 stderr）',
    run: (args) => withDatabase((db, config) => runPolicyWhatIf(db, args, consoleIo(config))),
  },
  'grants import': {
    usage: GRANTS_IMPORT_USAGE,
    summary: '导入已享受待遇的发放记录 xlsx/csv（整份导入或不导入；重复导入跳过已有记录）',
    run: (args) => withKeyRing((db, ring, config) => runGrantsImport(db, ring, args, consoleIo(config))),
  },
};
