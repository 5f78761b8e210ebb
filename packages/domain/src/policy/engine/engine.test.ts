import { describe, expect, it } from 'vitest';
import { buildRuleset, rulesetData } from './ruleset.ts';
import { resolveParameter } from './parameter.ts';
import { evaluateScenario } from './evaluate.ts';
import { decideCases } from './decide.ts';
import { SEED_RULESET, SEED_RULESET_DATA } from '../policies/index.ts';
import type { BenefitCase, Citation, ParameterValue, RulesetData } from './types.ts';

const TEST_DOC = {
  id: 'test-doc',
  number: '测试〔2024〕1号',
  title: '测试文件',
  issuer: '测试机关',
  issuedOn: '2024-01-01',
  jurisdiction: '14',
};
const cite = (article: string): Citation => ({
  documentId: 'test-doc',
  documentNumber: '测试〔2024〕1号',
  title: '测试文件',
  issuer: '测试机关',
  article,
});

function tiny(values: ParameterValue[], cases: BenefitCase[] = []): RulesetData {
  return {
    jurisdictions: SEED_RULESET_DATA.jurisdictions,
    documents: [TEST_DOC],
    facts: [
      { name: 'flag', label: '标志', type: 'boolean' },
      { name: 'count', label: '人数', type: 'integer', unit: '人' },
    ],
    parameters: [{ id: 'p.amount', label: '金额', unit: 'fen' }],
    values,
    benefits: [
      { id: 'b', label: '测试待遇', kind: 'subsidy', subjectKind: 'person', payee: '本人', unit: 'person' },
    ],
    cases,
  };
}
const v = (
  jurisdiction: string,
  from: string,
  to: string | null,
  value: number | null,
  override: ParameterValue['override'] = 'replace',
): ParameterValue => ({
  parameterId: 'p.amount',
  jurisdiction,
  validity: { from, to },
  value,
  override,
  citation: cite('第一条'),
});

describe('seed ruleset', () => {
  it('builds without errors and has a version', () => {
    expect(SEED_RULESET.version).toMatch(/^rs-[0-9a-f]{28}$/);
  });

  it('every parameter value carries a complete citation of a known document', () => {
    const documents = new Set(SEED_RULESET.documents.map((d) => d.id));
    expect(SEED_RULESET.values.length).toBeGreaterThan(60);
    for (const value of SEED_RULESET.values) {
      expect(documents.has(value.citation.documentId), value.parameterId).toBe(true);
      expect(value.citation.article.length, value.parameterId).toBeGreaterThan(0);
      expect(value.citation.issuer.length).toBeGreaterThan(0);
      expect((value.citation.documentNumber ?? value.citation.title).length).toBeGreaterThan(0);
      expect(value.citation.quote?.length ?? 0, `${value.parameterId} quotes the seed`).toBeGreaterThan(0);
    }
  });

  it('every case, limit and exclusion carries a citation, and every benefit has a case', () => {
    for (const benefitCase of SEED_RULESET.cases) {
      for (const citation of [
        benefitCase.citation,
        ...(benefitCase.limits ?? []).map((l) => l.citation),
        ...(benefitCase.exclusions ?? []).map((x) => x.citation),
      ]) {
        expect(citation.article.length, benefitCase.id).toBeGreaterThan(0);
        expect(SEED_RULESET.index.documents.has(citation.documentId), benefitCase.id).toBe(true);
      }
    }
    for (const benefit of SEED_RULESET.benefits) {
      expect(SEED_RULESET.index.casesByBenefit.get(benefit.id)?.length ?? 0, benefit.id).toBeGreaterThan(0);
    }
  });

  it('each quoted number appears in the seed quote it cites', () => {
    // The amounts in 元 of a few key values, checked against their own quotation of the seed.
    const checks: [string, string, string][] = [
      ['cross_province_transport.amount', '14', '800'],
      ['in_province_transport.amount', '1409', '300'],
      ['training_subsidy.max_per_person', '1409', '4000'],
      ['on_the_job_training.monthly', '14', '300'],
      ['absorption_reward.amount', '1409', '10万元'],
      ['incubator_reward.max', '14', '20 万元'],
      ['job_referral.amount', '1409', '800元'],
    ];
    for (const [parameter, jurisdiction, text] of checks) {
      const value = SEED_RULESET.values.find(
        (x) => x.parameterId === parameter && x.jurisdiction === jurisdiction,
      );
      expect(value?.citation.quote, parameter).toContain(text);
    }
  });
});

describe('load-time validation', () => {
  it('refuses overlapping validity for the same parameter and jurisdiction', () => {
    const outcome = buildRuleset(
      tiny([v('14', '2024-01-01', '2024-12-31', 100), v('14', '2024-12-31', null, 200)]),
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.errors.map((e) => e.code)).toContain('overlapping_validity');
  });

  it('accepts adjacent validity and the same interval in another jurisdiction', () => {
    const outcome = buildRuleset(
      tiny([
        v('14', '2024-01-01', '2024-12-31', 100),
        v('14', '2025-01-01', null, 200),
        v('1409', '2024-01-01', null, 300),
      ]),
    );
    expect(outcome.ok).toBe(true);
  });

  it('refuses a value without citation article and an unknown jurisdiction', () => {
    const bad = { ...v('14', '2024-01-01', null, 100), citation: { ...cite(''), article: '' } };
    const outcome = buildRuleset(tiny([bad, v('1401', '2024-01-01', null, 100)]));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.errors.map((e) => e.code).sort()).toEqual(['missing_citation', 'unknown_jurisdiction']);
    }
  });

  it('refuses a value of the wrong unit and a case reading an unknown fact', () => {
    const wrongUnit = { ...v('14', '2024-01-01', null, 100), value: 1.5 };
    const badCase: BenefitCase = {
      id: 'c',
      benefitId: 'b',
      label: 'c',
      kind: 'base',
      rank: 0,
      jurisdiction: '14',
      validity: [{ from: '2024-01-01', to: null }],
      citation: cite('第二条'),
      conditions: [{ id: 'x', label: 'x', kind: 'is_true', fact: 'nope' }],
      amount: { kind: 'fixed', param: 'p.amount', amountKind: 'exact' },
    };
    const outcome = buildRuleset(tiny([wrongUnit], [badCase]));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok)
      expect(outcome.errors.map((e) => e.code).sort()).toEqual(['invalid_value', 'unknown_fact']);
  });

  it('the version changes with the data and not with value order', () => {
    const a = buildRuleset(
      tiny([v('14', '2024-01-01', '2024-12-31', 100), v('14', '2025-01-01', null, 200)]),
    );
    const b = buildRuleset(
      tiny([v('14', '2025-01-01', null, 200), v('14', '2024-01-01', '2024-12-31', 100)]),
    );
    const c = buildRuleset(
      tiny([v('14', '2024-01-01', '2024-12-31', 100), v('14', '2025-01-01', null, 201)]),
    );
    if (!a.ok || !b.ok || !c.ok) throw new Error('should build');
    expect(a.ruleset.version).toBe(b.ruleset.version);
    expect(a.ruleset.version).not.toBe(c.ruleset.version);
  });
});

describe('parameter resolution city → province → national', () => {
  const build = (values: ParameterValue[]) => {
    const outcome = buildRuleset(tiny(values));
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    return outcome.ruleset;
  };
  it.each([
    [
      'replace: city wins',
      [
        v('national', '2020-01-01', null, 500),
        v('14', '2020-01-01', null, 800),
        v('1409', '2020-01-01', null, 700),
      ],
      '140902001001',
      700,
      '1409',
    ],
    [
      'province when the city has none',
      [v('14', '2020-01-01', null, 800), v('1409', '2020-01-01', null, 700)],
      '141002001001',
      800,
      '14',
    ],
    [
      'cap: the lower of inherited and local',
      [v('14', '2020-01-01', null, 800), v('1409', '2020-01-01', null, 900, 'cap')],
      '140902001001',
      800,
      '14',
    ],
    [
      'cap: local lower wins',
      [v('14', '2020-01-01', null, 800), v('1409', '2020-01-01', null, 600, 'cap')],
      '140902001001',
      600,
      '1409',
    ],
    [
      'floor: the higher',
      [v('14', '2020-01-01', null, 800), v('1409', '2020-01-01', null, 900, 'floor')],
      '140902001001',
      900,
      '1409',
    ],
    [
      'national only, outside Shanxi',
      [v('national', '2020-01-01', null, 500), v('14', '2020-01-01', null, 800)],
      '110101001001',
      500,
      'national',
    ],
  ] as const)('%s', (_name, values, region, expected, jurisdiction) => {
    const trace = resolveParameter(build([...values]), 'p.amount', region, '2024-06-01');
    expect(trace.status).toBe('set');
    expect(trace.value).toBe(expected);
    expect(trace.jurisdiction).toBe(jurisdiction);
    expect(trace.citation?.article).toBe('第一条');
  });

  it('an explicit null is unset, no value at all is none', () => {
    const ruleset = build([v('14', '2020-01-01', '2023-12-31', 800), v('1409', '2020-01-01', null, null)]);
    expect(resolveParameter(ruleset, 'p.amount', '140902001001', '2022-01-01').status).toBe('unset');
    expect(resolveParameter(ruleset, 'p.amount', '141002001001', '2022-01-01').status).toBe('set');
    expect(resolveParameter(ruleset, 'p.amount', '141002001001', '2024-01-01').status).toBe('none');
  });
});

describe('cases: labelled exceptions and conflicts', () => {
  const baseCase = (
    id: string,
    rank: number,
    kind: 'base' | 'exception',
    amountParam = 'p.amount',
  ): BenefitCase => ({
    id,
    benefitId: 'b',
    label: id,
    kind,
    rank,
    jurisdiction: '14',
    validity: [{ from: '2024-01-01', to: null }],
    citation: cite(`第${rank + 1}条`),
    conditions: [{ id: `${id}.flag`, label: '标志', kind: 'is_true', fact: 'flag' }],
    amount: { kind: 'fixed', param: amountParam, amountKind: 'exact' },
  });
  const scenario = {
    subject: { kind: 'person', id: 'P', facts: { flag: true } },
    asOf: '2024-06-01',
    regionCode: '140105001001',
  } as const;

  it('two applicable cases of equal rank are a conflict, never a silent pick', () => {
    const outcome = buildRuleset(
      tiny([v('14', '2024-01-01', null, 100)], [baseCase('one', 0, 'base'), baseCase('two', 0, 'base')]),
    );
    if (!outcome.ok) throw new Error('should build');
    const result = evaluateScenario(outcome.ruleset, scenario).results[0];
    expect(result?.status).toBe('conflict');
    expect(result?.amountFen).toBeNull();
    expect(result?.explanation.conflictCaseIds.sort()).toEqual(['one', 'two']);
  });

  it('a higher-rank exception beats the base case', () => {
    const outcome = buildRuleset(
      tiny(
        [v('14', '2024-01-01', null, 100)],
        [baseCase('base', 0, 'base'), baseCase('exception', 1, 'exception')],
      ),
    );
    if (!outcome.ok) throw new Error('should build');
    const result = evaluateScenario(outcome.ruleset, scenario).results[0];
    expect(result?.status).toBe('eligible');
    expect(result?.explanation.caseTaken?.caseId).toBe('exception');
    expect(result?.explanation.caseTaken?.why).toContain('例外情形');
  });

  it('a gap between two periods is "no policy in force"; a parameter without any value too', () => {
    const gapCase: BenefitCase = {
      ...baseCase('gap', 0, 'base'),
      validity: [
        { from: '2020-01-01', to: '2020-12-31' },
        { from: '2022-01-01', to: null },
      ],
    };
    const outcome = buildRuleset(tiny([v('14', '2020-01-01', '2020-12-31', 100)], [gapCase]));
    if (!outcome.ok) throw new Error('should build');
    const at = (asOf: string) => evaluateScenario(outcome.ruleset, { ...scenario, asOf }).results[0];
    expect(at('2021-06-01')?.status).toBe('no_policy_in_force');
    expect(at('2021-06-01')?.reason?.date).toBe('2022-01-01');
    expect(at('2020-06-01')?.status).toBe('eligible');
    expect(at('2020-06-01')?.amountFen).toBe(100);
    // In force again in 2022 but no document gives the amount a value: no policy, naming the parameter.
    expect(at('2022-06-01')?.status).toBe('no_policy_in_force');
    expect(at('2022-06-01')?.reason?.parameterId).toBe('p.amount');
    expect(at('2019-06-01')?.status).toBe('not_yet_in_force');
  });

  it.each([
    [
      [
        { rank: 0, outcome: 'applicable' },
        { rank: 1, outcome: 'missing_fact' },
      ],
      'undecided',
    ],
    [
      [
        { rank: 1, outcome: 'applicable' },
        { rank: 0, outcome: 'missing_fact' },
      ],
      'chosen',
    ],
    [
      [
        { rank: 0, outcome: 'failed' },
        { rank: 1, outcome: 'failed' },
      ],
      'not_met',
    ],
    [
      [
        { rank: 0, outcome: 'applicable' },
        { rank: 0, outcome: 'applicable' },
      ],
      'conflict',
    ],
  ] as const)('decideCases %j → %s', (cases, kind) => {
    expect(decideCases(cases).kind).toBe(kind);
  });
});

describe('scenario validation names the fact', () => {
  it.each([
    [{ trainingDays: '3' }, 'subject.facts.trainingDays', 'invalid_type'],
    [{ trainingDays: -1 }, 'subject.facts.trainingDays', 'invalid_value'],
    [{ workArea: 'abroad' }, 'subject.facts.workArea', 'invalid_value'],
    [{ departureDate: '2024-02-30' }, 'subject.facts.departureDate', 'invalid_type'],
    [{ isAlleviated: 'yes' }, 'subject.facts.isAlleviated', 'invalid_type'],
    [{ trainingDayz: 3 }, 'subject.facts.trainingDayz', 'unknown_fact'],
  ])('%j', (facts, path, code) => {
    const evaluation = evaluateScenario(SEED_RULESET, {
      subject: { kind: 'person', facts },
      asOf: '2024-03-01',
      regionCode: '140902001001',
    });
    expect(evaluation.results).toEqual([]);
    expect(evaluation.errors).toContainEqual(expect.objectContaining({ path, code }));
  });

  it('rejects a bad region code, date and ledger row', () => {
    const evaluation = evaluateScenario(SEED_RULESET, {
      subject: { kind: 'person', facts: {} },
      asOf: '2024/03/01',
      regionCode: '1409',
      grants: [
        {
          id: 'g',
          benefitId: 'nope',
          subjectKind: 'person',
          subjectId: 'P',
          periodStart: '2024-01-01',
          amountFen: -5,
          decidedOn: '2024-01-01',
        },
      ],
    });
    expect(evaluation.errors.map((e) => e.path).sort()).toEqual([
      'asOf',
      'grants[0].amountFen',
      'grants[0].benefitId',
      'regionCode',
    ]);
  });

  it('a ledger row that needs an id the scenario lacks gives missing_fact naming it', () => {
    const evaluation = evaluateScenario(SEED_RULESET, {
      subject: {
        kind: 'person',
        facts: { isAlleviated: true, workArea: 'out_of_province', departureDate: '2024-02-01' },
      },
      asOf: '2024-03-01',
      regionCode: '140902001001',
      grants: [
        {
          id: 'g',
          benefitId: 'cross_province_transport',
          subjectKind: 'person',
          subjectId: 'P',
          periodStart: '2024-01-01',
          amountFen: 80000,
          decidedOn: '2024-01-01',
        },
      ],
      benefitIds: ['cross_province_transport'],
    });
    expect(evaluation.results[0]?.status).toBe('missing_fact');
    expect(evaluation.results[0]?.reason?.facts).toEqual(['subject.id']);
  });

  it('rulesetData round-trips into an equal version', () => {
    const rebuilt = buildRuleset(rulesetData(SEED_RULESET));
    expect(rebuilt.ok && rebuilt.ruleset.version).toBe(SEED_RULESET.version);
  });
});
