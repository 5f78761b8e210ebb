import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LaborerExportFilters } from '@jiuye/contracts';
import { consoleIo, runAsActor, type CliCommand, type CliIo } from '../../cli-command.ts';
import type { Db } from '../../db/database.ts';
import type { KeyRing } from '../../lib/field-crypto.ts';
import { withKeyRing } from '../keys/keys.cli.ts';
import { startLaborerExport } from './export/laborer-export.service.ts';

/**
 * `jiuye export laborers`: the same service functions as the routes, run as a named user (--user, else JIUYE_USER)
 * whose view scope applies and who is named in the operation log.
 */

const EXPORT_USAGE = 'jiuye export laborers OUT.xlsx [--region CODE] [--user USERNAME]';

export async function runExportLaborers(db: Db, ring: KeyRing, args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { region: { type: 'string' }, user: { type: 'string' } },
    });
  } catch (error) {
    io.printError(`参数错误 (bad arguments): ${(error as Error).message}\n用法 (usage): ${EXPORT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    io.printError(`用法 (usage): ${EXPORT_USAGE}`);
    return 2;
  }
  // The masked export of GET /laborers/export.xlsx?regionCode=…, logged alike (the channel says it was the CLI).
  const filters: LaborerExportFilters = {
    visibility: 'all',
    ...(values.region === undefined ? {} : { regionCode: values.region }),
  };
  const out = path.resolve(positionals[0]!);
  return runAsActor(db, io, { username: values.user, refusal: '拒绝导出' }, async (actor) => {
    const exported = await startLaborerExport(db, ring, actor, { filters, reveal: false });
    const stream = fs.createWriteStream(out);
    const done = new Promise<void>((resolve, reject) => {
      stream.on('close', resolve);
      stream.on('error', reject);
    });
    const result = await exported.write(stream);
    await done;
    io.print(`已导出 ${result.rows} 人到 ${out}`);
    return 0;
  });
}

export const commands: Record<string, CliCommand> = {
  'export laborers': {
    usage: EXPORT_USAGE,
    summary: '导出劳动力台账 xlsx（证件号码脱敏，记入操作日志）',
    run: (args) => withKeyRing((db, ring, config) => runExportLaborers(db, ring, args, consoleIo(config))),
  },
};
