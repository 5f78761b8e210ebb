import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** SQLite file, used when `databaseUrl` is not set. */
  sqlitePath: string;
  /** PostgreSQL connection string; when set, PostgreSQL is used instead of SQLite. */
  databaseUrl: string | undefined;
  adminPassword: string | undefined;
  /** Set `Secure` on the session cookie (behind HTTPS). */
  secureCookies: boolean;
  trustProxy: boolean;
  /** Login attempts allowed per IP address per minute. */
  loginRateLimit: number;
  /** How long a resolved session may be reused without a query (0: never). */
  sessionCacheMs: number;
  logLevel: string;
}

/** Reads the configuration from the environment; every variable is documented in the README. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    sqlitePath: path.resolve(env.JIUYE_DB ?? 'data/jiuye.db'),
    databaseUrl: env.DATABASE_URL || undefined,
    adminPassword: env.JIUYE_ADMIN_PASSWORD || undefined,
    secureCookies: env.JIUYE_SECURE_COOKIES === '1' || env.JIUYE_SECURE_COOKIES === 'true',
    trustProxy: env.JIUYE_TRUST_PROXY === '1' || env.JIUYE_TRUST_PROXY === 'true',
    loginRateLimit: Number(env.JIUYE_LOGIN_RATE_LIMIT ?? 20),
    sessionCacheMs: Number(env.JIUYE_SESSION_CACHE_MS ?? 5000),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
