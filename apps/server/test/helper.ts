import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { Db, Dialect } from '../src/db/database.ts';
import { createDb } from '../src/db/create-db.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { importRegions } from '../src/modules/regions/region.import.ts';
import { generateKeyText, parseKeyRing, type KeyRing } from '../src/lib/field-crypto.ts';
import { insertTestUser } from './fixtures/test-user.ts';

export { insertTestUser };

/** Dialects this run covers (see global-setup.ts). Use with describe.each. */
export function testDialects(): Dialect[] {
  return inject('dialects');
}

export interface TestDb {
  db: Db;
  dialect: Dialect;
  destroy: () => Promise<void>;
}

/** A fresh, empty database of the dialect: a new SQLite file, or a new PostgreSQL database dropped afterwards. */
export async function createTestDb(dialect: Dialect): Promise<TestDb> {
  const name = `jiuye_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-test-'));
    const db = createDb({ dialect: 'sqlite', path: path.join(dir, `${name}.db`) });
    return {
      db,
      dialect,
      destroy: async () => {
        await db.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = inject('postgresUrl');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb({ dialect: 'postgres', url: url.toString() });
  return {
    db,
    dialect,
    destroy: async () => {
      await db.destroy();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      // Connections of the closed pool may take a moment to go; FORCE only as the last resort.
      for (let attempt = 0; ; attempt++) {
        try {
          await client.query(`DROP DATABASE IF EXISTS ${name}${attempt >= 20 ? ' WITH (FORCE)' : ''}`);
          break;
        } catch (error) {
          if (attempt >= 20 || (error as { code?: string }).code !== '55006') throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      await client.end();
    },
  };
}

/** Regions loaded into test databases: 忻州市 and 临汾市 with their ancestors (a fraction of the province). */
export const TEST_REGION_PREFIXES = ['1409', '1410'];

/** A migrated database holding the test regions. */
export async function createMigratedTestDb(dialect: Dialect): Promise<TestDb> {
  const testDb = await createTestDb(dialect);
  await migrateToLatest(testDb.db);
  await importRegions(testDb.db, { prefixes: TEST_REGION_PREFIXES });
  await (await import('../src/modules/registry/reference-data.ts')).seedRegistryReferenceData(testDb.db);
  return testDb;
}

export const ADMIN_PASSWORD = 'Admin-Pass-2026';

export interface TestContext extends TestDb {
  app: App;
  config: Config;
  keyRing: KeyRing;
  close: () => Promise<void>;
}

let testImportDirectory: string | undefined;

/** The whole application on a fresh database, with an `admin` whose password needs no change. */
export async function createTestApp(dialect: Dialect, overrides: Partial<Config> = {}): Promise<TestContext> {
  const testDb = await createMigratedTestDb(dialect);
  // Tests move stored timestamps to simulate time passing, so the session cache is off unless a test turns it on.
  // Uploaded files wait in a folder of the test run's own, not in the checkout's data/.
  testImportDirectory ??= fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-import-uploads-'));
  const config = {
    ...loadConfig({}),
    loginRateLimit: 1000,
    sessionCacheMs: 0,
    importDirectory: testImportDirectory,
    ...overrides,
  };
  await insertTestUser(testDb.db, {
    username: 'admin',
    password: ADMIN_PASSWORD,
    roles: ['system_admin'],
    viewScope: ['140000000000'],
    captureScope: ['140000000000'],
  });
  const keyRing = parseKeyRing(generateKeyText());
  const app = await buildApp({ db: testDb.db, config, keyRing });
  await app.ready();
  return {
    ...testDb,
    app,
    config,
    keyRing,
    close: async () => {
      await app.close();
      await testDb.destroy();
    },
  };
}

/** A signed-in HTTP client: keeps the session cookie and sends the CSRF token on state-changing requests. */
export interface Agent {
  cookie: string;
  csrfToken: string;
  request: (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<LightMyRequestResponse>;
}

export async function login(app: App, username: string, password: string): Promise<Agent> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  if (response.statusCode !== 200) {
    throw new Error(`login of ${username} failed: ${response.statusCode} ${response.body}`);
  }
  const cookie = sessionCookie(response);
  const agent: Agent = {
    cookie,
    csrfToken: response.json().csrfToken,
    request: (method, url, body, headers = {}) =>
      app.inject({
        method,
        url,
        payload: body as never,
        headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, ...headers },
      }),
  };
  return agent;
}

export function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'jiuye_sid');
  if (!cookie) throw new Error('no session cookie in the answer');
  return `jiuye_sid=${cookie.value}`;
}
