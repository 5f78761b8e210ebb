import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../../config.ts';
import type { Database, Db } from '../../db/database.ts';
import { knownMigrationNames } from '../../db/migrate.ts';
import { readKeyRingSource } from '../../lib/field-crypto.ts';
import {
  describePlace,
  findKeyRingProblems,
  holdsEncryptedData,
  keyMismatchError,
  missingKeyError,
} from '../keys/data-key.service.ts';

/**
 * `jiuye backup` and `jiuye restore`. SQLite: `VACUUM INTO` copies one read transaction's
 * snapshot (the WAL's committed frames included) while the server and imports keep writing; PostgreSQL: `pg_dump
 * -Fc` and `pg_restore`. Backups are mode 600 and hold no key: the key is kept apart (README, Backup and restore).
 */

/** Refused input (exit 2) or a refused restore (exit 1): the message says why and what to do. */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupCounts {
  laborers: number;
  households: number;
  users: number;
  importJobs: number;
  runningImportJobs: number;
  dataKeys: number;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  /** SQLite only: the counts read back from the written file. */
  counts?: BackupCounts;
}

const TABLES_OF_JIUYE = ['kysely_migration', 'region', 'app_user', 'laborer'];

/** A file created empty with mode 600 beside `target`, to be renamed onto it when complete. */
function freshPartFile(target: string, label: string): string {
  const part = `${target}.${label}-${process.pid}`;
  fs.rmSync(part, { force: true });
  fs.closeSync(fs.openSync(part, 'wx', 0o600));
  return part;
}

function settle(part: string, target: string): void {
  const handle = fs.openSync(part, 'r+');
  fs.fsyncSync(handle);
  fs.closeSync(handle);
  fs.chmodSync(part, 0o600);
  fs.renameSync(part, target);
}

async function countsOf(db: Db): Promise<BackupCounts> {
  const count = async (
    table: 'laborer' | 'household' | 'appUser' | 'importJob' | 'dataKey',
    running = false,
  ) => {
    let query = db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (running) query = query.where('status' as never, '=', 'running' as never);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };
  return {
    laborers: await count('laborer'),
    households: await count('household'),
    users: await count('appUser'),
    importJobs: await count('importJob'),
    runningImportJobs: await count('importJob', true),
    dataKeys: await count('dataKey').catch(() => 0),
  };
}

/** A Kysely handle over a SQLite file opened read-only (a backup being checked). */
function readOnlyDb(file: string): { db: Db; database: SQLite.Database } {
  const database = new SQLite(file, { readonly: true, fileMustExist: true });
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database }),
    plugins: [new CamelCasePlugin()],
  });
  return { db, database };
}

/** `jiuye backup OUT` on SQLite: a consistent copy of the live database, written beside OUT and renamed onto it. */
export async function backupSqlite(source: string, out: string): Promise<BackupSummary> {
  if (!fs.existsSync(source)) throw new BackupError(`数据库不存在 (no database): ${source}`);
  if (fs.existsSync(out))
    throw new BackupError(`备份文件已存在，不覆盖 (the backup file exists; not overwritten): ${out}`);
  fs.mkdirSync(path.dirname(out), { recursive: true, mode: 0o700 });
  const part = freshPartFile(out, 'partial');
  try {
    const database = new SQLite(source, { fileMustExist: true });
    try {
      database.pragma('busy_timeout = 5000');
      database.prepare('VACUUM INTO ?').run(part);
    } finally {
      database.close();
    }
    const counts = await checkSqliteFile(part);
    settle(part, out);
    return { file: out, bytes: fs.statSync(out).size, counts };
  } catch (error) {
    fs.rmSync(part, { force: true });
    throw error;
  }
}

/** integrity_check, a jiuye database, no migration this version does not know: its counts, else BackupError. */
async function checkSqliteFile(file: string): Promise<BackupCounts> {
  let handle: { db: Db; database: SQLite.Database };
  try {
    handle = readOnlyDb(file);
  } catch (error) {
    throw new BackupError(`无法打开备份文件 (cannot open the backup): ${file}: ${(error as Error).message}`);
  }
  try {
    const { database, db } = handle;
    let integrity: string[];
    try {
      integrity = (database.pragma('integrity_check') as Array<{ integrity_check: string }>).map(
        (row) => row.integrity_check,
      );
    } catch (error) {
      throw new BackupError(
        `不是 SQLite 数据库 (not a SQLite database): ${file}: ${(error as Error).message}`,
      );
    }
    if (integrity.join() !== 'ok')
      throw new BackupError(
        `备份文件已损坏 (integrity_check failed): ${file}: ${integrity.slice(0, 5).join('; ')}`,
      );
    const tables = new Set(
      (
        database.prepare("select name from sqlite_master where type = 'table'").all() as Array<{
          name: string;
        }>
      ).map((row) => row.name),
    );
    const missing = TABLES_OF_JIUYE.filter((table) => !tables.has(table));
    if (missing.length > 0)
      throw new BackupError(`不是 jiuye 数据库 (not a jiuye database: no ${missing.join(', ')}): ${file}`);
    const names = (
      database.prepare('select name from kysely_migration').all() as Array<{ name: string }>
    ).map((row) => row.name);
    const known = new Set(knownMigrationNames());
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0)
      throw new BackupError(
        `备份来自更新的 jiuye 版本，含本版本不认识的迁移 (the backup is from a newer jiuye: unknown migrations ${unknown.join(', ')}); 请先升级 (upgrade first)`,
      );
    return await countsOf(db);
  } finally {
    await handle.db.destroy();
  }
}

/** Does another connection (a server, an import) hold the SQLite file? An exclusive lock answers. */
function isHeld(file: string): boolean {
  const database = new SQLite(file, { fileMustExist: true, timeout: 0 });
  try {
    database.pragma('locking_mode = EXCLUSIVE');
    database.exec('BEGIN EXCLUSIVE');
    database.exec('COMMIT');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    throw error;
  } finally {
    database.close();
  }
}

export interface RestoreSummary {
  file: string;
  target: string;
  /** Where the database that was replaced now lies. */
  previous: string | undefined;
  counts: BackupCounts | undefined;
}

/** The current key ring (environment or key file) must fit the backup's recorded keys, else DataKeyError. */
async function checkBackupKey(
  db: Db,
  config: Pick<Config, 'dataKey' | 'dataKeyFile'>,
  what: string,
): Promise<void> {
  const source = readKeyRingSource(config.dataKey, config.dataKeyFile);
  const place = { dataKeyFile: source.origin, database: what };
  if (!source.ring) {
    if (await holdsEncryptedData(db, { allowUnmigrated: true })) throw missingKeyError(place);
    return;
  }
  const problems = await findKeyRingProblems(db, source.ring, { allowUnmigrated: true });
  if (problems.length > 0) throw keyMismatchError(place, problems.join('\n  '));
}

/** `jiuye restore FILE` on SQLite: check the file and the key, then put a copy in place of the database. */
export async function restoreSqlite(
  file: string,
  config: Pick<Config, 'sqlitePath' | 'dataKey' | 'dataKeyFile'>,
): Promise<RestoreSummary> {
  if (!fs.existsSync(file)) throw new BackupError(`备份文件不存在 (no such backup): ${file}`);
  const counts = await checkSqliteFile(file);
  const { db } = readOnlyDb(file);
  try {
    await checkBackupKey(db, config, `备份 backup ${file}`);
  } finally {
    await db.destroy();
  }
  const target = config.sqlitePath;
  if (fs.existsSync(target) && isHeld(target))
    throw new BackupError(
      `数据库正被运行中的服务或 jiuye 命令使用，未恢复；请先停止它们 (the database is held by a running server or jiuye command; nothing restored; stop them first): ${target}`,
      1,
    );
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const part = freshPartFile(target, 'restoring');
  let previous: string | undefined;
  try {
    const database = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      database.prepare('VACUUM INTO ?').run(part);
    } finally {
      database.close();
    }
    await checkSqliteFile(part);
    if (fs.existsSync(target)) {
      // The database replaced is kept, never deleted: a restore of the wrong file can be undone.
      previous = `${target}.before-restore-${new Date().toISOString().replaceAll(/[:.]/g, '-')}`;
      fs.renameSync(target, previous);
      for (const suffix of ['-wal', '-shm'])
        if (fs.existsSync(`${target}${suffix}`)) fs.renameSync(`${target}${suffix}`, `${previous}${suffix}`);
    }
    settle(part, target);
  } catch (error) {
    fs.rmSync(part, { force: true });
    throw error;
  }
  return { file, target, previous, counts };
}

/** libpq settings from DATABASE_URL, with the password in PGPASSWORD rather than on the command line. */
/** pg_dump and pg_restore get this process's environment (PATH, PG* settings) and the URL's password. */
function pgConnection(databaseUrl: string) {
  const url = new URL(databaseUrl);
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  if (url.password) {
    childEnv.PGPASSWORD = decodeURIComponent(url.password);
    url.password = '';
  }
  return { dbname: url.toString(), env: childEnv };
}

function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync(tool, args, { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error)
    throw new BackupError(
      `无法运行 ${tool} (cannot run ${tool}: ${result.error.message}); 请安装 PostgreSQL 客户端 (install the PostgreSQL client tools)`,
      1,
    );
  if (result.status !== 0) throw new BackupError(`${tool} 失败 (failed): ${result.stderr.trim()}`, 1);
  return result.stdout;
}

/** `jiuye backup OUT` on PostgreSQL: `pg_dump --format=custom` (one snapshot), mode 600. */
export async function backupPostgres(databaseUrl: string, out: string): Promise<BackupSummary> {
  if (fs.existsSync(out))
    throw new BackupError(`备份文件已存在，不覆盖 (the backup file exists; not overwritten): ${out}`);
  fs.mkdirSync(path.dirname(out), { recursive: true, mode: 0o700 });
  const part = freshPartFile(out, 'partial');
  try {
    const connection = pgConnection(databaseUrl);
    runTool(
      'pg_dump',
      ['--format=custom', '--no-owner', `--file=${part}`, `--dbname=${connection.dbname}`],
      connection.env,
    );
    runTool('pg_restore', ['--list', part], connection.env);
    settle(part, out);
    return { file: out, bytes: fs.statSync(out).size };
  } catch (error) {
    fs.rmSync(part, { force: true });
    throw error;
  }
}

/**
 * `jiuye restore FILE` on PostgreSQL: into an empty database only (createdb a new one: nothing held is
 * overwritten), then the key check on the restored data; a key that does not fit empties the database again.
 */
export async function restorePostgres(
  file: string,
  config: Pick<Config, 'databaseUrl' | 'dataKey' | 'dataKeyFile' | 'sqlitePath'>,
  db: Db,
): Promise<RestoreSummary> {
  if (!fs.existsSync(file)) throw new BackupError(`备份文件不存在 (no such backup): ${file}`);
  const connection = pgConnection(config.databaseUrl!);
  const listing = runTool('pg_restore', ['--list', file], connection.env);
  if (!/TABLE public kysely_migration /.test(listing) || !/TABLE public laborer /.test(listing))
    throw new BackupError(`不是 jiuye 数据库的备份 (not a backup of a jiuye database): ${file}`);
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "select count(*) as n from information_schema.tables where table_schema = 'public'",
    );
    if (Number(rows[0]!.n) > 0)
      throw new BackupError(
        `目标数据库不是空的，未恢复；请恢复到新建的空数据库 (createdb) (the target database is not empty; nothing restored; restore into a new empty database): ${describePlace(config)}`,
        1,
      );
  } finally {
    await client.end();
  }
  runTool(
    'pg_restore',
    ['--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${connection.dbname}`, file],
    connection.env,
  );
  try {
    const names = (await db
      .selectFrom('kyselyMigration' as never)
      .select('name' as never)
      .execute()) as Array<{
      name: string;
    }>;
    const known = new Set(knownMigrationNames());
    const unknown = names.map((row) => row.name).filter((name) => !known.has(name));
    if (unknown.length > 0)
      throw new BackupError(
        `备份来自更新的 jiuye 版本 (the backup is from a newer jiuye: unknown migrations ${unknown.join(', ')})`,
      );
    await checkBackupKey(db, config, `备份 backup ${file}`);
    return { file, target: describePlace(config), previous: undefined, counts: await countsOf(db) };
  } catch (error) {
    // The database was empty before: leave it so.
    const cleaner = new pg.Client({ connectionString: config.databaseUrl });
    await cleaner.connect();
    await cleaner.query('drop schema public cascade; create schema public');
    await cleaner.end();
    throw error;
  }
}
