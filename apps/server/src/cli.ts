import { parseArgs } from 'node:util';
import type { CliCommand } from './cli-command.ts';
import { loadConfig } from './config.ts';
import { openDatabase, describeDatabase } from './db/open.ts';
import { migrateToLatest } from './db/migrate.ts';
import { commands as regionCommands } from './modules/regions/region.cli.ts';
import { commands as auditCommands } from './modules/audit/audit.cli.ts';
import { commands as registryCommands } from './modules/registry/registry.cli.ts';
import { commands as importCommands } from './modules/imports/imports.cli.ts';
import { commands as policyCommands } from './modules/policy/policy.cli.ts';
import { commands as keyCommands } from './modules/keys/keys.cli.ts';
import { commands as backupCommands } from './modules/backup/backup.cli.ts';

const commands: Record<string, CliCommand> = {
  serve: {
    usage: 'jiuye serve [--demo]',
    summary: '启动平台 (start the platform); --demo adds demo organisations and users',
    run: async (args) => {
      const { values } = parseArgs({ args, options: { demo: { type: 'boolean', default: false } } });
      // Loaded on demand: the other commands start without the web server's modules.
      const { startServer } = await import('./server.ts');
      await startServer(loadConfig(), { demo: values.demo ?? false });
      return -1; // keeps running
    },
  },
  'db migrate': {
    usage: 'jiuye db migrate',
    summary: '执行数据库迁移 (apply migrations)',
    run: async () => {
      const config = loadConfig();
      const db = openDatabase(config);
      try {
        const result = await migrateToLatest(db);
        const applied =
          result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
        console.log(
          `${describeDatabase(config)}: ${applied.length === 0 ? '已是最新 (up to date)' : `已执行 ${applied.join(', ')}`}`,
        );
        return 0;
      } finally {
        await db.destroy();
      }
    },
  },
  ...regionCommands,
  ...auditCommands,
  ...importCommands,
  ...registryCommands,
  ...policyCommands,
  ...keyCommands,
  ...backupCommands,
};

function printHelp(): void {
  console.log('jiuye — 就业帮扶信息平台命令行\n\n用法 (usage):');
  for (const command of Object.values(commands))
    console.log(`  ${command.usage.padEnd(52)} ${command.summary}`);
  console.log(
    '\n环境变量 (environment): PORT, JIUYE_DB, DATABASE_URL, JIUYE_ADMIN_PASSWORD, JIUYE_DATA_KEY, JIUYE_DATA_KEY_FILE (see README)',
  );
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    printHelp();
    return 0;
  }
  // Commands are one or two words: `serve`, `db migrate`, `regions import` …
  const two = `${argv[0]} ${argv[1] ?? ''}`;
  const [name, rest] = commands[two] ? [two, argv.slice(2)] : [argv[0]!, argv.slice(1)];
  const command = commands[name];
  if (!command) {
    console.error(`未知命令 (unknown command): ${argv.join(' ')}\n`);
    printHelp();
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? `错误 (error): ${error.message}` : error);
    process.exitCode = 1;
  },
);
