import { describe, expect, it } from 'vitest';
import { applyOverlay, evaluate, loadParameterValues, SEED_RULESET } from '../index.ts';

const XINZHOU = '140902001001';
const LINFEN = '141002001001';

const newDocument = {
  id: 'linfen-2024-welfare',
  number: '临人社发〔2024〕99号',
  title: '临汾市乡村公益性岗位补贴标准（示例）',
  issuer: '临汾市人力资源和社会保障局',
  issuedOn: '2024-01-01',
  jurisdiction: '1410',
};

describe('loadParameterValues (administrator file)', () => {
  it('adds a city value that makes an unset parameter computable', () => {
    const outcome = loadParameterValues({
      document: newDocument,
      values: [
        {
          parameter: 'welfare_post.monthly_subsidy',
          jurisdiction: '1410',
          from: '2024-01-01',
          to: '2025-12-31',
          value: 50000,
          citation: { article: '第三条' },
        },
      ],
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.ruleset.version).not.toBe(SEED_RULESET.version);
    const result = evaluate(
      {
        subject: {
          kind: 'person',
          id: 'P',
          facts: { holdsWelfarePost: true, welfarePostContractMonths: 12, welfarePostMonths: 3 },
        },
        asOf: '2024-06-01',
        regionCode: LINFEN,
        benefitIds: ['welfare_post_subsidy'],
      },
      { ruleset: outcome.ruleset },
    ).results[0];
    expect(result?.status).toBe('eligible');
    expect(result?.amountFen).toBe(150000);
    const trace = result?.explanation.parameters.find(
      (p) => p.parameterId === 'welfare_post.monthly_subsidy',
    );
    expect(trace?.citation?.documentNumber).toBe('临人社发〔2024〕99号');
    expect(trace?.citation?.article).toBe('第三条');
    // Before the new document: still unset.
    const before = evaluate(
      {
        subject: {
          kind: 'person',
          id: 'P',
          facts: { holdsWelfarePost: true, welfarePostContractMonths: 12, welfarePostMonths: 3 },
        },
        asOf: '2023-12-31',
        regionCode: LINFEN,
        benefitIds: ['welfare_post_subsidy'],
      },
      { ruleset: outcome.ruleset },
    ).results[0];
    expect(before?.status).toBe('parameter_unset');
  });

  it('is refused whole on overlapping validity, missing citation and unknown jurisdiction', () => {
    const outcome = loadParameterValues({
      document: newDocument,
      values: [
        {
          parameter: 'welfare_post.monthly_subsidy',
          jurisdiction: '1410',
          from: '2024-01-01',
          value: 50000,
          citation: { article: '第三条' },
        },
        {
          parameter: 'welfare_post.monthly_subsidy',
          jurisdiction: '1410',
          from: '2024-06-01',
          value: 60000,
          citation: { article: '第四条' },
        },
        {
          parameter: 'cross_province_transport.amount',
          jurisdiction: '1401',
          from: '2024-01-01',
          value: 90000,
          citation: { article: '第五条' },
        },
        { parameter: 'in_province_transport.amount', jurisdiction: '1410', from: '2024-01-01', value: 40000 },
      ],
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors.map((e) => e.code)).toContain('missing_citation');
  });

  it('reports overlap and unknown jurisdiction when citations are present', () => {
    const outcome = loadParameterValues({
      document: newDocument,
      values: [
        {
          parameter: 'welfare_post.monthly_subsidy',
          jurisdiction: '1410',
          from: '2024-01-01',
          value: 50000,
          citation: { article: '第三条' },
        },
        {
          parameter: 'welfare_post.monthly_subsidy',
          jurisdiction: '1410',
          from: '2024-06-01',
          value: 60000,
          citation: { article: '第四条' },
        },
        {
          parameter: 'cross_province_transport.amount',
          jurisdiction: '1401',
          from: '2024-01-01',
          value: 90000,
          citation: { article: '第五条' },
        },
        // overlaps 临政办发〔2017〕52号 (open-ended) without supersede
        {
          parameter: 'cross_province_transport.amount',
          jurisdiction: '1410',
          from: '2024-01-01',
          value: 90000,
          citation: { article: '第六条' },
        },
      ],
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const codes = outcome.errors.map((e) => e.code);
    expect(codes.filter((c) => c === 'overlapping_validity')).toHaveLength(2);
    expect(codes).toContain('unknown_jurisdiction');
  });

  it('supersede ends the earlier value the day before', () => {
    const outcome = loadParameterValues({
      document: newDocument,
      values: [
        {
          parameter: 'cross_province_transport.amount',
          jurisdiction: '1410',
          from: '2024-01-01',
          value: 90000,
          supersede: true,
          citation: { article: '第六条' },
        },
      ],
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const linfen = outcome.ruleset.values.filter(
      (v) => v.parameterId === 'cross_province_transport.amount' && v.jurisdiction === '1410',
    );
    expect(linfen.map((v) => [v.validity.from, v.validity.to, v.value])).toEqual([
      ['2017-06-23', '2023-12-31', 80000],
      ['2024-01-01', null, 90000],
    ]);
  });

  it('refuses a file that is not an object or has no values', () => {
    expect(loadParameterValues(null).ok).toBe(false);
    expect(loadParameterValues({ values: [] }).ok).toBe(false);
  });
});

describe('applyOverlay (what-if)', () => {
  it('cross-province transport at 1000元 from 2026-01-01 in every jurisdiction', () => {
    const outcome = applyOverlay(SEED_RULESET, {
      id: 'transport-1000',
      label: '跨省交通补助提高到1000元',
      values: [
        {
          parameter: 'cross_province_transport.amount',
          jurisdiction: '*',
          from: '2026-01-01',
          value: 100000,
        },
      ],
    });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    const facts = { isAlleviated: true, workArea: 'out_of_province', departureDate: '2026-02-01' };
    for (const region of [XINZHOU, LINFEN, '140105001001']) {
      const after = evaluate(
        {
          subject: { kind: 'person', id: 'P', facts },
          asOf: '2026-03-01',
          regionCode: region,
          benefitIds: ['cross_province_transport'],
        },
        { ruleset: outcome.ruleset },
      ).results[0];
      expect(after?.amountFen, region).toBe(100000);
      expect(after?.explanation.parameters[0]?.citation?.title).toBe('测算情景：跨省交通补助提高到1000元');
      const before = evaluate(
        {
          subject: { kind: 'person', id: 'P', facts: { ...facts, departureDate: '2025-02-01' } },
          asOf: '2025-03-01',
          regionCode: region,
          benefitIds: ['cross_province_transport'],
        },
        { ruleset: outcome.ruleset },
      ).results[0];
      expect(before?.amountFen, region).toBe(80000);
    }
  });

  it('training cap at 5000元', () => {
    const outcome = applyOverlay(SEED_RULESET, {
      id: 'training-5000',
      label: '培训补贴上限5000元',
      values: [
        {
          parameter: 'training_subsidy.max_per_person',
          jurisdiction: '1409',
          from: '2024-01-01',
          value: 500000,
        },
      ],
    });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    const facts = { isAlleviated: true, trainingDays: 60, courseTraineeCount: 10, courseEmployedCount: 9 };
    const base = evaluate({
      subject: { kind: 'provider', id: 'S', personId: 'P', facts },
      asOf: '2024-06-01',
      regionCode: XINZHOU,
      benefitIds: ['training_subsidy'],
    }).results[0];
    const overlay = evaluate(
      {
        subject: { kind: 'provider', id: 'S', personId: 'P', facts },
        asOf: '2024-06-01',
        regionCode: XINZHOU,
        benefitIds: ['training_subsidy'],
      },
      { ruleset: outcome.ruleset },
    ).results[0];
    expect(base?.amountFen).toBe(400000);
    expect(overlay?.amountFen).toBe(500000);
    expect(overlay?.rulesetVersion).not.toBe(base?.rulesetVersion);
  });

  it('refuses an unknown parameter', () => {
    const outcome = applyOverlay(SEED_RULESET, {
      id: 'x',
      label: 'x',
      values: [{ parameter: 'nope', jurisdiction: '14', from: '2024-01-01', value: 1 }],
    });
    expect(outcome.ok).toBe(false);
  });
});
