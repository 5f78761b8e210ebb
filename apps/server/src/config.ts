import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
}

/** The checkout's root (apps/server/src/ → ../../..): defaults are anchored here, not at the current directory. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Reads the configuration from the environment; every variable is documented in the README. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // A relative JIUYE_DB or JIUYE_DATA_KEY_FILE is the operator's and means the current directory; the defaults
  // are the repository's data/ folder wherever jiuye is started from.
  const sqlitePath = path.resolve(env.JIUYE_DB || path.join(REPOSITORY_ROOT, 'data', 'jiuye.db'));
  const databaseUrl = env.DATABASE_URL || undefined;
  const dataDir = databaseUrl ? path.join(REPOSITORY_ROOT, 'data') : path.dirname(sqlitePath);
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    sqlitePath,
    databaseUrl,
    dataDir,
    dataKeyFile: path.resolve(env.JIUYE_DATA_KEY_FILE || path.join(dataDir, 'keys', 'data.key')),
    adminPassword: env.JIUYE_ADMIN_PASSWORD || undefined,
    secureCookies: env.JIUYE_SECURE_COOKIES === '1' || env.JIUYE_SECURE_COOKIES === 'true',
    trustProxy: env.JIUYE_TRUST_PROXY === '1' || env.JIUYE_TRUST_PROXY === 'true',
    allowedOrigins: (env.JIUYE_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    loginRateLimit: Number(env.JIUYE_LOGIN_RATE_LIMIT ?? 20),
    sessionCacheMs: Number(env.JIUYE_SESSION_CACHE_MS ?? 5000),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
