import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAsActor, type CliIo } from '../src/cli-command.ts';
import { AppError } from '../src/lib/errors.ts';
import { actorForCli } from '../src/modules/auth/actor.ts';
import { recordOperation } from '../src/modules/audit/audit.service.ts';
import { createTestApp, insertTestUser, login, testDialects, type TestContext } from './helper.ts';

// Who acts: the actor of a request carries its channel and request id into the audit row; the actor of a command
// is the named active user, with channel cli; a refused change from the command line is logged as the route logs it.

const PASSWORD = 'Actor-Pass-2026';
const XINFU = '140902000000'; // 忻府区
const XIURONG = '140902001000'; // 秀容街道
const YUANPING = '140981000000'; // 原平市

describe.each(testDialects())('the actor on %s', (dialect) => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    await insertTestUser(ctx.db, {
      username: 'xinfu',
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: [XINFU],
      captureScope: [XINFU],
    });
    await insertTestUser(ctx.db, {
      username: 'gone',
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: [XINFU],
    });
    await ctx.db.updateTable('appUser').set({ isActive: false }).where('username', '=', 'gone').execute();
  });
  afterAll(async () => ctx?.close());

  const rowsOf = (action: string) =>
    ctx.db
      .selectFrom('operationLog')
      .select(['username', 'result', 'detail', 'channel', 'requestId', 'ip'])
      .where('action', '=', action)
      .orderBy('id')
      .execute();

  it('writes the channel and the request id of each request into its audit row', async () => {
    const county = await login(ctx.app, 'xinfu', PASSWORD);
    const fromWeb = await county.request(
      'POST',
      '/api/organizations',
      { name: '忻府区就业帮扶服务中心', kind: 'county_service_center', regionCode: XINFU },
      { 'x-jiuye-client': 'web' },
    );
    expect(fromWeb.statusCode, fromWeb.body).toBe(201);
    const fromApi = await county.request('POST', '/api/organizations', {
      name: '秀容街道就业服务站',
      kind: 'township_service_station',
      regionCode: XIURONG,
    });
    expect(fromApi.statusCode, fromApi.body).toBe(201);
    const rows = await rowsOf('organization.create');
    expect(rows.map((row) => [row.username, row.result, row.channel])).toEqual([
      ['xinfu', 'success', 'web'],
      ['xinfu', 'success', 'api'],
    ]);
    expect(rows[0]!.requestId).toBeTruthy();
    expect(rows[1]!.requestId).toBeTruthy();
    expect(rows[0]!.requestId).not.toBe(rows[1]!.requestId);
  });

  it('builds the actor of a command from an active user only', async () => {
    const actor = await actorForCli(ctx.db, 'xinfu');
    expect(actor).toMatchObject({
      username: 'xinfu',
      roles: ['county_staff'],
      viewScope: [XINFU],
      captureScope: [XINFU],
      channel: 'cli',
      requestId: null,
      ip: null,
    });
    expect(actor.permissions.has('registry:write')).toBe(true);
    expect(actor.permissions.has('audit:read')).toBe(false);

    const refusal = (username: string | undefined) =>
      actorForCli(ctx.db, username).then(
        () => undefined,
        (error: unknown) =>
          error instanceof AppError ? [error.code, error.details.map((d) => d.field)] : error,
      );
    expect(await refusal(undefined)).toEqual(['VALIDATION_FAILED', ['user']]);
    expect(await refusal('nobody')).toEqual(['UNAUTHENTICATED', []]);
    expect(await refusal('gone')).toEqual(['UNAUTHENTICATED', []]);
  });

  it('logs a refused command as a failure of the same action, once, and prints the refusal', async () => {
    const printed: string[] = [];
    const io: CliIo = { print: () => {}, printError: (line) => printed.push(line), config: ctx.config };
    const code = await runAsActor(ctx.db, io, { username: 'xinfu', audit: 'test.refused' }, async () => {
      throw new AppError('NOT_FOUND', '区划不存在或不在您的管辖范围内', [
        { field: 'regionCode', message: `区划 ${YUANPING} 不在您的录入范围内` },
      ]);
    });
    expect(code).toBe(2);
    expect(printed[0]).toContain('NOT_FOUND');
    expect(printed[1]).toContain('regionCode');
    const rows = await rowsOf('test.refused');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ username: 'xinfu', result: 'failure', channel: 'cli', requestId: null });
    expect(JSON.parse(rows[0]!.detail!)).toMatchObject({ code: 'NOT_FOUND' });

    // A service that logged its own failure is not logged twice.
    const again = await runAsActor(ctx.db, io, { username: 'xinfu', audit: 'test.logged' }, async (actor) => {
      await recordOperation(ctx.db, actor, { action: 'test.logged' });
      throw new AppError('CONFLICT', '已存在');
    });
    expect(again).toBe(1);
    expect((await rowsOf('test.logged')).map((row) => row.result)).toEqual(['success']);
  });
});
