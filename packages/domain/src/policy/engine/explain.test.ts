import { describe, expect, it } from 'vitest';
import { evaluate, explainSentence, explainTree } from '../index.ts';
import type { ExplanationNode } from '../index.ts';

function labels(node: ExplanationNode): string[] {
  return [node.label, ...(node.children ?? []).flatMap(labels)];
}

function one(scenario: Parameters<typeof evaluate>[0], benefitId: string) {
  const result = evaluate(scenario, { benefitIds: [benefitId] }).results[0];
  if (!result) throw new Error('no result');
  return result;
}

describe('explanations', () => {
  const grant = {
    id: 'g1',
    benefitId: 'cross_province_transport',
    subjectKind: 'person' as const,
    subjectId: 'P',
    periodStart: '2024-02-01',
    amountFen: 80000,
    decidedOn: '2024-02-10',
  };

  it('an eligible result names the article and the amount', () => {
    const result = one(
      {
        subject: {
          kind: 'person',
          id: 'P',
          facts: { isAlleviated: true, workArea: 'out_of_province', departureDate: '2024-02-20' },
        },
        asOf: '2024-03-01',
        regionCode: '140105001001',
      },
      'cross_province_transport',
    );
    expect(explainSentence(result)).toBe(
      '根据《关于切实加强就业帮扶巩固拓展脱贫攻坚成果助力乡村振兴的实施意见》（四），您符合跨省务工一次性交通补助的条件，最高可获得800元。',
    );
    const tree = labels(explainTree(result));
    expect(tree).toContain('跨省务工一次性交通补助标准：800元');
    expect(tree.some((l) => l.startsWith('有效期：2021年7月1日至2025年12月31日'))).toBe(true);
    expect(tree.some((l) => l.includes('本次外出务工出发日期（departureDate）：2024年2月20日'))).toBe(true);
    expect(result.explanation.inputs.map((i) => i.fact)).toEqual([
      'isAlleviated',
      'workArea',
      'departureDate',
    ]);
    expect(result.rulesetVersion).toMatch(/^rs-/);
  });

  it('a denial lists each failed condition with actual and required values', () => {
    const result = one(
      {
        subject: {
          kind: 'provider',
          id: 'S',
          personId: 'P',
          facts: { isAlleviated: true, trainingDays: 11, courseTraineeCount: 100, courseEmployedCount: 79 },
        },
        asOf: '2024-03-01',
        regionCode: '140902001001',
      },
      'training_subsidy',
    );
    expect(result.status).toBe('condition_not_met');
    expect(result.explanation.failedConditions).toHaveLength(1);
    expect(result.explanation.failedConditions[0]).toMatchObject({
      conditionId: 'employment_rate_80',
      actual: '79/100（79%）',
      required: '≥ 80%',
    });
    expect(explainSentence(result)).toContain(
      '集中组织培训后就业率达到80%以上（实际：79/100（79%）；要求：≥ 80%',
    );
  });

  it('a cap shows the ledger rows involved', () => {
    const result = one(
      {
        subject: {
          kind: 'person',
          id: 'P',
          facts: { isAlleviated: true, workArea: 'out_of_province', departureDate: '2024-02-20' },
        },
        asOf: '2024-03-01',
        regionCode: '140902001001',
        grants: [grant],
      },
      'cross_province_transport',
    );
    expect(result.status).toBe('cap_reached');
    expect(result.explanation.limits[0]?.ledgerRows).toEqual([grant]);
    expect(explainSentence(result)).toContain('上限1，已享受1');
    expect(labels(explainTree(result)).some((l) => l.startsWith('g1：cross_province_transport'))).toBe(true);
  });

  it('expired and unset results say why', () => {
    const expired = one(
      {
        subject: {
          kind: 'employer',
          id: 'S',
          personId: 'P',
          facts: { isAlleviated: true, onTheJobTrainingMonths: 2 },
        },
        asOf: '2022-01-01',
        regionCode: '140105001001',
      },
      'on_the_job_training',
    );
    expect(explainSentence(expired)).toBe(
      '以工代训职业培训补贴已于2021年12月31日到期（《关于切实加强就业帮扶巩固拓展脱贫攻坚成果助力乡村振兴的实施意见》（九）），2022年1月1日不再适用。',
    );
    const unset = one(
      {
        subject: {
          kind: 'incubator',
          id: 'S',
          facts: {
            isInKeyAssistanceCounty: true,
            operatingMonths: 24,
            residentEntityCount: 30,
            absorbedAlleviatedCount: 25,
          },
        },
        asOf: '2024-03-01',
        regionCode: '141002001001',
      },
      'incubator_reward',
    );
    expect(unset.reason?.parameterId).toBe('incubator_reward.amount');
    expect(explainSentence(unset)).toContain('尚未设定');
    const missing = one(
      {
        subject: { kind: 'person', id: 'P', facts: { isAlleviated: true } },
        asOf: '2024-03-01',
        regionCode: '140902001001',
      },
      'cross_province_transport',
    );
    expect(explainSentence(missing)).toBe(
      '判断跨省务工一次性交通补助还需要以下信息：务工地域、本次外出务工出发日期。',
    );
  });
});
