import { loadConfig } from '../src/config.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  evaluatePopulation,
  fromEpochDay,
  runWhatIf,
  MISSING_CODE,
  MISSING_INT,
  SEED_RULESET,
  STATUS_CODES,
  type FactValue,
} from '@jiuye/domain/policy/index.ts';
import type { PolicyWhatIfJobDto, PolicyWhatIfResultDto } from '@jiuye/contracts';
import type { CliIo } from '../src/cli-command.ts';
import { runPolicyWhatIf } from '../src/modules/policy/policy.cli.ts';
import { evaluatePolicy } from '../src/modules/policy/policy.service.ts';
import { loadPopulation, loadThroughKysely } from '../src/modules/policy/policy-whatif-population.ts';
import { compareOverlay, overlayOfFile } from '../src/modules/policy/policy-whatif.ts';
import { idNumberIndexOf } from '../src/modules/registry/laborer.mapping.ts';
import { actorForCli } from '../src/modules/auth/actor.ts';
import { findAuthUser } from '../src/modules/users/user-access.repository.ts';
import {
  createTestApp,
  insertTestUser,
  login,
  testDialects,
  type Agent,
  type TestContext,
} from './helper.ts';
import {
  CHANGZHENG_EAST,
  DONGDAJIE,
  GUZHONG,
  makeIdNumber,
  PASSWORD,
  SHANGHUI,
  XINFU,
  YAODU,
  YUANPING_VILLAGE,
} from './registry-fixtures.ts';

const AS_OF = '2026-03-15';
const BEIJING = '110105000000';

/** The cross-province transport subsidy raised from 800 to 1000 元 from 2026-01-01 (a parameter-value file). */
const TRANSPORT_1000 = {
  document: {
    id: 'whatif-transport-1000',
    title: '跨省交通补助提至1000元',
    issuer: '测算',
    jurisdiction: '14',
  },
  values: [
    { parameter: 'cross_province_transport.amount', jurisdiction: '*', from: '2026-01-01', value: 100_000 },
  ],
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

async function waitForJob(agent: Agent, jobId: string): Promise<PolicyWhatIfJobDto> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const response = await agent.request('GET', `/api/policy/whatif/${jobId}`);
    expect(response.statusCode, response.body).toBe(200);
    const job = response.json() as PolicyWhatIfJobDto;
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${jobId} still running`);
}

const transportOf = (result: PolicyWhatIfResultDto) =>
  result.benefits.find((b) => b.benefitId === 'cross_province_transport')!;

describe.each(testDialects())('policy what-if on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Agent; // province_staff of 山西省
  let provinceId: number;
  let county: Agent; // county_staff of 忻府区
  let dir: string;
  const laborerIds: number[] = [];

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    await insertTestUser(ctx.db, {
      username: 'xinfu',
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: [XINFU],
    });
    provinceId = await insertTestUser(ctx.db, {
      username: 'shanxi',
      password: PASSWORD,
      roles: ['province_staff'],
      viewScope: ['140000000000'],
    });
    [admin, county] = await Promise.all([
      login(ctx.app, 'shanxi', PASSWORD),
      login(ctx.app, 'xinfu', PASSWORD),
    ]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-whatif-'));

    // A small registry, worked out by hand for 2026-03-15 (跨省务工一次性交通补助: 脱贫人口, 省外, 当年外出):
    //   A 东大街 脱贫户, 省外 since 2026-02                      → eligible
    //   B 古钟   脱贫户, 省外 since 2026-01, paid once in 2026   → cap reached (once a year)
    //   C 长征东 脱贫户, 省外 since 2025-06                      → not this year's departure
    //   D 长征东 监测户, 省外 since 2026-02                      → not 脱贫人口
    //   E 原平   脱贫户, 省外 since 2026-03                      → eligible
    //   F 尧都   脱贫户, 省外 since 2026-02 (临汾市)              → eligible
    //   G 东大街 脱贫户, 省内县外 since 2026-02                  → not out of province
    //   H 东大街 脱贫户, 省外 2025-10 to 2026-01 (no work now)   → fact missing (务工地域)
    //   I 东大街 no household, 省外 since 2026-02                → fact missing (脱贫人口)
    //   J 长征东 脱贫户, 省内县外 since 2025-01, and a later-entered 省外 spell since 2024-06 that also covers the
    //     date: the current spell is the later start (省内县外)    → not out of province
    const people: Array<{
      key: string;
      region: string;
      type: string | null;
      spell: Record<string, unknown> | null;
    }> = [
      { key: 'A', region: DONGDAJIE, type: 'alleviated', spell: { startMonth: '2026-02' } },
      { key: 'B', region: GUZHONG, type: 'alleviated', spell: { startMonth: '2026-01' } },
      { key: 'C', region: CHANGZHENG_EAST, type: 'alleviated', spell: { startMonth: '2025-06' } },
      { key: 'D', region: CHANGZHENG_EAST, type: 'monitored', spell: { startMonth: '2026-02' } },
      { key: 'E', region: YUANPING_VILLAGE, type: 'alleviated', spell: { startMonth: '2026-03' } },
      { key: 'F', region: SHANGHUI, type: 'alleviated', spell: { startMonth: '2026-02' } },
      {
        key: 'G',
        region: DONGDAJIE,
        type: 'alleviated',
        spell: { startMonth: '2026-02', workArea: 'province', workRegionCode: YAODU },
      },
      {
        key: 'H',
        region: DONGDAJIE,
        type: 'alleviated',
        spell: { startMonth: '2025-10', endMonth: '2026-01' },
      },
      { key: 'I', region: DONGDAJIE, type: null, spell: { startMonth: '2026-02' } },
      {
        key: 'J',
        region: CHANGZHENG_EAST,
        type: 'alleviated',
        spell: { startMonth: '2025-01', workArea: 'province', workRegionCode: YAODU },
      },
    ];
    for (const [n, person] of people.entries()) {
      let householdId: number | undefined;
      if (person.type) {
        const household = await admin.request('POST', '/api/households', {
          householdNumber: `H-WHATIF-${n}`,
          regionCode: person.region,
          householdType: person.type,
          ...(person.type === 'monitored' ? { monitoringCategory: 'unstable_alleviated' } : {}),
        });
        expect(household.statusCode, household.body).toBe(201);
        householdId = household.json().id;
      }
      const idNumber = makeIdNumber('1985-07-01', '1', person.region.slice(0, 6));
      const laborer = await admin.request('POST', '/api/laborers', {
        regionCode: person.region,
        ...(householdId ? { householdId } : {}),
        name: `测算${person.key}`,
        idNumber,
        laborCapacity: 'full',
        trainingWillingness: n % 2 === 0 ? 'willing' : 'unwilling',
        spells: person.spell
          ? [
              {
                employmentForm: 'employee',
                workArea: 'out_of_province',
                workRegionCode: BEIJING,
                employerName: '某公司',
                channel: 'migrant_work',
                ...person.spell,
              },
            ]
          : [],
        confirmWarnings: true,
      });
      expect(laborer.statusCode, laborer.body).toBe(201);
      laborerIds.push(laborer.json().id);
      if (person.key === 'J') {
        const now = new Date().toISOString();
        await ctx.db
          .insertInto('employmentSpell')
          .values({
            laborerId: laborer.json().id,
            startMonth: '2024-06',
            endMonth: null,
            employmentForm: 'employee',
            workArea: 'out_of_province',
            workRegionCode: BEIJING,
            employerName: '某公司',
            industry: null,
            channel: 'migrant_work',
            monthlyIncomeFen: null,
            isOrganizedTransport: false,
            hasTransportSubsidy: false,
            hasContract: false,
            hasSocialInsurance: false,
            createdAt: now,
            updatedAt: now,
          })
          .execute();
      }
      if (person.key === 'B') {
        await ctx.db
          .insertInto('policyGrant')
          .values({
            subjectKind: 'person',
            subjectId: null,
            personIdIndex: idNumberIndexOf(ctx.keyRing, idNumber),
            benefitId: 'cross_province_transport',
            periodStart: '2026-01-10',
            periodEnd: null,
            amountFen: 80_000,
            months: null,
            decidedOn: '2026-01-20',
            rulesetVersion: null,
            source: 'test ledger',
            origin: 'decision',
            grantKey: `whatif-${dialect}-B`,
            createdBy: null,
            createdAt: new Date().toISOString(),
          })
          .execute();
      }
    }
  });
  afterAll(async () => {
    await ctx?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads the same facts as a labourer’s evaluation and gives each the interpreter’s status and amount', async () => {
    const user = (await findAuthUser(ctx.db, provinceId))!;
    const actor = await actorForCli(ctx.db, user.username);
    const { population, laborerIds: ids } = await loadPopulation(ctx.db, SEED_RULESET, {
      scope: ['140000000000'],
      asOf: AS_OF,
      level: 6,
      batchSize: 3, // several batches, some empty
    });
    expect([...ids]).toEqual([...laborerIds].sort((a, b) => a - b));
    const columnar = evaluatePopulation(SEED_RULESET, population, { asOf: AS_OF, keepPerPerson: true });
    const personBenefits = new Set(
      SEED_RULESET.benefits.filter((b) => b.subjectKind === 'person').map((b) => b.id),
    );
    let eligible = 0;
    for (const [i, laborerId] of [...ids].entries()) {
      const evaluation = await evaluatePolicy(ctx.db, actor, { laborerId, asOf: AS_OF });
      // Facts: decoded from the columns, exactly the registry facts of the per-labourer path.
      const decoded: Record<string, FactValue> = {};
      for (const [name, column] of Object.entries(population.facts)) {
        const definition = SEED_RULESET.index.facts.get(name)!;
        const raw = column[i]!;
        if (raw === MISSING_INT || (column instanceof Uint8Array && raw === MISSING_CODE)) continue;
        decoded[name] =
          definition.type === 'boolean'
            ? raw === 1
            : definition.type === 'enum'
              ? definition.values![raw]!
              : fromEpochDay(raw);
      }
      expect({ laborerId, facts: decoded }).toEqual({ laborerId, facts: evaluation.laborer!.registryFacts });
      // Outcomes: person by person, every benefit of the person's own.
      for (const totals of columnar.benefits) {
        if (!personBenefits.has(totals.benefitId)) continue;
        const result = evaluation.results.find((r) => r.benefitId === totals.benefitId)!;
        const amount = totals.perPerson!.amountFen[i]!;
        expect({
          laborerId,
          benefit: totals.benefitId,
          status: STATUS_CODES[totals.perPerson!.status[i]!],
          amount: Number.isNaN(amount) ? null : amount,
        }).toEqual({
          laborerId,
          benefit: totals.benefitId,
          status: result.status,
          amount: result.status === 'eligible' ? result.amountFen : null,
        });
        if (result.status === 'eligible') eligible += 1;
      }
    }
    expect(eligible).toBeGreaterThan(0);
    // The server re-evaluates only the benefits the overlay touches: the same comparison as the engine's runWhatIf.
    for (const file of [
      TRANSPORT_1000,
      {
        values: [
          {
            parameter: 'training_subsidy.max_per_person',
            jurisdiction: '1409',
            from: '2026-01-01',
            value: 500_000,
          },
          {
            parameter: 'cross_province_transport.amount',
            jurisdiction: '1410',
            from: '2026-03-01',
            value: 0,
          },
        ],
      },
    ]) {
      const overlay = overlayOfFile(file);
      const engine = runWhatIf(SEED_RULESET, overlay, population, { asOf: AS_OF });
      if (!engine.ok) throw new Error(JSON.stringify(engine.errors));
      const server = compareOverlay(SEED_RULESET, overlay, population, AS_OF);
      expect(server.baseline).toEqual(engine.comparison.baseline);
      expect(server.scenario).toEqual(engine.comparison.scenario);
    }
    const transport = columnar.benefits.find((b) => b.benefitId === 'cross_province_transport')!;
    expect(transport.byRegion.flatMap((r) => Object.entries(r.statusCounts)).sort()).toEqual(
      [
        ['eligible', 1], // 140902: A
        ['cap_reached', 1], // B
        ['condition_not_met', 4], // C, D, G, J
        ['missing_fact', 2], // H, I
        ['eligible', 1], // 140981: E
        ['eligible', 1], // 141002: F
      ].sort(),
    );
  });

  it('compares the 1000元 transport subsidy with the baseline over the whole scope, by county', async () => {
    const started = await admin.request('POST', '/api/policy/whatif', {
      overlay: TRANSPORT_1000,
      asOf: AS_OF,
    });
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitForJob(admin, started.json().jobId);
    expect(job).toMatchObject({ status: 'finished', processed: 10, total: 10, message: null });
    const result = job.result!;
    expect(result).toMatchObject({
      asOf: AS_OF,
      regionCode: '140000000000',
      rulesetVersion: SEED_RULESET.version,
      population: 10,
    });
    expect(result.overlayVersion).not.toBe(result.rulesetVersion);
    expect(result.benefits.map((b) => b.benefitId).sort()).toEqual(
      SEED_RULESET.benefits
        .filter((b) => b.unit === 'person')
        .map((b) => b.id)
        .sort(),
    );
    // A, E, F: 3 × 800 元 → 3 × 1000 元.
    expect(transportOf(result)).toEqual({
      benefitId: 'cross_province_transport',
      label: '跨省务工一次性交通补助',
      baseline: { recipients: 3, totalFen: 240_000, averageFen: 80_000 },
      overlay: { recipients: 3, totalFen: 300_000, averageFen: 100_000 },
      delta: { recipients: 0, totalFen: 60_000 },
      byRegion: [
        {
          regionCode: '140902000000',
          regionName: '忻府区',
          baseline: { recipients: 1, totalFen: 80_000 },
          overlay: { recipients: 1, totalFen: 100_000 },
        },
        {
          regionCode: '140981000000',
          regionName: '原平市',
          baseline: { recipients: 1, totalFen: 80_000 },
          overlay: { recipients: 1, totalFen: 100_000 },
        },
        {
          regionCode: '141002000000',
          regionName: '尧都区',
          baseline: { recipients: 1, totalFen: 80_000 },
          overlay: { recipients: 1, totalFen: 100_000 },
        },
      ],
    });
    // Only the transport subsidy moves.
    for (const benefit of result.benefits) {
      if (benefit.benefitId === 'cross_province_transport') continue;
      expect(benefit.delta, benefit.benefitId).toEqual({ recipients: 0, totalFen: 0 });
    }
    // A job is its creator's only.
    expect((await county.request('GET', `/api/policy/whatif/${started.json().jobId}`)).statusCode).toBe(404);
    expect((await admin.request('GET', '/api/policy/whatif/no-such-job')).statusCode).toBe(404);
  });

  it('a county sees only its county, by township; a region outside its scope is 404', async () => {
    const started = await county.request('POST', '/api/policy/whatif', {
      overlay: TRANSPORT_1000,
      asOf: AS_OF,
    });
    expect(started.statusCode, started.body).toBe(202);
    const result = (await waitForJob(county, started.json().jobId)).result!;
    expect(result.population).toBe(8); // 忻府区: A, B, C, D, G, H, I, J
    expect(transportOf(result).baseline).toEqual({ recipients: 1, totalFen: 80_000, averageFen: 80_000 });
    expect(transportOf(result).overlay).toEqual({ recipients: 1, totalFen: 100_000, averageFen: 100_000 });
    expect(
      transportOf(result).byRegion.map((r) => [r.regionCode, r.regionName, r.overlay.recipients]),
    ).toEqual([
      ['140902001000', '秀容街道', 1],
      ['140902002000', '长征街街道', 0],
    ]);

    const asked = await county.request('POST', '/api/policy/whatif', {
      overlay: TRANSPORT_1000,
      asOf: AS_OF,
      regionCode: '140902002000',
    });
    expect(asked.statusCode, asked.body).toBe(202);
    const township = (await waitForJob(county, asked.json().jobId)).result!;
    expect(township).toMatchObject({ regionCode: '140902002000', population: 3 });
    expect(transportOf(township).overlay.recipients).toBe(0);

    const outside = await county.request('POST', '/api/policy/whatif', {
      overlay: TRANSPORT_1000,
      asOf: AS_OF,
      regionCode: YAODU,
    });
    expect(outside.statusCode).toBe(404);
  });

  it('refuses an invalid overlay naming each problem, and starts nothing', async () => {
    const response = await admin.request('POST', '/api/policy/whatif', {
      overlay: {
        values: [
          { parameter: 'no_such.parameter', jurisdiction: '1409', from: '2026-01-01', value: 1 },
          { parameter: 'cross_province_transport.amount', jurisdiction: '99', from: '2026-01-01', value: 1 },
          {
            parameter: 'cross_province_transport.amount',
            jurisdiction: '1409',
            from: '2026-01-01',
            to: '2025-01-01',
            value: 1,
          },
        ],
      },
      asOf: AS_OF,
    });
    expect(response.statusCode, response.body).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((d: { code: string }) => d.code)).toEqual([
      'unknown_parameter',
      'unknown_jurisdiction',
      'invalid_interval',
    ]);
    expect(body.error.details[0].message).toContain('no_such.parameter');
    const shape = await admin.request('POST', '/api/policy/whatif', {
      overlay: { values: 'x' },
      asOf: '2026-3-1',
    });
    expect(shape.statusCode).toBe(400);
    const logged = await ctx.db
      .selectFrom('operationLog')
      .select(['result'])
      .where('action', '=', 'policy.whatif')
      .execute();
    expect(logged.filter((row) => row.result === 'success')).toHaveLength(3); // the three what-ifs above;
  });

  it('`jiuye policy whatif` prints progress and a Chinese comparison, or JSON; exit 1 on an invalid overlay', async () => {
    const file = path.join(dir, 'overlay.json');
    fs.writeFileSync(file, JSON.stringify(TRANSPORT_1000));
    const io = captureIo();
    const code = await runPolicyWhatIf(ctx.db, [file, '--user', 'xinfu', '--as-of', AS_OF], io);
    expect(code, io.err.join('\n')).toBe(0);
    expect(io.err.some((line) => line.includes('读取劳动力') && line.includes('100%'))).toBe(true);
    const text = io.out.join('\n');
    expect(text).toContain('待遇');
    const row = io.out.find((line) => line.startsWith('跨省务工一次性交通补助'))!;
    expect(row.split(/\s+/u)).toEqual([
      '跨省务工一次性交通补助',
      '1',
      '800元',
      '800元',
      '1',
      '1000元',
      '1000元',
      '0',
      '+200元',
    ]);
    expect(text).toContain('秀容街道');

    const json = captureIo();
    expect(await runPolicyWhatIf(ctx.db, [file, '--user', 'shanxi', '--as-of', AS_OF, '--json'], json)).toBe(
      0,
    );
    const result = JSON.parse(json.out.join('\n')) as PolicyWhatIfResultDto;
    expect(transportOf(result).delta).toEqual({ recipients: 0, totalFen: 60_000 });

    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({
        values: [{ parameter: 'no_such.parameter', jurisdiction: '*', from: '2026-01-01', value: 1 }],
      }),
    );
    const refused = captureIo();
    expect(await runPolicyWhatIf(ctx.db, [bad, '--user', 'xinfu'], refused)).toBe(1);
    expect(refused.err.join('\n')).toContain('no_such.parameter');
    expect(refused.out).toEqual([]);

    const outside = captureIo();
    expect(await runPolicyWhatIf(ctx.db, [file, '--user', 'xinfu', '--region', YAODU], outside)).toBe(2);
    expect(await runPolicyWhatIf(ctx.db, [file], captureIo())).toBe(2);
  });
  it('reads the same population through its own SQLite connection as through Kysely, grants of every shape', async () => {
    const indexOf = async (laborerId: number) =>
      (
        await ctx.db
          .selectFrom('laborer')
          .select('idNumberIndex')
          .where('id', '=', laborerId)
          .executeTakeFirstOrThrow()
      ).idNumberIndex;
    const grant = (
      n: number,
      values: {
        personIdIndex: string;
        benefitId: string;
        subjectKind: string;
        periodStart: string;
        amountFen: number;
        months: number | null;
      },
    ) => ({
      subjectId: null,
      periodEnd: null,
      decidedOn: values.periodStart,
      rulesetVersion: null,
      source: 'test ledger',
      origin: 'import',
      grantKey: `whatif-${dialect}-paths-${n}`,
      createdBy: null,
      createdAt: new Date().toISOString(),
      ...values,
    });
    const [first, second] = [await indexOf(laborerIds[0]!), await indexOf(laborerIds[4]!)];
    await ctx.db
      .insertInto('policyGrant')
      .values([
        // an earlier year, with months
        grant(1, {
          personIdIndex: first,
          benefitId: 'training_subsidy',
          subjectKind: 'provider',
          periodStart: '2025-05-01',
          amountFen: 150_000,
          months: 2,
        }),
        grant(2, {
          personIdIndex: first,
          benefitId: 'training_subsidy',
          subjectKind: 'person',
          periodStart: '2026-02-01',
          amountFen: 90_000,
          months: 1,
        }),
        // a reversal: a negative amount
        grant(3, {
          personIdIndex: second,
          benefitId: 'cross_province_transport',
          subjectKind: 'person',
          periodStart: '2026-03-01',
          amountFen: -80_000,
          months: null,
        }),
        // not counted: a benefit the ruleset does not know, a subject kind it does not know, nobody in the registry
        grant(4, {
          personIdIndex: second,
          benefitId: 'no_such_benefit',
          subjectKind: 'person',
          periodStart: '2026-03-01',
          amountFen: 1,
          months: 1,
        }),
        grant(5, {
          personIdIndex: second,
          benefitId: 'training_subsidy',
          subjectKind: 'nobody',
          periodStart: '2026-03-01',
          amountFen: 1,
          months: 1,
        }),
        grant(6, {
          personIdIndex: 'no-such-person',
          benefitId: 'training_subsidy',
          subjectKind: 'person',
          periodStart: '2026-03-01',
          amountFen: 1,
          months: 1,
        }),
      ])
      .execute();
    for (const [scope, level] of [
      [['140000000000'], 6],
      [[XINFU], 9],
    ] as const) {
      const options = { scope, asOf: AS_OF, level, batchSize: 4 };
      const own = await loadPopulation(ctx.db, SEED_RULESET, options);
      expect(own).toEqual(await loadThroughKysely(ctx.db, SEED_RULESET, options));
      if (level === 9) continue;
      const at = (laborerId: number) => [...own.laborerIds].indexOf(laborerId);
      const training = own.population.priorGrants!.training_subsidy!;
      expect([
        training.countEarlier![at(laborerIds[0]!)],
        training.monthsEarlier![at(laborerIds[0]!)],
      ]).toEqual([1, 2]);
      expect([
        training.countThisYear![at(laborerIds[0]!)],
        training.amountThisYear![at(laborerIds[0]!)],
      ]).toEqual([1, 90_000]);
      expect(training.countThisYear![at(laborerIds[4]!)]).toBe(0);
      expect(own.population.priorGrants!.cross_province_transport!.amountThisYear![at(laborerIds[4]!)]).toBe(
        -80_000,
      );
      expect(own.population.priorGrants!.no_such_benefit).toBeUndefined();
    }
  });
});
