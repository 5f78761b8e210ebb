import { loadConfig } from '../src/config.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, SEED_RULESET } from '@jiuye/domain/policy/index.ts';
import type { CliIo } from '../src/cli-command.ts';
import { runPolicyEvaluate } from '../src/modules/policy/policy.cli.ts';
import { idNumberIndexOf } from '../src/modules/registry/laborer.mapping.ts';
import {
  ADMIN_PASSWORD,
  createTestApp,
  insertTestUser,
  login,
  testDialects,
  type Agent,
  type TestContext,
} from './helper.ts';
import { DONGDAJIE, makeIdNumber, PASSWORD, SHANGHUI, XINFU, XINZHOU, YAODU } from './registry-fixtures.ts';

/** The README's worked example: a 脱贫 labourer of 忻府区 who went to work in another province in February. */
export const TRANSPORT_SCENARIO = {
  subject: {
    kind: 'person',
    id: 'P-001',
    facts: { isAlleviated: true, workArea: 'out_of_province', departureDate: '2024-02-20' },
  },
  asOf: '2024-03-01',
  regionCode: DONGDAJIE,
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

describe.each(testDialects())('policy evaluation on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Agent;
  let county: Agent; // county_staff of 忻府区
  let linfen: Agent; // county_staff of 尧都区 (临汾市)
  let village: Agent; // village_staff of 东大街社区
  let dir: string;

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    const users = [
      { username: 'xinfu', roles: ['county_staff'], viewScope: [XINFU] },
      { username: 'yaodu', roles: ['county_staff'], viewScope: [YAODU] },
      { username: 'dongdajie', roles: ['village_staff'], viewScope: [DONGDAJIE] },
      { username: 'xinzhou', roles: ['city_staff'], viewScope: [XINZHOU] },
    ];
    for (const user of users) await insertTestUser(ctx.db, { ...user, password: PASSWORD });
    [admin, county, linfen, village] = await Promise.all([
      login(ctx.app, 'admin', ADMIN_PASSWORD),
      login(ctx.app, 'xinfu', PASSWORD),
      login(ctx.app, 'yaodu', PASSWORD),
      login(ctx.app, 'dongdajie', PASSWORD),
    ]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-policy-'));
  });
  afterAll(async () => {
    await ctx?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('a scenario', () => {
    it('answers every benefit of the subject kind with status, amount in fen, sentence, tree and version', async () => {
      const response = await county.request('POST', '/api/policy/evaluate', TRANSPORT_SCENARIO);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.rulesetVersion).toBe(SEED_RULESET.version);
      const personBenefits = SEED_RULESET.benefits.filter((b) => b.subjectKind === 'person').map((b) => b.id);
      expect(body.results.map((r: { benefitId: string }) => r.benefitId)).toEqual(personBenefits);
      const transport = body.results.find(
        (r: { benefitId: string }) => r.benefitId === 'cross_province_transport',
      );
      // 晋政办发〔2017〕29号（十二）: 按每人不超过800元标准给予一次性交通补助
      expect(transport).toMatchObject({
        status: 'eligible',
        statusLabel: '符合条件',
        amountFen: 80_000,
        amountKind: 'up_to',
        rulesetVersion: SEED_RULESET.version,
      });
      expect(transport.sentence).toContain('800');
      expect(transport.tree.label).toBeTruthy();
      expect(transport.tree.children.length).toBeGreaterThan(0);
      expect(transport.explanation.caseTaken.citation.article).toBeTruthy();
      // In 2024 the amount comes from the 2021 five-department opinion (seeds/003), which has no 文号.
      expect(transport.explanation.parameters[0].citation).toMatchObject({
        article: expect.any(String),
        title: expect.any(String),
      });
      // The answer is the engine's, field for field.
      const direct = evaluate(TRANSPORT_SCENARIO).results.find(
        (r) => r.benefitId === 'cross_province_transport',
      );
      expect(transport.explanation).toEqual(JSON.parse(JSON.stringify(direct!.explanation)));
      const inProvince = body.results.find(
        (r: { benefitId: string }) => r.benefitId === 'in_province_transport',
      );
      expect(inProvince.status).toBe('condition_not_met');
      expect(inProvince.explanation.failedConditions.length).toBeGreaterThan(0);
    });

    it('writes ratios, category mappings and unset values exactly as the engine gives them', async () => {
      const scenarios = [
        {
          subject: {
            kind: 'provider',
            id: 'S-1',
            personId: 'P-1',
            facts: {
              isAlleviated: true,
              hasCertificateAfterTraining: true,
              certificateCategory: 'category_2',
            },
          },
          asOf: '2024-06-01',
          regionCode: DONGDAJIE,
        },
        {
          subject: {
            kind: 'person',
            id: 'P-2',
            facts: {
              isAlleviated: true,
              isLaborExport: true,
              isFlexibleInsured: true,
              contributionBaseFen: 280_000,
              actualContributionFen: 120_000,
              contributionMonths: 12,
            },
          },
          asOf: '2024-03-01',
          regionCode: SHANGHUI,
        },
      ];
      for (const scenario of scenarios) {
        const response = await county.request('POST', '/api/policy/evaluate', scenario);
        expect(response.statusCode, response.body).toBe(200);
        const answered = response.json().results as Array<Record<string, unknown>>;
        const direct = JSON.parse(JSON.stringify(evaluate(scenario).results)) as Array<
          Record<string, unknown>
        >;
        expect(answered.map(({ statusLabel: _l, sentence: _s, tree: _t, ...rest }) => rest)).toEqual(direct);
      }
      const skill = (await county.request('POST', '/api/policy/evaluate', scenarios[0]))
        .json()
        .results.find((r: { benefitId: string }) => r.benefitId === 'skill_evaluation_subsidy');
      expect(skill.status).toBe('eligible');
      const mapping = skill.explanation.parameters.find(
        (p: { unit: string }) => p.unit === 'fen_by_category',
      );
      expect(Object.keys(mapping.value)).toContain('category_2');
      expect(skill.amountFen).toBe(mapping.value.category_2);
    });

    it('counts earlier grants given with the scenario: a second transport claim in the same year is capped', async () => {
      const response = await village.request('POST', '/api/policy/evaluate', {
        ...TRANSPORT_SCENARIO,
        benefitIds: ['cross_province_transport'],
        grants: [
          {
            id: 'G1',
            benefitId: 'cross_province_transport',
            subjectKind: 'person',
            subjectId: 'P-001',
            periodStart: '2024-01-10',
            amountFen: 80_000,
            decidedOn: '2024-01-20',
          },
        ],
      });
      expect(response.statusCode, response.body).toBe(200);
      const [result] = response.json().results;
      expect(result.status).toBe('cap_reached');
      expect(result.amountFen).toBeNull();
      expect(result.explanation.limits[0].ledgerRows[0].id).toBe('G1');
    });

    it('answers 400 naming an ill-typed fact, an unknown fact and a missing field, and changes nothing', async () => {
      const before = await ctx.db.selectFrom('policyGrant').select('id').execute();
      const illTyped = await county.request('POST', '/api/policy/evaluate', {
        ...TRANSPORT_SCENARIO,
        subject: {
          kind: 'person',
          facts: { isAlleviated: true, trainingDays: 'ten', departureDate: '2024-02-30' },
        },
      });
      expect(illTyped.statusCode).toBe(400);
      const fields = illTyped.json().error.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(
        expect.arrayContaining(['subject.facts.trainingDays', 'subject.facts.departureDate']),
      );
      expect(illTyped.json().error.code).toBe('VALIDATION_FAILED');

      const unknown = await county.request('POST', '/api/policy/evaluate', {
        ...TRANSPORT_SCENARIO,
        subject: { kind: 'person', facts: { favouriteColour: 'red' } },
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.details[0]).toMatchObject({
        field: 'subject.facts.favouriteColour',
        code: 'unknown_fact',
      });

      const { asOf: _asOf, ...withoutDate } = TRANSPORT_SCENARIO;
      const missing = await county.request('POST', '/api/policy/evaluate', withoutDate);
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.details).toEqual([
        expect.objectContaining({ field: 'asOf', code: 'missing' }),
      ]);

      const noSubject = await county.request('POST', '/api/policy/evaluate', {
        asOf: '2024-03-01',
        regionCode: DONGDAJIE,
      });
      expect(noSubject.statusCode).toBe(400);
      expect(noSubject.json().error.details[0].field).toBe('subject');

      expect(await ctx.db.selectFrom('policyGrant').select('id').execute()).toEqual(before);
    });

    it('with requireFacts answers 400 naming each fact a benefit still needs', async () => {
      const response = await county.request('POST', '/api/policy/evaluate', {
        ...TRANSPORT_SCENARIO,
        subject: { kind: 'person', facts: { isAlleviated: true, trainingDays: 12 } },
        benefitIds: ['training_living_allowance', 'cross_province_transport'],
        requireFacts: true,
      });
      expect(response.statusCode).toBe(400);
      const details = response.json().error.details as Array<{ field: string; message: string }>;
      expect(details.map((d) => d.field)).toContain('subject.facts.workArea');
      expect(details.every((d) => d.message.includes('缺少'))).toBe(true);

      const without = await county.request('POST', '/api/policy/evaluate', {
        ...TRANSPORT_SCENARIO,
        subject: { kind: 'person', facts: { isAlleviated: true, trainingDays: 12 } },
        benefitIds: ['cross_province_transport'],
      });
      expect(without.statusCode).toBe(200);
      expect(without.json().results[0]).toMatchObject({
        status: 'missing_fact',
        reason: { facts: expect.arrayContaining(['workArea']) },
      });
    });

    it('is refused to the administrators (三员分立) and to anonymous callers', async () => {
      expect((await admin.request('POST', '/api/policy/evaluate', TRANSPORT_SCENARIO)).statusCode).toBe(403);
      expect((await admin.request('GET', '/api/policy/library')).statusCode).toBe(403);
      const anonymous = await ctx.app.inject({
        method: 'POST',
        url: '/api/policy/evaluate',
        payload: TRANSPORT_SCENARIO,
      });
      expect(anonymous.statusCode).toBe(401);
    });

    it('`jiuye policy evaluate FILE` prints the same answer as the API', async () => {
      const file = path.join(dir, 'scenario.json');
      fs.writeFileSync(file, JSON.stringify(TRANSPORT_SCENARIO));
      const io = captureIo();
      expect(await runPolicyEvaluate(ctx.db, [file], io)).toBe(0);
      const printed = JSON.parse(io.out.join('\n'));
      const api = (await county.request('POST', '/api/policy/evaluate', TRANSPORT_SCENARIO)).json();
      expect(printed).toEqual(api);

      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(
        bad,
        JSON.stringify({ ...TRANSPORT_SCENARIO, subject: { kind: 'person', facts: { trainingDays: -3 } } }),
      );
      const badIo = captureIo();
      expect(await runPolicyEvaluate(ctx.db, [bad], badIo)).toBe(1);
      expect(badIo.err.join('\n')).toContain('subject.facts.trainingDays');
      expect(await runPolicyEvaluate(ctx.db, [path.join(dir, 'nope.json')], captureIo())).toBe(2);
    });
  });

  it('documents the policy routes in the OpenAPI document', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/policy/evaluate',
        '/api/policy/library',
        '/api/policy/values',
        '/api/policy/value-files',
        '/api/policy/grants',
      ]),
    );
  });

  describe('the policy library', () => {
    it('lists documents with articles, parameters with validity, jurisdiction and benefits, and facts', async () => {
      const response = await village.request('GET', '/api/policy/library');
      expect(response.statusCode, response.body).toBe(200);
      const library = response.json();
      expect(library.rulesetVersion).toBe(SEED_RULESET.version);
      expect(library.documents).toHaveLength(SEED_RULESET.documents.length);
      const jin = library.documents.find(
        (d: { number: string | null }) => d.number === '晋政办发〔2017〕29号',
      );
      expect(jin.origin).toBe('seed');
      expect(jin.articles.map((a: { article: string }) => a.article)).toContain('（十二）');
      const amount = library.parameters.find(
        (p: { id: string }) => p.id === 'cross_province_transport.amount',
      );
      expect(amount.benefitIds).toEqual(['cross_province_transport']);
      expect(amount.values.length).toBeGreaterThan(0);
      for (const value of amount.values) {
        expect(value.citation.article).toBeTruthy();
        expect(value.validity.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(['national', '14', '1409', '1410']).toContain(value.jurisdiction);
      }
      const benefit = library.benefits.find((b: { id: string }) => b.id === 'cross_province_transport');
      expect(benefit.parameterIds).toContain('cross_province_transport.amount');
      expect(benefit.cases.length).toBeGreaterThan(0);
      expect(library.facts.find((f: { name: string }) => f.name === 'workArea').values).toContain(
        'out_of_province',
      );
    });
  });

  describe('a registry labourer by id', () => {
    let laborerId: number;
    let idNumber: string;

    beforeAll(async () => {
      const household = await county.request('POST', '/api/households', {
        householdNumber: 'H-POLICY-1',
        regionCode: DONGDAJIE,
        householdType: 'alleviated',
      });
      expect(household.statusCode, household.body).toBe(201);
      idNumber = makeIdNumber('1988-05-04');
      const laborer = await county.request('POST', '/api/laborers', {
        regionCode: DONGDAJIE,
        householdId: household.json().id,
        name: '王五',
        idNumber,
        laborCapacity: 'full',
        trainingWillingness: 'willing',
        spells: [
          {
            startMonth: '2026-02',
            employmentForm: 'employee',
            workArea: 'out_of_province',
            workRegionCode: '110105000000',
            employerName: '北京某物业公司',
            channel: 'migrant_work',
          },
        ],
        confirmWarnings: true,
      });
      expect(laborer.statusCode, laborer.body).toBe(201);
      laborerId = laborer.json().id;
    });

    it('builds the facts from the registry row and answers with the labourer', async () => {
      const response = await county.request('POST', '/api/policy/evaluate', {
        laborerId,
        asOf: '2026-03-15',
        benefitIds: ['cross_province_transport', 'free_training'],
      });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.regionCode).toBe(DONGDAJIE);
      expect(body.laborer).toMatchObject({
        id: laborerId,
        name: '王五',
        regionCode: DONGDAJIE,
        ledgerGrantCount: 0,
        registryFacts: {
          isAlleviated: true,
          workArea: 'out_of_province',
          departureDate: '2026-02-01',
          wantsTraining: true,
        },
      });
      expect(body.laborer.idNumberMasked).not.toContain(idNumber.slice(6, 14));
      const expected = evaluate({
        subject: { kind: 'person', id: `laborer-${laborerId}`, facts: body.laborer.registryFacts },
        asOf: '2026-03-15',
        regionCode: DONGDAJIE,
        benefitIds: ['cross_province_transport', 'free_training'],
      });
      expect(
        body.results.map((r: { status: string; amountFen: number | null }) => [r.status, r.amountFen]),
      ).toEqual(expected.results.map((r) => [r.status, r.amountFen]));
      expect(body.results[0].status).toBe('eligible');
      const log = await ctx.db
        .selectFrom('operationLog')
        .select(['action', 'targetId', 'result'])
        .where('action', '=', 'policy.evaluate')
        .where('result', '=', 'success')
        .execute();
      expect(log).toContainEqual({
        action: 'policy.evaluate',
        targetId: String(laborerId),
        result: 'success',
      });
    });

    it('uses the grants the ledger holds about the labourer', async () => {
      await ctx.db
        .insertInto('policyGrant')
        .values({
          subjectKind: 'person',
          subjectId: null,
          personIdIndex: idNumberIndexOf(ctx.keyRing, idNumber),
          benefitId: 'cross_province_transport',
          periodStart: '2026-01-05',
          periodEnd: null,
          amountFen: 80_000,
          months: null,
          decidedOn: '2026-01-20',
          rulesetVersion: null,
          source: 'test ledger',
          origin: 'decision',
          grantKey: `test-${dialect}-1`,
          createdBy: null,
          createdAt: new Date().toISOString(),
        })
        .execute();
      const response = await county.request('POST', '/api/policy/evaluate', {
        laborerId,
        asOf: '2026-03-15',
        benefitIds: ['cross_province_transport'],
      });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.laborer.ledgerGrantCount).toBe(1);
      expect(body.results[0].status).toBe('cap_reached');
      expect(body.results[0].explanation.limits[0].ledgerRows).toHaveLength(1);

      const grants = await county.request('GET', `/api/policy/grants?laborerId=${laborerId}`);
      expect(grants.statusCode, grants.body).toBe(200);
      expect(grants.json().items).toEqual([
        expect.objectContaining({
          benefitId: 'cross_province_transport',
          amountFen: 80_000,
          source: 'test ledger',
        }),
      ]);
      expect(grants.body).not.toContain('personIdIndex');
    });

    it('answers 404 for a labourer outside the caller’s view scope, and for one that does not exist', async () => {
      const outside = await linfen.request('POST', '/api/policy/evaluate', { laborerId, asOf: '2026-03-15' });
      expect(outside.statusCode).toBe(404);
      expect(outside.json().error.code).toBe('NOT_FOUND');
      expect(outside.body).not.toContain('王五');
      expect((await linfen.request('GET', `/api/policy/grants?laborerId=${laborerId}`)).statusCode).toBe(404);
      const none = await county.request('POST', '/api/policy/evaluate', { laborerId: 999_999 });
      expect(none.statusCode).toBe(404);
      const both = await county.request('POST', '/api/policy/evaluate', {
        laborerId,
        regionCode: SHANGHUI,
      });
      expect(both.statusCode).toBe(400);
    });

    it('`jiuye policy evaluate` takes a laborerId as the --user, inside that user’s scope', async () => {
      const file = path.join(dir, 'laborer.json');
      fs.writeFileSync(
        file,
        JSON.stringify({ laborerId, asOf: '2026-03-15', benefitIds: ['cross_province_transport'] }),
      );
      const noUser = captureIo();
      expect(await runPolicyEvaluate(ctx.db, [file], noUser)).toBe(2);
      const inside = captureIo();
      expect(await runPolicyEvaluate(ctx.db, [file, '--user', 'xinfu'], inside)).toBe(0);
      expect(JSON.parse(inside.out.join('\n')).results[0].status).toBe('cap_reached');
      const outside = captureIo();
      expect(await runPolicyEvaluate(ctx.db, [file, '--user', 'yaodu'], outside)).toBe(2);
      expect(outside.out).toEqual([]);
      expect(outside.err.join('\n')).toContain('不存在或不在您的管辖范围内');
    });
  });
});
