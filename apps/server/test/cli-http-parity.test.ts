import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli-command.ts';
import { loadConfig } from '../src/config.ts';
import { runGrantsImport, runPolicyAddValues } from '../src/modules/policy/policy.cli.ts';
import {
  createTestApp,
  insertTestUser,
  login,
  testDialects,
  type Agent,
  type TestContext,
} from './helper.ts';
import { makeIdNumber, PASSWORD, XINFU, YAODU } from './registry-fixtures.ts';

/**
 * A command and its route are one use case: refused for the same reason, they answer the same error code and
 * leave the same operation-log row, which differs only in how the actor came (channel, request id, address).
 */

const LINFEN_CITY = '141000000000';

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    print: (line) => out.push(line),
    printError: (line) => err.push(line),
    config: loadConfig({}),
  };
}

function multipart(fileName: string, content: string) {
  const boundary = `----jiuye${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: text/csv\r\n\r\n',
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(testDialects())('the CLI and the HTTP route refuse alike on %s', (dialect) => {
  let ctx: TestContext;
  let linfen: Agent; // city staff of 临汾市: sets 临汾's values, not 忻州's
  let xinfu: Agent; // county staff of 忻府区: imports 忻府区's grants, not 尧都区's
  let dir: string;

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    await insertTestUser(ctx.db, {
      username: 'linfen',
      roles: ['city_staff'],
      viewScope: [LINFEN_CITY],
      password: PASSWORD,
    });
    await insertTestUser(ctx.db, {
      username: 'xinfu',
      roles: ['county_staff'],
      viewScope: [XINFU],
      password: PASSWORD,
    });
    [linfen, xinfu] = await Promise.all([
      login(ctx.app, 'linfen', PASSWORD),
      login(ctx.app, 'xinfu', PASSWORD),
    ]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-parity-'));
  });
  afterAll(async () => {
    await ctx?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The operation-log rows written by `act`. */
  async function rowsWrittenBy(act: () => Promise<unknown>) {
    const last = await ctx.db
      .selectFrom('operationLog')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    await act();
    return ctx.db
      .selectFrom('operationLog')
      .select([
        'userId',
        'username',
        'roles',
        'regionCode',
        'action',
        'targetType',
        'targetId',
        'result',
        'detail',
        'channel',
        'requestId',
        'ip',
      ])
      .where('id', '>', Number(last?.id ?? 0))
      .orderBy('id')
      .execute();
  }

  /** One row each; equal but for channel, request id and address, which say the CLI and the API. */
  function expectSameRow(
    cliRows: Awaited<ReturnType<typeof rowsWrittenBy>>,
    httpRows: Awaited<ReturnType<typeof rowsWrittenBy>>,
    expected: { action: string; code: string; username: string },
  ) {
    expect(cliRows).toHaveLength(1);
    expect(httpRows).toHaveLength(1);
    const { channel: cliChannel, requestId: cliRequest, ip: cliIp, ...cli } = cliRows[0]!;
    const { channel: httpChannel, requestId: httpRequest, ip: httpIp, ...http } = httpRows[0]!;
    expect(cli).toEqual(http);
    expect(cli).toMatchObject({ action: expected.action, result: 'failure', username: expected.username });
    expect(cli.userId).toEqual(expect.any(Number));
    expect(JSON.parse(cli.detail ?? '{}').code).toBe(expected.code);
    expect([cliChannel, cliRequest, cliIp]).toEqual(['cli', null, null]);
    expect(httpChannel).toBe('api');
    expect(httpRequest).toEqual(expect.any(String));
    expect(httpIp).toEqual(expect.any(String));
  }

  it('`jiuye policy add-values` and POST /policy/values: values for a city outside the scope', async () => {
    // 忻州 (1409) is not 临汾's to set.
    const file = {
      document: {
        id: 'xinzhou-2024-welfare',
        number: '忻人社发〔2024〕1号',
        title: '忻州市乡村公益性岗位补贴标准（示例）',
        issuer: '忻州市人力资源和社会保障局',
        issuedOn: '2024-01-01',
        jurisdiction: '1409',
      },
      values: [
        {
          parameter: 'welfare_post.monthly_subsidy',
          jurisdiction: '1409',
          from: '2024-01-01',
          to: '2025-12-31',
          value: 50_000,
          citation: { article: '第三条' },
        },
      ],
    };
    const json = path.join(dir, 'xinzhou-values.json');
    fs.writeFileSync(json, JSON.stringify(file));

    const io = captureIo();
    let code = -1;
    const cliRows = await rowsWrittenBy(async () => {
      code = await runPolicyAddValues(ctx.db, [json, '--user', 'linfen'], io);
    });
    let response: Awaited<ReturnType<Agent['request']>> | undefined;
    const httpRows = await rowsWrittenBy(async () => {
      response = await linfen.request('POST', '/api/policy/values', file);
    });

    expect(response!.statusCode).toBe(403);
    const error = response!.json().error;
    expect(error.code).toBe('FORBIDDEN');
    expect(code).toBe(2);
    expect(io.out).toEqual([]);
    expect(io.err[0]).toBe(`拒绝导入: ${error.message} (FORBIDDEN)`);
    for (const detail of error.details as Array<{ message: string }>)
      expect(io.err.join('\n')).toContain(detail.message);
    expectSameRow(cliRows, httpRows, { action: 'policy.values.add', code: 'FORBIDDEN', username: 'linfen' });
    expect(JSON.parse(cliRows[0]!.detail!).details).toEqual(error.details);
    expect(await ctx.db.selectFrom('policyValueFile').select('id').execute()).toEqual([]);
  });

  it('`jiuye grants import` and POST /policy/grants/import: a grant of another county', async () => {
    const content = [
      ['主体类型', '证件号码', '待遇', '所属期起', '金额（元）', '决定日期', '区划代码'],
      ['劳动者', makeIdNumber('1985-07-09'), 'free_training', '2023-03-01', '0', '2023-03-02', YAODU],
    ]
      .map((row) => row.map((cell) => `"${cell}"`).join(','))
      .join('\r\n');
    const csv = path.join(dir, 'yaodu-grants.csv');
    fs.writeFileSync(csv, content);

    const io = captureIo();
    let code = -1;
    const cliRows = await rowsWrittenBy(async () => {
      code = await runGrantsImport(ctx.db, ctx.keyRing, [csv, '--user', 'xinfu'], io);
    });
    let response: Awaited<ReturnType<Agent['request']>> | undefined;
    const httpRows = await rowsWrittenBy(async () => {
      const { body, headers } = multipart('yaodu-grants.csv', content);
      response = await xinfu.request('POST', '/api/policy/grants/import', body, headers);
    });

    expect(response!.statusCode).toBe(422);
    const error = response!.json().error;
    expect(error.code).toBe('FILE_REJECTED');
    expect(error.details).toEqual([
      expect.objectContaining({
        row: 2,
        field: '区划代码',
        message: expect.stringContaining('不在您的录入范围内'),
      }),
    ]);
    expect(code).toBe(1);
    expect(io.out).toEqual([]);
    expect(io.err[0]).toBe(`拒绝导入: ${error.message} (FILE_REJECTED)`);
    expect(io.err.join('\n')).toContain(error.details[0].message);
    expectSameRow(cliRows, httpRows, {
      action: 'policy.grants.import',
      code: 'FILE_REJECTED',
      username: 'xinfu',
    });
    expect(JSON.parse(cliRows[0]!.detail!).details).toEqual(error.details);
    expect(await ctx.db.selectFrom('policyGrant').select('id').execute()).toEqual([]);
  });
});
