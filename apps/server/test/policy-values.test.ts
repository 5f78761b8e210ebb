import { loadConfig } from '../src/config.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_RULESET } from '@jiuye/domain/policy/index.ts';
import type { CliIo } from '../src/cli-command.ts';
import { runPolicyAddValues } from '../src/modules/policy/policy.cli.ts';
import {
  createTestApp,
  insertTestUser,
  login,
  testDialects,
  type Agent,
  type TestContext,
} from './helper.ts';
import { PASSWORD, SHANGHUI, XINZHOU, XIURONG, YAODU } from './registry-fixtures.ts';

const LINFEN_CITY = '141000000000';

const document = {
  id: 'linfen-2024-welfare',
  number: '临人社发〔2024〕99号',
  title: '临汾市乡村公益性岗位补贴标准（示例）',
  issuer: '临汾市人力资源和社会保障局',
  issuedOn: '2024-01-01',
  jurisdiction: '1410',
};

const welfareValue = {
  parameter: 'welfare_post.monthly_subsidy',
  jurisdiction: '1410',
  from: '2024-01-01',
  to: '2025-12-31',
  value: 50_000,
  citation: { article: '第三条' },
};

/** 临汾 welfare-post subsidy for three months on a post: the amount the city has to set first. */
const welfareScenario = {
  subject: {
    kind: 'person',
    id: 'P',
    facts: { holdsWelfarePost: true, welfarePostContractMonths: 12, welfarePostMonths: 3 },
  },
  asOf: '2024-06-01',
  regionCode: SHANGHUI,
  benefitIds: ['welfare_post_subsidy'],
};

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

describe.each(testDialects())('policy parameter values on %s', (dialect) => {
  let ctx: TestContext;
  let linfenCity: Agent; // city_staff of 临汾市: sets 临汾's values
  let xinzhouCity: Agent; // city_staff of 忻州市
  let county: Agent; // county_staff of 尧都区: reads and evaluates only
  let dir: string;

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    const users = [
      { username: 'linfen', roles: ['city_staff'], viewScope: [LINFEN_CITY] },
      { username: 'xinzhou', roles: ['city_staff'], viewScope: [XINZHOU] },
      { username: 'yaodu', roles: ['county_staff'], viewScope: [YAODU] },
      { username: 'xiurong', roles: ['township_staff'], viewScope: [XIURONG] },
    ];
    for (const user of users) await insertTestUser(ctx.db, { ...user, password: PASSWORD });
    [linfenCity, xinzhouCity, county] = await Promise.all([
      login(ctx.app, 'linfen', PASSWORD),
      login(ctx.app, 'xinzhou', PASSWORD),
      login(ctx.app, 'yaodu', PASSWORD),
    ]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-values-'));
  });
  afterAll(async () => {
    await ctx?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function welfareResult(agent: Agent = county) {
    const response = await agent.request('POST', '/api/policy/evaluate', welfareScenario);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as {
      rulesetVersion: string;
      results: Array<{ status: string; amountFen: number | null; explanation: { parameters: unknown[] } }>;
    };
  }

  async function storedFiles() {
    return ctx.db.selectFrom('policyValueFile').select(['id', 'documentId']).execute();
  }

  it('is refused whole, naming the value, on overlapping validity, a missing citation or an unknown jurisdiction', async () => {
    const before = await welfareResult();
    expect(before.results[0]!.status).toBe('parameter_unset');
    const refusals: Array<[string, unknown[], string]> = [
      [
        'overlapping validity within the file',
        [welfareValue, { ...welfareValue, from: '2024-06-01', to: null, value: 60_000 }],
        'overlapping_validity',
      ],
      [
        'overlapping a seed value without supersede',
        [
          welfareValue,
          { ...welfareValue, parameter: 'cross_province_transport.amount', to: null, value: 90_000 },
        ],
        'overlapping_validity',
      ],
      [
        'a missing citation',
        [welfareValue, { ...welfareValue, from: '2026-01-01', to: null, citation: undefined }],
        'missing_citation',
      ],
      [
        'an unknown jurisdiction',
        [welfareValue, { ...welfareValue, jurisdiction: '1401' }],
        'unknown_jurisdiction',
      ],
    ];
    for (const [what, values, code] of refusals) {
      const response = await linfenCity.request('POST', '/api/policy/values', { document, values });
      expect(response.statusCode, what).toBe(400);
      const error = response.json().error;
      expect(error.code, what).toBe('VALIDATION_FAILED');
      expect(
        error.details.map((d: { code: string }) => d.code),
        what,
      ).toContain(code);
      expect(
        error.details.every((d: { field: string }) => typeof d.field === 'string'),
        what,
      ).toBe(true);
    }
    // Nothing was written, and the good value of each file was not taken either.
    expect(await storedFiles()).toEqual([]);
    const after = await welfareResult();
    expect(after.results[0]!.status).toBe('parameter_unset');
    expect(after.rulesetVersion).toBe(SEED_RULESET.version);
    const failures = await ctx.db
      .selectFrom('operationLog')
      .select('result')
      .where('action', '=', 'policy.values.add')
      .execute();
    expect(failures.length).toBe(refusals.length);
    expect(failures.every((row) => row.result === 'failure')).toBe(true);
  });

  it('is refused to staff without the right, and outside the caller’s jurisdiction', async () => {
    const denied = await county.request('POST', '/api/policy/values', { document, values: [welfareValue] });
    expect(denied.statusCode).toBe(403);
    const elsewhere = await xinzhouCity.request('POST', '/api/policy/values', {
      document,
      values: [welfareValue],
    });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().error.details.map((d: { field: string }) => d.field)).toEqual([
      'document.jurisdiction',
      'values[0].jurisdiction',
    ]);
    expect(await storedFiles()).toEqual([]);
  });

  it('once added, is stored, listed in the library and used by every evaluation', async () => {
    const response = await linfenCity.request('POST', '/api/policy/values', {
      document,
      values: [welfareValue],
    });
    expect(response.statusCode, response.body).toBe(201);
    const added = response.json();
    expect(added).toMatchObject({ documentId: document.id, valueCount: 1 });
    expect(added.rulesetVersion).not.toBe(SEED_RULESET.version);

    const result = await welfareResult();
    expect(result.rulesetVersion).toBe(added.rulesetVersion);
    // 3 months × 500元 set by the city.
    expect(result.results[0]).toMatchObject({ status: 'eligible', amountFen: 150_000 });
    expect(result.results[0]!.explanation.parameters).toContainEqual(
      expect.objectContaining({
        parameterId: 'welfare_post.monthly_subsidy',
        citation: expect.objectContaining({ documentNumber: '临人社发〔2024〕99号', article: '第三条' }),
      }),
    );
    // Before the document's validity the value is still not set.
    const earlier = await county.request('POST', '/api/policy/evaluate', {
      ...welfareScenario,
      asOf: '2023-12-31',
    });
    expect(earlier.json().results[0].status).toBe('parameter_unset');

    const library = (await county.request('GET', '/api/policy/library')).json();
    expect(library.rulesetVersion).toBe(added.rulesetVersion);
    expect(library.documents.find((d: { id: string }) => d.id === document.id)).toMatchObject({
      origin: 'added',
      articles: [expect.objectContaining({ article: '第三条' })],
    });
    const parameter = library.parameters.find((p: { id: string }) => p.id === 'welfare_post.monthly_subsidy');
    expect(parameter.values).toContainEqual(
      expect.objectContaining({
        jurisdiction: '1410',
        value: 50_000,
        validity: { from: '2024-01-01', to: '2025-12-31' },
      }),
    );
    const files = (await county.request('GET', '/api/policy/value-files')).json();
    expect(files.items).toEqual([expect.objectContaining({ id: added.id, documentId: document.id })]);
    expect(files.rulesetVersion).toBe(added.rulesetVersion);

    const log = await ctx.db
      .selectFrom('operationLog')
      .select(['result', 'targetId'])
      .where('action', '=', 'policy.values.add')
      .where('result', '=', 'success')
      .execute();
    expect(log).toEqual([{ result: 'success', targetId: String(added.id) }]);

    // The same document a second time is refused.
    const again = await linfenCity.request('POST', '/api/policy/values', {
      document,
      values: [welfareValue],
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details[0].code).toBe('duplicate_id');
  });

  it('takes one of two files added at the same time that overlap each other, and refuses the other', async () => {
    const file = (id: string, value: number) => ({
      document: { ...document, id, title: `临汾市公益性岗位补贴标准（${id}）` },
      values: [{ ...welfareValue, from: '2026-01-01', to: null, value }],
    });
    const answers = await Promise.all([
      linfenCity.request('POST', '/api/policy/values', file('linfen-2026-a', 55_000)),
      linfenCity.request('POST', '/api/policy/values', file('linfen-2026-b', 60_000)),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 400]);
    const refused = answers.find((a) => a.statusCode === 400)!;
    expect(refused.json().error.details[0].code).toBe('overlapping_validity');
    const stored = (await storedFiles()).map((f) => f.documentId);
    expect(stored.filter((id) => id?.startsWith('linfen-2026-'))).toHaveLength(1);
    const library = (await county.request('GET', '/api/policy/library')).json();
    const values = library.parameters
      .find((p: { id: string }) => p.id === 'welfare_post.monthly_subsidy')
      .values.filter((v: { validity: { from: string } }) => v.validity.from === '2026-01-01');
    expect(values).toHaveLength(1);
    expect([55_000, 60_000]).toContain(values[0].value);
  });

  it('`jiuye policy add-values FILE` adds a value file as the --user, refused whole on error', async () => {
    const good = {
      document: { ...document, id: 'linfen-2027-transport', title: '临汾市跨省交通补助标准调整（示例）' },
      values: [
        {
          parameter: 'cross_province_transport.amount',
          jurisdiction: '1410',
          from: '2027-01-01',
          value: 90_000,
          supersede: true,
          citation: { article: '第二条' },
        },
      ],
    };
    const bad = {
      ...good,
      values: [...good.values, { ...good.values[0], from: '2027-06-01', supersede: false }],
    };
    const goodFile = path.join(dir, 'good.json');
    const badFile = path.join(dir, 'bad.json');
    fs.writeFileSync(goodFile, JSON.stringify(good));
    fs.writeFileSync(badFile, JSON.stringify(bad));

    const before = await storedFiles();
    expect(await runPolicyAddValues(ctx.db, [goodFile], captureIo())).toBe(2); // no --user
    expect(await runPolicyAddValues(ctx.db, [goodFile, '--user', 'xiurong'], captureIo())).toBe(2); // no right
    const refused = captureIo();
    expect(await runPolicyAddValues(ctx.db, [badFile, '--user', 'linfen'], refused)).toBe(1);
    expect(refused.err.join('\n')).toContain('重叠');
    expect(await storedFiles()).toEqual(before);

    const io = captureIo();
    expect(await runPolicyAddValues(ctx.db, [goodFile, '--user', 'linfen'], io)).toBe(0);
    expect(io.out.join('\n')).toContain('已添加参数文件');
    const transport = async (asOf: string) =>
      (
        await county.request('POST', '/api/policy/evaluate', {
          subject: {
            kind: 'person',
            id: 'P',
            facts: {
              isAlleviated: true,
              workArea: 'out_of_province',
              departureDate: `${asOf.slice(0, 4)}-02-01`,
            },
          },
          asOf,
          regionCode: SHANGHUI,
          benefitIds: ['cross_province_transport'],
        })
      ).json().results[0];
    expect((await transport('2027-03-01')).amountFen).toBe(90_000);
    expect((await transport('2026-03-01')).amountFen).toBe(80_000);
  });
});
