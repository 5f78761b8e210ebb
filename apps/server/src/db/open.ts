import type { Config } from '../config.ts';
import type { Db } from './database.ts';
import { createDb } from './create-db.ts';

export function openDatabase(config: Config): Db {
  return config.databaseUrl
    ? createDb({ dialect: 'postgres', url: config.databaseUrl })
    : createDb({ dialect: 'sqlite', path: config.sqlitePath });
}

export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `SQLite ${config.sqlitePath}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
