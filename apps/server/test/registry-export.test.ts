import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { runExportLaborers } from '../src/modules/registry/registry.cli.ts';
import {
  createTestApp,
  insertTestUser,
  login,
  testDialects,
  type Agent,
  type TestContext,
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

const PASSWORD = 'Staff-Pass-2026';

async function readWorkbook(payload: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Array<Record<string, unknown>> = [];
  for (let number = 2; number <= sheet.rowCount; number += 1) {
    const values = (sheet.getRow(number).values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((name, index) => [name, values[index]])));
  }
  return rows;
}

/** The ids of the labourers registered (户籍地) in the agent's scope, ascending: those a revealing export names. */
async function homeIds(agent: Agent): Promise<number[]> {
  const page = (await agent.request('GET', '/api/laborers?pageSize=100&visibility=home')).json() as {
    items: Array<{ id: number }>;
  };
  return page.items.map((item) => item.id).sort((a, b) => a - b);
}

describe.each(testDialects())('labourer export (%s)', (dialect) => {
  let context: TestContext;
  let city: Agent;
  let county: Agent;
  let village: Agent;
  let xinfu: Village;
  let dingxiang: Village;

  beforeAll(async () => {
    context = await createTestApp(dialect);
    await insertTestUser(context.db, {
      username: 'xinzhou',
      password: PASSWORD,
      roles: ['city_staff'],
      viewScope: ['140900000000'],
    });
    await insertTestUser(context.db, {
      username: 'xinfu',
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: ['140902000000'],
    });
    xinfu = (await villagesOf(context.db, '140902', 1))[0]!;
    dingxiang = (await villagesOf(context.db, '140921', 1))[0]!;
    await insertTestUser(context.db, {
      username: 'cun',
      password: PASSWORD,
      roles: ['village_staff'],
      viewScope: [xinfu!.code],
    });
    city = await login(context.app, 'xinzhou', PASSWORD);
    county = await login(context.app, 'xinfu', PASSWORD);
    village = await login(context.app, 'cun', PASSWORD);
    const rows = [
      ledgerRow(xinfu!, 1, { 姓名: '=1+2', 就业单位名称: '@SUM(A1)' }),
      ledgerRow(xinfu!, 2, { 就业单位名称: '-cmd|calc' }),
      ledgerRow(xinfu!, 3, {
        是否务工: '否',
        就业形式: '',
        务工地域: '',
        务工所在地: '',
        就业单位名称: '',
        开始年月: '',
        '月收入(元)': '',
      }),
      ledgerRow(dingxiang!, 4, { 证件号码: idNumber(4, { county: '140921' }) }),
    ];
    const { job } = await importFile(city, {
      name: 'city.csv',
      content: Buffer.from(csvOf([LEDGER_HEADER, ...rows])),
    });
    expect(job).toMatchObject({ createdCount: 4, rejectedCount: 0 });
  });
  afterAll(async () => context?.close());

  it('exports only the rows in scope, masked and escaped, and logs the export', async () => {
    const response = await county.request('GET', '/api/laborers/export.xlsx');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const rows = await readWorkbook(response.rawPayload);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => String(row['区划代码']).startsWith('140902'))).toBe(true);
    for (const row of rows) expect(row['证件号码']).toMatch(/^1409\*{10}\d{3}[\dX]$/u);
    expect(rows[0]!['姓名']).toBe("'=1+2");
    expect(rows[0]!['就业单位名称']).toBe("'@SUM(A1)");
    expect(rows[1]!['就业单位名称']).toBe("'-cmd|calc");
    expect(rows[0]!['就业状态']).toBe('已就业');
    expect(rows[2]!['就业状态']).toBe('未就业');
    const log = await context.db
      .selectFrom('operationLog')
      .select(['username', 'detail'])
      .where('action', '=', 'registry.export')
      .execute();
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0]!.detail!)).toMatchObject({ rows: 3, reveal: false });
  });

  it('applies the list filters', async () => {
    const employed = await readWorkbook(
      (await city.request('GET', '/api/laborers/export.xlsx?employmentStatus=unemployed')).rawPayload,
    );
    expect(employed).toHaveLength(1);
    const dingxiangOnly = await readWorkbook(
      (await city.request('GET', '/api/laborers/export.xlsx?regionCode=140921000000')).rawPayload,
    );
    expect(dingxiangOnly.map((row) => row['区划代码'])).toEqual([dingxiang.code]);
    expect(
      (await county.request('GET', '/api/laborers/export.xlsx?regionCode=140921000000')).statusCode,
    ).toBe(404);
    // The POST takes the same filters in its body.
    const posted = await city.request('POST', '/api/laborers/export.xlsx', { regionCode: '140921000000' });
    expect(posted.statusCode).toBe(200);
    expect((await readWorkbook(posted.rawPayload)).map((row) => row['区划代码'])).toEqual([dingxiang.code]);
    expect(
      (await county.request('POST', '/api/laborers/export.xlsx', { regionCode: '140921000000' })).statusCode,
    ).toBe(404);
  });

  it('reveals full ID numbers by POST only, with the permission and a purpose in the body', async () => {
    const url = '/api/laborers/export.xlsx';
    const purpose = '发放补贴核对身份';
    expect((await village.request('POST', url, { reveal: true, purpose: '核对身份' })).statusCode).toBe(403);
    const noPurpose = await county.request('POST', url, { reveal: true });
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().error.details).toEqual([expect.objectContaining({ field: 'purpose' })]);
    // The old GET with the purpose in the URL is refused, pointing to the POST: no silent masked fallback.
    const byGet = await county.request(
      'GET',
      `${url}?reveal=idNumber&purpose=${encodeURIComponent(purpose)}`,
    );
    expect(byGet.statusCode).toBe(400);
    expect(byGet.headers['content-type']).toContain('application/json');
    expect(byGet.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'reveal' }] });
    expect(byGet.json().error.message).toContain('POST /api/laborers/export.xlsx');
    const purposeOnly = await county.request('GET', `${url}?purpose=${encodeURIComponent(purpose)}`);
    expect(purposeOnly.statusCode).toBe(400);
    expect(purposeOnly.json().error.details).toEqual([expect.objectContaining({ field: 'purpose' })]);
    // A POST like every other: without the CSRF token it is refused.
    const noToken = await context.app.inject({
      method: 'POST',
      url,
      payload: { reveal: true, purpose },
      headers: { cookie: county.cookie },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF_FAILED');
    expect(await context.db.selectFrom('sensitiveReadLog').select('id').execute()).toEqual([]);

    const response = await county.request('POST', url, { reveal: true, purpose });
    expect(response.statusCode).toBe(200);
    const rows = await readWorkbook(response.rawPayload);
    expect(rows.map((row) => row['证件号码'])).toEqual([idNumber(1), idNumber(2), idNumber(3)]);
    const reads = await context.db
      .selectFrom('sensitiveReadLog')
      .select(['username', 'targetType', 'targetId', 'field', 'purpose'])
      .execute();
    expect(reads).toEqual([
      {
        username: 'xinfu',
        targetType: 'laborer_export',
        targetId: (await homeIds(county)).join(','),
        field: 'idNumber',
        purpose,
      },
    ]);
  });

  it('documents the POST with its body, and the GET as masked only, in the OpenAPI document', async () => {
    const document = (await context.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const route = document.paths['/api/laborers/export.xlsx'];
    const body = route.post.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(['reveal', 'purpose', 'regionCode', 'q']),
    );
    expect(body.properties.reveal.type).toBe('boolean');
    expect(route.get.description).toContain('POST');
  });

  // Last: it adds a labourer the tests above do not count.
  it('selects the same labourers as the list, those working in scope included', async () => {
    const worker = ledgerRow(dingxiang, 5, {
      证件号码: idNumber(5, { county: '140921' }),
      务工地域: '省内县外',
      务工所在地: '140902',
      就业单位名称: '忻府区某物流公司',
    });
    const { job } = await importFile(city, {
      name: 'worker.csv',
      content: Buffer.from(csvOf([LEDGER_HEADER, worker])),
    });
    expect(job).toMatchObject({ createdCount: 1, rejectedCount: 0 });
    const filters = [
      '',
      'employmentStatus=employed',
      'employmentStatus=employed&laborCapacity=full',
      'visibility=home',
      'visibility=work',
      'q=%E5%BC%A0', // 张
      `regionCode=${xinfu.code}`,
    ];
    for (const filter of filters) {
      const list = (await county.request('GET', `/api/laborers?pageSize=100&${filter}`)).json() as {
        items: Array<{ idNumberMasked: string }>;
        total: number;
      };
      const exported = await readWorkbook(
        (await county.request('GET', `/api/laborers/export.xlsx?${filter}`)).rawPayload,
      );
      expect(exported.map((row) => row['证件号码']).sort(), filter).toEqual(
        list.items.map((item) => item.idNumberMasked).sort(),
      );
      expect(exported.length, filter).toBe(list.total);
    }
    const working = await readWorkbook(
      (await county.request('GET', '/api/laborers/export.xlsx?visibility=work')).rawPayload,
    );
    expect(working.map((row) => row['区划代码'])).toEqual([dingxiang.code]);
    // Only the 户籍地 reveals: with the permission and a purpose, the worker from 定襄 stays masked in 忻府区's export,
    // and the sensitive-read row names the labourers revealed, not him.
    const purpose = '核对务工人员身份';
    const revealed = await readWorkbook(
      (await county.request('POST', '/api/laborers/export.xlsx', { reveal: true, purpose })).rawPayload,
    );
    const idOf = (code: string) => revealed.find((row) => row['区划代码'] === code)?.['证件号码'];
    expect(idOf(dingxiang.code)).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/u);
    expect(revealed.filter((row) => row['区划代码'] !== dingxiang.code).length).toBeGreaterThan(0);
    for (const row of revealed.filter((item) => item['区划代码'] !== dingxiang.code))
      expect(row['证件号码']).toMatch(/^\d{17}[\dX]$/u);
    const all = (await county.request('GET', '/api/laborers?pageSize=100')).json() as {
      items: Array<{ id: number; regionCode: string }>;
    };
    const workerId = all.items.find((item) => item.regionCode === dingxiang.code)!.id;
    const home = await homeIds(county);
    expect(home).toHaveLength(3);
    expect(home).not.toContain(workerId);
    const read = await context.db
      .selectFrom('sensitiveReadLog')
      .select(['targetId', 'purpose'])
      .where('purpose', '=', purpose)
      .executeTakeFirstOrThrow();
    expect(read.targetId.split(',').map(Number)).toEqual(home);

    // Those only working here: nothing is revealed, so nothing is in the sensitive-read log.
    const before = await context.db.selectFrom('sensitiveReadLog').select('id').execute();
    const workingRevealed = await readWorkbook(
      (
        await county.request('POST', '/api/laborers/export.xlsx', {
          visibility: 'work',
          reveal: true,
          purpose,
        })
      ).rawPayload,
    );
    expect(workingRevealed.map((row) => row['证件号码'])).toEqual([expect.stringMatching(/^\d{4}\*{10}/u)]);
    expect(await context.db.selectFrom('sensitiveReadLog').select('id').execute()).toEqual(before);
  });

  it('exports from the command line as the route does, with the same operation-log row', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-export-'));
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      print: (line: string) => out.push(line),
      printError: (line: string) => err.push(line),
      config: loadConfig({}),
    };
    const logRows = () =>
      context.db
        .selectFrom('operationLog')
        .select(['userId', 'username', 'roles', 'regionCode', 'action', 'targetType', 'targetId', 'result'])
        .select(['detail', 'channel', 'requestId', 'ip'])
        .where('action', '=', 'registry.export')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
    try {
      const file = path.join(directory, 'out.xlsx');
      const code = await runExportLaborers(
        context.db,
        context.keyRing,
        [file, '--region', '140921000000', '--user', 'xinzhou'],
        io,
      );
      expect({ code, err }).toEqual({ code: 0, err: [] });
      const rows = await readWorkbook(fs.readFileSync(file));
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => String(row['区划代码']).startsWith('140921'))).toBe(true);
      expect(out).toEqual([`已导出 ${rows.length} 人到 ${file}`]);
      const { channel, requestId, ip, detail, ...fromCli } = await logRows();
      expect({ channel, requestId, ip }).toEqual({ channel: 'cli', requestId: null, ip: null });

      const response = await city.request('GET', '/api/laborers/export.xlsx?regionCode=140921000000');
      expect(response.statusCode).toBe(200);
      const http = await logRows();
      expect(http.channel).not.toBe('cli');
      const { channel: _channel, requestId: _requestId, ip: _ip, detail: httpDetail, ...fromHttp } = http;
      expect(fromCli).toEqual(fromHttp);
      expect(JSON.parse(detail!)).toEqual(JSON.parse(httpDetail!));

      // Refused as the route refuses (out of scope is 404), and not run without a user to act as.
      expect(
        await runExportLaborers(
          context.db,
          context.keyRing,
          [file, '--region', '140921000000', '--user', 'xinfu'],
          io,
        ),
      ).toBe(2);
      expect(err.some((line) => line.startsWith('拒绝导出:') && line.endsWith('(NOT_FOUND)'))).toBe(true);
      expect(await runExportLaborers(context.db, context.keyRing, [file], io)).toBe(2);
      expect(err.at(-2)).toContain('--user');
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
