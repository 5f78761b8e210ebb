/**
 * The whole application (every plugin: security headers, cookies, session, permission check, Zod serialisation)
 * on a fresh SQLite file, with a signed-in city user; reports its port, session cookie and answers to the parent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { createDb } from '../../apps/server/src/db/create-db.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import { generateKeyText, parseKeyRing } from '../../apps/server/src/lib/field-crypto.ts';
import { importRegions } from '../../apps/server/src/modules/regions/region.import.ts';
import { insertTestUser } from '../../apps/server/test/fixtures/test-user.ts';
import pino from 'pino';
import { answerCpuQueries } from '../lib.ts';

export interface RecordedAnswer {
  headers: Record<string, string>;
  body: string;
}

export interface AppServerReady {
  port: number;
  cookie: string;
  /** Answer of each benchmarked path (headers and body), for the bare server to send the same bytes. */
  answers: Record<string, RecordedAnswer>;
}

const USERNAME = 'bench_city';
const PASSWORD = 'Bench-City-2026';
const XINZHOU = '140900000000';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-bench-http-'));
const db = createDb({ dialect: 'sqlite', path: path.join(directory, 'jiuye.db') });
await migrateToLatest(db);
await importRegions(db, { prefixes: ['1409'] });

await insertTestUser(db, {
  username: USERNAME,
  password: PASSWORD,
  roles: ['city_staff'],
  viewScope: [XINZHOU],
});

const app = await buildApp({
  db,
  config: { ...loadConfig({}), loginRateLimit: 1000 },
  keyRing: parseKeyRing(generateKeyText()),
  // The production logger (server.ts: pino at LOG_LEVEL, default info), writing to /dev/null.
  logger: { level: 'info', stream: pino.destination({ dest: '/dev/null', sync: true }) },
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

const login = await app.inject({
  method: 'POST',
  url: '/api/auth/login',
  payload: { username: USERNAME, password: PASSWORD },
});
const session = login.cookies.find((c) => c.name === 'jiuye_sid');
if (login.statusCode !== 200 || !session) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
const cookie = `jiuye_sid=${session.value}`;

const answers: Record<string, RecordedAnswer> = {};
// Written by node:http itself on both servers, or per connection.
const transportHeaders = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);
for (const url of (process.argv[2] ?? '').split(',').filter(Boolean)) {
  const answer = await app.inject({ method: 'GET', url, headers: { cookie } });
  if (answer.statusCode !== 200) throw new Error(`${url} answered ${answer.statusCode}: ${answer.body}`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (!transportHeaders.has(name) && value !== undefined) headers[name] = String(value);
  }
  answers[url] = { headers, body: answer.body };
}

const close = async () => {
  await app.close();
  await db.destroy();
  fs.rmSync(directory, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void close());
process.on('disconnect', () => void close());
answerCpuQueries();
process.send?.({ port, cookie, answers } satisfies AppServerReady);
