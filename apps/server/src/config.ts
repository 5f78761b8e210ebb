import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export interface Config {
  port: number;
  host: string;
  /** SQLite file, used when `databaseUrl` is not set. */
  sqlitePath: string;
  /** PostgreSQL connection string; when set, PostgreSQL is used instead of SQLite. */
  databaseUrl: string | undefined;
  /**
   * The folder that belongs to the database: the SQLite file's folder, or `data/` of the repository on PostgreSQL.
   * The key file and demo-accounts.txt live here, so that what is started never depends on the current directory.
   */
  dataDir: string;
  /** Key file read when JIUYE_DATA_KEY is not set (JIUYE_DATA_KEY_FILE, else `<dataDir>/keys/data.key`). */
  dataKeyFile: string;
  adminPassword: string | undefined;
  /** Set `Secure` on the session cookie (behind HTTPS). */
  secureCookies: boolean;
  trustProxy: boolean;
  /** Origins besides the server's own allowed to send state-changing requests (JIUYE_ALLOWED_ORIGINS). */
  allowedOrigins: string[];
  /** Login attempts allowed per IP address per minute. */
  loginRateLimit: number;
  /** How long a resolved session may be reused without a query (0: never). */
  sessionCacheMs: number;
  logLevel: string;
  /** Key ring for the encrypted fields (JIUYE_DATA_KEY); when unset it is read from `dataKeyFile`. */
  dataKey: string | undefined;
  /** The user the `import`/`export` commands act as when `--user` is not given (JIUYE_USER). */
  user: string | undefined;
  /** Largest import file (JIUYE_IMPORT_MAX_MB); unset: 200 MB on the CLI, 50 MB for an upload. */
  importMaxFileBytes: number | undefined;
  /** Largest unzipped size of an xlsx (JIUYE_IMPORT_MAX_UNCOMPRESSED_MB); unset: the import's default. */
  importMaxUncompressedBytes: number | undefined;
  /** Largest compression ratio of an xlsx entry (JIUYE_IMPORT_MAX_RATIO); unset: the import's default. */
  importMaxCompressionRatio: number | undefined;
  /** Worker threads of a large import (JIUYE_IMPORT_LANES); unset: 1. */
  importLanes: number | undefined;
  /** Where uploaded files wait for their job (JIUYE_IMPORT_DIR, else `imports/` beside the SQLite file). */
  importDirectory: string;
  /** Size cap of `importDirectory` in bytes (JIUYE_IMPORT_DIR_MAX_MB, 2048 MB). */
  importDirectoryCapBytes: number;
  /** Days an idle import job's row report and file are kept (JIUYE_IMPORT_RETENTION_DAYS, fractions allowed). */
  importRetentionDays: number;
  /** Memory budget of an xlsx's shared-string table in bytes (JIUYE_IMPORT_MAX_SHARED_STRINGS_MB, 256 MB). */
  importMaxSharedStringBytes: number;
  /** Rows per import chunk (JIUYE_IMPORT_CHUNK_SIZE, for tests and benches); unset: the import's default. */
  importChunkSize: number | undefined;
}

/** The checkout's root (apps/server/src/ → ../../..): defaults are anchored here, not at the current directory. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A bad value in the environment: the message names every bad variable and what it should be. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const MB = 1024 * 1024;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An empty variable counts as unset, as it did before the environment was parsed in one place. */
const text = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));
const numberOf = (check: (value: number) => boolean, message: string) =>
  text.pipe(
    z
      .string()
      .optional()
      .transform((value) => (value === undefined ? undefined : Number(value)))
      .refine((value) => value === undefined || check(value), { message }),
  );
const positiveNumber = numberOf((n) => Number.isFinite(n) && n > 0, '应为正数 (must be a positive number)');
const positiveInteger = numberOf(
  (n) => Number.isInteger(n) && n > 0,
  '应为正整数 (must be a positive integer)',
);
const flag = text.refine((value) => value === undefined || ['0', '1', 'true', 'false'].includes(value), {
  message: '应为 1 或 0 (must be 1 or 0; true and false are accepted too)',
});

/** Every variable the README's Configuration table lists, and the import's tuning variables. */
const environmentSchema = z.object({
  PORT: numberOf(
    (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
    '应为 0–65535 的端口号 (must be a port, 0–65535)',
  ),
  HOST: text,
  JIUYE_DB: text,
  DATABASE_URL: text.refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), {
    message: '应为 postgres:// 连接串 (must be a postgres:// connection string)',
  }),
  JIUYE_ADMIN_PASSWORD: text,
  JIUYE_SECURE_COOKIES: flag,
  JIUYE_TRUST_PROXY: flag,
  JIUYE_ALLOWED_ORIGINS: text,
  JIUYE_LOGIN_RATE_LIMIT: positiveInteger,
  JIUYE_SESSION_CACHE_MS: numberOf(
    (n) => Number.isInteger(n) && n >= 0,
    '应为非负整数毫秒数 (must be a whole number of milliseconds, 0 or more)',
  ),
  JIUYE_DATA_KEY: text,
  JIUYE_DATA_KEY_FILE: text,
  JIUYE_IMPORT_MAX_MB: positiveNumber,
  JIUYE_IMPORT_MAX_UNCOMPRESSED_MB: positiveNumber,
  JIUYE_IMPORT_MAX_RATIO: positiveNumber,
  JIUYE_IMPORT_LANES: positiveInteger,
  JIUYE_IMPORT_DIR: text,
  JIUYE_IMPORT_DIR_MAX_MB: positiveNumber,
  JIUYE_IMPORT_RETENTION_DAYS: positiveNumber,
  JIUYE_IMPORT_MAX_SHARED_STRINGS_MB: positiveNumber,
  JIUYE_IMPORT_CHUNK_SIZE: positiveInteger,
  JIUYE_USER: text,
  LOG_LEVEL: text.refine(
    (value) => value === undefined || (LOG_LEVELS as readonly string[]).includes(value),
    {
      message: `应为 ${LOG_LEVELS.join('/')} 之一 (must be one of ${LOG_LEVELS.join(', ')})`,
    },
  ),
});

/**
 * Parses the environment once; every variable is documented in the README. A bad value throws ConfigError naming
 * the variable, what it should be and what it was, so the start stops before anything is opened.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues
        .map((issue) => {
          const name = String(issue.path[0]);
          return `${name} ${issue.message}: ${JSON.stringify(env[name])}`;
        })
        .join('\n'),
    );
  const values = parsed.data;
  // A relative JIUYE_DB or JIUYE_DATA_KEY_FILE is the operator's and means the current directory; the defaults
  // are the repository's data/ folder wherever jiuye is started from.
  const sqlitePath = path.resolve(values.JIUYE_DB ?? path.join(REPOSITORY_ROOT, 'data', 'jiuye.db'));
  const databaseUrl = values.DATABASE_URL;
  const dataDir = databaseUrl ? path.join(REPOSITORY_ROOT, 'data') : path.dirname(sqlitePath);
  const isOn = (value: string | undefined) => value === '1' || value === 'true';
  const bytes = (mb: number | undefined) => (mb === undefined ? undefined : mb * MB);
  return {
    port: values.PORT ?? 3000,
    host: values.HOST ?? '0.0.0.0',
    sqlitePath,
    databaseUrl,
    dataDir,
    dataKeyFile: path.resolve(values.JIUYE_DATA_KEY_FILE ?? path.join(dataDir, 'keys', 'data.key')),
    adminPassword: values.JIUYE_ADMIN_PASSWORD,
    secureCookies: isOn(values.JIUYE_SECURE_COOKIES),
    trustProxy: isOn(values.JIUYE_TRUST_PROXY),
    allowedOrigins: (values.JIUYE_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    loginRateLimit: values.JIUYE_LOGIN_RATE_LIMIT ?? 20,
    sessionCacheMs: values.JIUYE_SESSION_CACHE_MS ?? 5000,
    logLevel: values.LOG_LEVEL ?? 'info',
    dataKey: values.JIUYE_DATA_KEY,
    user: values.JIUYE_USER,
    importMaxFileBytes: bytes(values.JIUYE_IMPORT_MAX_MB),
    importMaxUncompressedBytes: bytes(values.JIUYE_IMPORT_MAX_UNCOMPRESSED_MB),
    importMaxCompressionRatio: values.JIUYE_IMPORT_MAX_RATIO,
    importLanes: values.JIUYE_IMPORT_LANES,
    importDirectory: path.resolve(values.JIUYE_IMPORT_DIR ?? path.join(path.dirname(sqlitePath), 'imports')),
    importDirectoryCapBytes: Math.floor((values.JIUYE_IMPORT_DIR_MAX_MB ?? 2048) * MB),
    importRetentionDays: values.JIUYE_IMPORT_RETENTION_DAYS ?? 7,
    importMaxSharedStringBytes: (values.JIUYE_IMPORT_MAX_SHARED_STRINGS_MB ?? 256) * MB,
    importChunkSize: values.JIUYE_IMPORT_CHUNK_SIZE,
  };
}
