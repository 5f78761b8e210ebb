/**
 * The labourer list at scale, in a process of its own: the whole application on a SQLite file that holds an
 * imported ledger, a county user signed in (the county with the most labourers), and the list page asked again and
 * again through Fastify's inject (the server's time: routing, session, permission, the two queries, serialisation;
 * no network). Reports the server times in milliseconds.
 */
import { parseArgs } from 'node:util';
import { CompiledQuery, sql } from 'kysely';
import { laborerListQuerySchema } from '@jiuye/contracts';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { createDb } from '../apps/server/src/db/create-db.ts';
import { migrateToLatest } from '../apps/server/src/db/migrate.ts';
import { generateKeyText, parseKeyRing } from '../apps/server/src/lib/field-crypto.ts';
import { insertTestUser } from '../apps/server/test/fixtures/test-user.ts';
import {
  laborerCountQuery,
  laborerPageQuery,
} from '../apps/server/src/modules/registry/laborer.repository.ts';
import { laborerFilterOf, today } from '../apps/server/src/modules/registry/laborer-read.service.ts';
import type { Db } from '../apps/server/src/db/database.ts';

export interface ListFigures {
  county: string;
  countyLaborers: number;
  laborers: number;
  /** The columns of laborer_region_idx: one (region_code) when the file was imported before its migration. */
  regionIndexColumns: string[];
  cases: Array<{
    url: string;
    /** The user's view scope (one county, or the two largest counties for the last case). */
    scope: string[];
    total: number;
    requests: number;
    p50: number;
    p95: number;
    max: number;
  }>;
  /** SQLite's EXPLAIN QUERY PLAN of each case's page and count query, one line a step, indented by depth. */
  plans: Array<{ url: string; page: string[]; count: string[] }>;
}

const { values } = parseArgs({
  options: { sqlite: { type: 'string' }, requests: { type: 'string', default: '200' } },
});
const db = createDb({ dialect: 'sqlite', path: values.sqlite! });
// Pending migrations run here; a file imported when 2026_11_22_030000 was still empty keeps the old region indexes
// (regionIndexColumns shows it: delete the file to import it again).
await migrateToLatest(db);
const regionIndexColumns = (
  await sql<{
    name: string;
  }>`select name from pragma_index_info('laborer_region_idx') order by seqno`.execute(db)
).rows.map((row) => row.name);
const { rows: counties } = await sql<{ county: string; n: number }>`
  select substr(region_code, 1, 6) as county, count(*) as n from laborer group by 1 order by 2 desc limit 2`.execute(
  db,
);
const county = `${counties[0]!.county}000000`;
const laborers = Number(
  (
    await db
      .selectFrom('laborer')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);

const app = await buildApp({
  db,
  config: { ...loadConfig({}), loginRateLimit: 1000 },
  keyRing: parseKeyRing(generateKeyText()),
});
await app.ready();

/** A county user with the given view and capture scope, signed in: its session cookie. */
async function signIn(scope: readonly string[]): Promise<string> {
  const username = `bench_county_${Date.now()}_${scope.length}`;
  const password = 'Bench-County-2026';
  await insertTestUser(db, { username, password, roles: ['county_staff'], viewScope: [...scope] });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const session = login.cookies.find((c) => c.name === 'jiuye_sid');
  if (login.statusCode !== 200 || !session)
    throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  return `jiuye_sid=${session.value}`;
}

// The case of the target first: a county, two filters, the first page in the default order (last updated first).
const TARGET = '/api/laborers?employmentStatus=employed&laborCapacity=full';
const countyScope = [county];
// A user given two counties: one branch per county and side instead of an OR of ranges (lib/scope.ts).
const twoCounties = counties.map((row) => `${row.county}000000`);
const CASES: Array<{ url: string; scope: string[] }> = [
  { url: TARGET, scope: countyScope },
  { url: '/api/laborers?employmentStatus=unemployed&education=70&sort=name&order=asc', scope: countyScope },
  { url: '/api/laborers?laborCapacity=full&trainingWillingness=willing&page=50', scope: countyScope },
  { url: '/api/laborers', scope: countyScope },
  ...(twoCounties.length === 2 ? [{ url: TARGET, scope: twoCounties }] : []),
];
const cookies = new Map<string[], string>();
for (const { scope } of CASES) if (!cookies.has(scope)) cookies.set(scope, await signIn(scope));

const requests = Number(values.requests);
const cases: ListFigures['cases'] = [];
for (const { url, scope } of CASES) {
  const cookie = cookies.get(scope)!;
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < requests + 5; i += 1) {
    const started = performance.now();
    const answer = await app.inject({ method: 'GET', url, headers: { cookie } });
    const elapsed = performance.now() - started;
    if (answer.statusCode !== 200) throw new Error(`${url} answered ${answer.statusCode}: ${answer.body}`);
    if (i >= 5) times.push(elapsed);
    else total = (JSON.parse(answer.body) as { total: number }).total;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) =>
    Number(times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1));
  cases.push({ url, scope, total, requests, p50: at(0.5), p95: at(0.95), max: at(1) });
}
await app.close();

/** The plan SQLite chooses for a compiled query, as the sqlite3 shell draws it (depth by indentation). */
async function planOf(database: Db, query: CompiledQuery): Promise<string[]> {
  const { rows } = await database.executeQuery<{ id: number; parent: number; detail: string }>(
    CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
  );
  const depth = new Map<number, number>([[0, -1]]);
  return rows.map((row) => {
    const level = (depth.get(row.parent) ?? -1) + 1;
    depth.set(row.id, level);
    return `${'  '.repeat(level)}${row.detail}`;
  });
}

const plans: ListFigures['plans'] = [];
for (const { url, scope } of CASES) {
  const query = laborerListQuerySchema.parse(Object.fromEntries(new URL(url, 'http://bench').searchParams));
  const filter = {
    ...laborerFilterOf(query, scope, today()),
    sort: query.sort,
    order: query.order,
    page: query.page,
    pageSize: query.pageSize,
  };
  plans.push({
    url: scope.length > 1 ? `${url} (${scope.map((code) => code.slice(0, 6)).join(' + ')})` : url,
    page: await planOf(db, laborerPageQuery(db, filter).compile()),
    count: await planOf(db, laborerCountQuery(db, filter).compile()),
  });
}
await db.destroy();
const countyLaborers = counties[0]!.n;
const figures: ListFigures = { county, countyLaborers, laborers, regionIndexColumns, cases, plans };
if (process.send) process.send(figures);
else console.log(JSON.stringify(figures, null, 2));
