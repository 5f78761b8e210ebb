import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDb } from '../src/db/create-db.ts';
import type { Db } from '../src/db/database.ts';
import {
  decryptField,
  generateKeyText,
  keyIdOf,
  parseKeyRing,
  type KeyRing,
} from '../src/lib/field-crypto.ts';
import { DataKeyError, describeKeys, openKeyRing } from '../src/modules/keys/data-key.service.ts';
import { rotateKeys } from '../src/modules/keys/key-rotation.ts';
import { countValuesByKey } from '../src/modules/keys/encrypted-columns.ts';
import {
  createMigratedTestDb,
  createTestDb,
  insertTestUser,
  login,
  testDialects,
  type TestDb,
} from './helper.ts';
import {
  csvOf,
  idNumber,
  importFile,
  LEDGER_HEADER,
  ledgerRow,
  villagesOf,
  type Village,
} from './fixtures/registry-import-kit.ts';

const bin = fileURLToPath(new URL('../bin/jiuye.mjs', import.meta.url));
const PASSWORD = 'County-Pass-2026';

/** The environment of a child `jiuye` without any database or key setting of the test run's own. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const {
    DATABASE_URL: _url,
    JIUYE_DB: _db,
    JIUYE_DATA_KEY: _key,
    JIUYE_DATA_KEY_FILE: _file,
    ...rest
  } = process.env;
  return { ...rest, ...extra };
}

function jiuye(args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv }) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: cleanEnv(options.env),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function countOf(db: Db, table: 'laborer' | 'appUser' | 'dataKey'): Promise<number> {
  return Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

async function sqliteFileOf(db: Db): Promise<string> {
  const { rows } = await sql<{
    file: string;
  }>`select file from pragma_database_list where name = 'main'`.execute(db);
  return rows[0]!.file;
}

async function postgresUrlOf(db: Db): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${rows[0]!.name}`;
  return url.toString();
}

/** Imports `rows` through the HTTP import of an app built on `ring`, as the county user. */
async function importWith(db: Db, ring: KeyRing, rows: string[][], rejected = 0) {
  const app = await buildApp({ db, config: { ...loadConfig({}), loginRateLimit: 1000 }, keyRing: ring });
  try {
    const agent = await login(app, 'xinfu', PASSWORD);
    const { job } = await importFile(agent, {
      name: 'ledger.csv',
      content: Buffer.from(csvOf([LEDGER_HEADER, ...rows])),
    });
    expect(job).toMatchObject({ status: 'finished', rejectedCount: rejected });
    return job;
  } finally {
    await app.close();
  }
}

describe('the key belongs to the data: started from another directory (sqlite)', () => {
  let testDb: TestDb;
  let dbFile: string;
  let dataDir: string;
  let elsewhere: string;
  let home: Village[];
  const imports = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-key-imports-'));

  beforeAll(async () => {
    testDb = await createMigratedTestDb('sqlite');
    await insertTestUser(testDb.db, {
      username: 'xinfu',
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: ['140902000000'],
    });
    home = await villagesOf(testDb.db, '140902', 2);
    dbFile = await sqliteFileOf(testDb.db);
    dataDir = path.dirname(dbFile);
    elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-elsewhere-'));
  });
  afterAll(async () => {
    fs.rmSync(elsewhere, { recursive: true, force: true });
    fs.rmSync(imports, { recursive: true, force: true });
    await testDb?.destroy();
  });

  const rows = () => Array.from({ length: 5 }, (_, index) => ledgerRow(home[index % 2]!, 300 + index));

  it(
    'makes the key beside an empty database, finds it from elsewhere, registers nobody twice',
    {
      timeout: 180_000,
    },
    async () => {
      const file = path.join(imports, 'ledger.csv');
      fs.writeFileSync(file, csvOf([LEDGER_HEADER, ...rows()]));
      const env = { JIUYE_IMPORT_DIR: imports };
      // From the database's folder, with a relative JIUYE_DB: the empty database gets its key beside it.
      const first = jiuye(['import', 'laborers', file, '--user', 'xinfu'], {
        cwd: dataDir,
        env: { ...env, JIUYE_DB: path.basename(dbFile) },
      });
      expect(first.status, first.stderr).toBe(0);
      expect(first.stderr).toContain('已为空数据库生成数据密钥');
      const keyFile = path.join(dataDir, 'keys', 'data.key');
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(fs.existsSync(path.join(dataDir, 'data'))).toBe(false);
      expect(await countOf(testDb.db, 'dataKey')).toBe(1);

      // From another directory, another relative path: the same key, so the same ID numbers are skipped.
      const again = jiuye(['import', 'laborers', file, '--user', 'xinfu'], {
        cwd: elsewhere,
        env: { ...env, JIUYE_DB: path.relative(elsewhere, dbFile) },
      });
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout.trim()).toBe('新增 0，更新 0，跳过 5，拒绝 0');
      expect(await countOf(testDb.db, 'laborer')).toBe(5);
      expect(fs.readdirSync(elsewhere)).toEqual([]);
    },
  );

  it(
    'serves from another directory with the key beside the database: reveal works',
    {
      timeout: 120_000,
    },
    async () => {
      const port = 39_000 + (process.pid % 1000);
      const server = spawn(process.execPath, [bin, 'serve'], {
        cwd: elsewhere,
        env: cleanEnv({
          JIUYE_DB: path.relative(elsewhere, dbFile),
          PORT: String(port),
          HOST: '127.0.0.1',
          JIUYE_IMPORT_DIR: imports,
          LOG_LEVEL: 'warn',
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      server.stdout.on('data', (chunk) => (output += chunk));
      server.stderr.on('data', (chunk) => (output += chunk));
      try {
        for (let attempt = 0; !output.includes('jiuye is running'); attempt++) {
          if (attempt > 600 || server.exitCode !== null) throw new Error(`server did not start:\n${output}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const base = `http://127.0.0.1:${port}`;
        const signIn = await fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'xinfu', password: PASSWORD }),
        });
        expect(signIn.status).toBe(200);
        const cookie = signIn.headers
          .getSetCookie()
          .find((c) => c.startsWith('jiuye_sid='))!
          .split(';')[0]!;
        const { csrfToken } = (await signIn.json()) as { csrfToken: string };
        const laborer = await testDb.db
          .selectFrom('laborer')
          .select('id')
          .orderBy('id')
          .executeTakeFirstOrThrow();
        const reveal = await fetch(`${base}/api/laborers/${laborer.id}/reveal`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
          body: JSON.stringify({ field: 'idNumber', purpose: '核对身份' }),
        });
        expect(reveal.status, await reveal.clone().text()).toBe(200);
        expect(((await reveal.json()) as { value: string }).value).toBe(
          idNumber(300, { county: home[0]!.code.slice(0, 6) }),
        );
      } finally {
        server.kill('SIGTERM');
        await new Promise((resolve) => server.once('exit', resolve));
      }
      expect(fs.readdirSync(elsewhere)).toEqual([]);
    },
  );

  it(
    'stops serve and the CLI when the key file is gone, and writes no new key',
    {
      timeout: 180_000,
    },
    async () => {
      const keyFile = path.join(dataDir, 'keys', 'data.key');
      const kept = path.join(imports, 'data.key.kept');
      fs.renameSync(keyFile, kept);
      const users = await countOf(testDb.db, 'appUser');
      try {
        const env = {
          JIUYE_DB: dbFile,
          JIUYE_IMPORT_DIR: imports,
          PORT: String(39_500 + (process.pid % 400)),
        };
        const file = path.join(imports, 'ledger.csv');
        const cli = jiuye(['import', 'laborers', file, '--user', 'xinfu'], { cwd: elsewhere, env });
        expect(cli.status).toBe(1);
        expect(cli.stderr).toContain('找不到数据密钥，而数据库中已有加密数据');
        expect(cli.stderr).toContain('JIUYE_DATA_KEY_FILE');
        expect(cli.stderr).toContain(keyFile);
        const serve = jiuye(['serve'], { cwd: elsewhere, env });
        expect(serve.status).toBe(1);
        expect(serve.stderr).toContain('找不到数据密钥');
        expect(serve.stdout).not.toContain('jiuye is running');
        expect(fs.existsSync(keyFile)).toBe(false);
        expect(fs.readdirSync(elsewhere)).toEqual([]);
        // Nothing changed: no labourer, no built-in administrator created by the refused start.
        expect(await countOf(testDb.db, 'laborer')).toBe(5);
        expect(await countOf(testDb.db, 'appUser')).toBe(users);

        // A wrong key, in the environment or in a file: the same stop.
        const wrong = jiuye(['export', 'laborers', path.join(imports, 'out.xlsx'), '--user', 'xinfu'], {
          env: { ...env, JIUYE_DATA_KEY: generateKeyText() },
        });
        expect(wrong.status).toBe(1);
        expect(wrong.stderr).toContain('数据密钥与数据库不符');
        expect(wrong.stderr).toContain('密钥 k1 不是该数据库数据所用的密钥 k1');
        const wrongFile = path.join(imports, 'wrong.key');
        fs.writeFileSync(wrongFile, generateKeyText());
        const wrongServe = jiuye(['serve'], { env: { ...env, JIUYE_DATA_KEY_FILE: wrongFile } });
        expect(wrongServe.status).toBe(1);
        expect(wrongServe.stderr).toContain('数据密钥与数据库不符');
        expect(fs.existsSync(path.join(imports, 'out.xlsx'))).toBe(false);
      } finally {
        fs.renameSync(kept, keyFile);
      }
      const status = jiuye(['keys', 'status'], { env: { JIUYE_DB: dbFile } });
      expect(status.status, status.stderr).toBe(0);
      expect(status.stdout).toMatch(/k1\s+yes\s+10\s+当前 current, 盲索引 blind index/u);
    },
  );

  it('creates the database file and its WAL with mode 600 in a new folder of mode 700', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-modes-'));
    const file = path.join(root, 'data', 'jiuye.db');
    const db = createDb({ dialect: 'sqlite', path: file });
    try {
      await sql`create table t (x integer)`.execute(db);
      await sql`insert into t values (1)`.execute(db);
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
      for (const part of [file, `${file}-wal`, `${file}-shm`])
        expect(fs.statSync(part).mode & 0o777).toBe(0o600);
    } finally {
      await db.destroy();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe.each(testDialects())('the data key check (%s)', (dialect) => {
  let testDb: TestDb;
  let home: Village[];
  const keys = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-keys-'));
  const keyFile = path.join(keys, 'keys', 'data.key');
  const place = () => ({ dataKeyFile: keyFile, database: `${dialect} test database` });
  const refusal = async (ring: string | undefined) => {
    try {
      await openKeyRing(testDb.db, place(), { dataKey: ring });
    } catch (error) {
      if (error instanceof DataKeyError) return error;
      throw error;
    }
    throw new Error('the key ring was accepted');
  };
  const keyIds = async () =>
    (await testDb.db.selectFrom('laborer').select(['idNumberCipher', 'phoneCipher']).execute()).flatMap(
      (row) => [row.idNumberCipher, row.phoneCipher].map((value) => keyIdOf(value!)),
    );

  beforeAll(async () => {
    testDb = await createMigratedTestDb(dialect);
    await insertTestUser(testDb.db, {
      username: 'xinfu',
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: ['140902000000'],
    });
    home = await villagesOf(testDb.db, '140902', 2);
  });
  afterAll(async () => {
    fs.rmSync(keys, { recursive: true, force: true });
    await testDb?.destroy();
  });

  let k1: string;

  it('generates a key for an empty database only, and records its fingerprint', async () => {
    const ring = await openKeyRing(testDb.db, place());
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    k1 = fs.readFileSync(keyFile, 'utf8').trim();
    const recorded = await testDb.db.selectFrom('dataKey').selectAll().execute();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ keyId: 'k1' });
    expect(recorded[0]!.fingerprint).not.toContain(ring.keys.get('k1')!.toString('base64'));
    expect(decryptField(ring, recorded[0]!.checkValue)).toBe('jiuye data key check v1');
    // Six labourers and a refused row, whose cells are kept encrypted (import_job_row.cells).
    await importWith(
      testDb.db,
      ring,
      [
        ...Array.from({ length: 6 }, (_, index) => ledgerRow(home[index % 2]!, 400 + index)),
        ledgerRow(home[0]!, 499, { 证件号码: '14090219850101' }),
      ],
      1,
    );
    // The same key again: accepted, nothing recorded twice.
    await openKeyRing(testDb.db, place());
    expect(await countOf(testDb.db, 'dataKey')).toBe(1);
  });

  it('stops on a missing key where data exists and writes no key file', async () => {
    fs.rmSync(keyFile);
    const error = await refusal(undefined);
    expect(error.code).toBe('DATA_KEY_MISSING');
    expect(error.message).toContain('JIUYE_DATA_KEY_FILE');
    expect(fs.existsSync(keyFile)).toBe(false);
    fs.writeFileSync(keyFile, `${k1}\n`, { mode: 0o600 });
  });

  it('stops on a wrong key, a wrong index key and a ring that lacks a key in use', async () => {
    expect((await refusal(generateKeyText('k1'))).code).toBe('DATA_KEY_MISMATCH');
    // k1 is the blind-index key: it must stay last.
    const indexLast = await refusal(`${k1},${generateKeyText('k0')}`);
    expect(indexLast.message).toContain('盲索引密钥 k1');
    expect(await countOf(testDb.db, 'dataKey')).toBe(1);
  });

  it('checks a database made before keys were recorded against samples of its data', async () => {
    await testDb.db.deleteFrom('dataKey').execute();
    expect((await refusal(generateKeyText('k1'))).message).toContain('无法解密');
    expect((await refusal(generateKeyText('k9'))).message).toContain('缺少密钥 k1');
    // Right ciphers, wrong blind-index key.
    const other = generateKeyText('k0');
    expect((await refusal(`${k1},${other}`)).message).toContain('不是该数据库的盲索引密钥');
    expect(await countOf(testDb.db, 'dataKey')).toBe(0);
    await openKeyRing(testDb.db, place(), { dataKey: k1 });
    expect(await testDb.db.selectFrom('dataKey').select(['keyId', 'isIndexKey']).execute()).toEqual([
      { keyId: 'k1', isIndexKey: dialect === 'postgres' ? true : 1 },
    ]);
  });

  it(
    'rotates: k2 encrypts, k1 still reads, `keys rotate` moves everything to k2 and resumes',
    {
      timeout: 120_000,
    },
    async () => {
      const k2 = generateKeyText('k2');
      const ring2 = await openKeyRing(testDb.db, place(), { dataKey: `${k2},${k1}` });
      await importWith(
        testDb.db,
        ring2,
        Array.from({ length: 4 }, (_, index) => ledgerRow(home[index % 2]!, 500 + index)),
      );
      expect((await keyIds()).filter((id) => id === 'k2')).toHaveLength(8);
      expect((await keyIds()).filter((id) => id === 'k1')).toHaveLength(12);
      const first = await testDb.db
        .selectFrom('laborer')
        .select('idNumberCipher')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      expect(decryptField(ring2, first.idNumberCipher)).toBe(idNumber(400, { county: '140902' }));

      // Without k2, now that data is under it: stop.
      expect((await refusal(k1)).message).toContain('缺少密钥 k2');
      // Without k1 (the index key and the key of the older rows): stop.
      expect((await refusal(k2)).code).toBe('DATA_KEY_MISMATCH');

      // A run killed after its first chunk of two rows keeps what it committed; the next run finishes.
      let chunks = 0;
      await expect(
        rotateKeys(testDb.db, ring2, {
          chunkSize: 2,
          onProgress: () => {
            if (chunks++ === 1) throw new Error('killed');
          },
        }),
      ).rejects.toThrow('killed');
      expect((await keyIds()).filter((id) => id === 'k1')).toHaveLength(8);
      const result = await rotateKeys(testDb.db, ring2, { chunkSize: 2 });
      expect(result).toEqual({ reencrypted: 9, remaining: 0, droppable: [] });
      expect(
        new Set((await countValuesByKey(testDb.db)).map((entry) => `${entry.table}:${entry.keyId}`)),
      ).toEqual(new Set(['laborer:k2', 'import_job_row:k2']));
      expect(new Set(await keyIds())).toEqual(new Set(['k2']));
      const moved = await testDb.db
        .selectFrom('laborer')
        .select('idNumberCipher')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      expect(decryptField(parseKeyRing(k2), moved.idNumberCipher)).toBe(idNumber(400, { county: '140902' }));
      expect(await describeKeys(testDb.db)).toEqual([
        { keyId: 'k1', isRecorded: true, isIndexKey: true, values: 0 },
        { keyId: 'k2', isRecorded: true, isIndexKey: false, values: 21 },
      ]);

      // A third key: after the CLI's rotation k2 may be dropped, k1 (the index key) may not.
      const k3 = generateKeyText('k3');
      const env =
        dialect === 'sqlite'
          ? { JIUYE_DB: await sqliteFileOf(testDb.db) }
          : { DATABASE_URL: await postgresUrlOf(testDb.db) };
      const rotate = jiuye(['keys', 'rotate', '--chunk-size', '3'], {
        env: { ...env, JIUYE_DATA_KEY: `${k3},${k2},${k1}` },
      });
      expect(rotate.status, rotate.stderr).toBe(0);
      expect(rotate.stderr).toContain('已重新加密 21 / 21 个值');
      expect(rotate.stdout).toContain('可从密钥环中去掉 (may be dropped from the ring): k2');
      expect(new Set(await keyIds())).toEqual(new Set(['k3']));
      const ring31 = await openKeyRing(testDb.db, place(), { dataKey: `${k3},${k1}` });
      const row = await testDb.db
        .selectFrom('laborer')
        .select('phoneCipher')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      expect(decryptField(ring31, row.phoneCipher!)).toMatch(/^139\d{8}$/u);
      const refused = await testDb.db
        .selectFrom('importJobRow')
        .select('cells')
        .where('outcome', '=', 'reject')
        .executeTakeFirstOrThrow();
      expect(keyIdOf(refused.cells!)).toBe('k3');
      expect(decryptField(ring31, refused.cells!)).toContain('14090219850101');
    },
  );

  it(
    'stops a CLI command on a missing key file where data exists (no key file written)',
    {
      timeout: 60_000,
    },
    async () => {
      const env =
        dialect === 'sqlite'
          ? { JIUYE_DB: await sqliteFileOf(testDb.db) }
          : { DATABASE_URL: await postgresUrlOf(testDb.db) };
      const missing = path.join(keys, 'nowhere', 'data.key');
      const result = jiuye(['keys', 'status'], { env: { ...env, JIUYE_DATA_KEY_FILE: missing } });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('找不到数据密钥');
      expect(fs.existsSync(path.dirname(missing))).toBe(false);
    },
  );

  it('refuses an unmigrated database with a clear message', async () => {
    const bare = await createTestDb(dialect);
    try {
      await expect(openKeyRing(bare.db, place(), { dataKey: k1 })).rejects.toThrow(
        /数据库尚未迁移.*jiuye db migrate/su,
      );
    } finally {
      await bare.destroy();
    }
  });
});
