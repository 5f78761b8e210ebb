import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
  CamelCasePlugin,
  Kysely,
  OperationNodeTransformer,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PrimitiveValueListNode,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from 'kysely';
import type { Database, Db, Dialect } from './database.ts';

export type DbTarget = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

// PostgreSQL answers timestamps as Date and bigint as string; SQLite holds ISO text and numbers. Normalise here,
// once, so every repository sees ISO-8601 strings and numbers on both dialects.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (value) => new Date(value).toISOString());
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (value) => new Date(`${value}Z`).toISOString());
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/** better-sqlite3 binds no booleans: write them as 1/0 (and read them back with `toBoolean`). */
class SqliteBooleanTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const transformed = super.transformValue(node);
    return typeof transformed.value === 'boolean'
      ? { ...transformed, value: transformed.value ? 1 : 0 }
      : transformed;
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    const transformed = super.transformPrimitiveValueList(node);
    return transformed.values.some((value) => typeof value === 'boolean')
      ? { ...transformed, values: transformed.values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)) }
      : transformed;
  }
}

class SqliteBooleanPlugin implements KyselyPlugin {
  readonly #transformer = new SqliteBooleanTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/**
 * Opens (and creates) a SQLite database readable by its owner only: a data folder it creates gets
 * mode 700, the file mode 600, and SQLite gives the -wal and -shm files the mode of the database file. An existing
 * file is narrowed to 600; an existing folder is left as it is (it may be /tmp or the operator's).
 */
export function openSqlite(file: string): SQLite.Database {
  if (file !== ':memory:' && file !== '') {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Only a file that does not exist yet is opened here: closing a descriptor of a file drops every POSIX lock
    // this process holds on it, those of SQLite's other connections (import workers, a second handle) included.
    if (!fs.existsSync(file)) {
      try {
        fs.closeSync(fs.openSync(file, 'wx', 0o600));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    for (const part of [file, `${file}-wal`, `${file}-shm`]) {
      try {
        if ((fs.statSync(part).mode & 0o077) !== 0) fs.chmodSync(part, 0o600);
      } catch {
        // Missing (-wal, -shm) or not ours to change.
      }
    }
  }
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  return database;
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs more than running most of our queries.
 * This keeps the prepared statements of the most recent distinct SQL texts and reuses one when it is not in the
 * middle of an iteration (a busy statement cannot run twice at once).
 */
export function withStatementCache(database: SQLite.Database, capacity = 500) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare: (sqlText: string) => {
      const cached = statements.get(sqlText);
      if (cached && !cached.busy) return cached;
      const statement = database.prepare(sqlText);
      if (!cached) {
        if (statements.size >= capacity) statements.delete(statements.keys().next().value!);
        statements.set(sqlText, statement);
      }
      return statement;
    },
  };
}

export function createDb(target: DbTarget): Db {
  if (target.dialect === 'sqlite') {
    return new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(openSqlite(target.path)) }),
      plugins: [new CamelCasePlugin(), new SqliteBooleanPlugin()],
    });
  }
  const pool = new pg.Pool({ connectionString: target.url, max: 10 });
  // An idle connection that fails (server restart, terminated backend) must not crash the process: the pool drops
  // it and the next query opens a new one.
  pool.on('error', (error) => console.warn(`PostgreSQL connection lost: ${error.message}`));
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** SQLite answers booleans as 0/1. */
export function toBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

export function nowIso(): string {
  return new Date().toISOString();
}
