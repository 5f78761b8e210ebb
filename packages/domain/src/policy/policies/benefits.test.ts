/**
 * Fixture table per benefit, boundaries written out, amounts checked to the fen against the seed texts.
 * Regions: 忻州 140902 (忻府区), 临汾 141002 (尧都区), 太原 140105 (province rules only), 北京 110101.
 */
import { describe, expect, it } from 'vitest';
import { applyOverlay, evaluate } from '../index.ts';
import type { BenefitStatus, Facts, GrantLedgerRow, Ruleset, SubjectKind } from '../index.ts';
import { SEED_RULESET } from './index.ts';

const XINZHOU = '140902001001';
const LINFEN = '141002001001';
const TAIYUAN = '140105001001';
const BEIJING = '110101001001';

/** The seed leaves 全省在岗职工平均工资 to the administrator: tests set an illustrative 7000元/month. */
function withAverageWage(): Ruleset {
  const outcome = applyOverlay(SEED_RULESET, {
    id: 'test-wage',
    label: '测试用全省在岗职工月平均工资',
    values: [
      { parameter: 'provincial_average_wage.monthly', jurisdiction: '14', from: '2017-04-13', value: 700000 },
    ],
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.ruleset;
}
const WAGE_RULESET = withAverageWage();

interface Fixture {
  name: string;
  benefit: string;
  kind: SubjectKind;
  region: string;
  asOf: string;
  facts: Facts;
  grants?: GrantLedgerRow[];
  ruleset?: Ruleset;
  status: BenefitStatus;
  amountFen?: number | null;
  months?: number;
  /** Document id of the case taken (for eligible results). */
  document?: string;
}

function grant(benefitId: string, periodStart: string, extra: Partial<GrantLedgerRow> = {}): GrantLedgerRow {
  return {
    id: `g-${benefitId}-${periodStart}-${extra.subjectId ?? 'S'}`,
    benefitId,
    subjectKind: 'person',
    subjectId: 'P',
    periodStart,
    amountFen: 0,
    decidedOn: periodStart,
    ...extra,
  };
}

function run(f: Fixture) {
  const evaluation = evaluate(
    {
      subject: { kind: f.kind, id: f.kind === 'person' ? 'P' : 'S', personId: 'P', facts: f.facts },
      asOf: f.asOf,
      regionCode: f.region,
      grants: f.grants ?? [],
    },
    { ruleset: f.ruleset ?? SEED_RULESET, benefitIds: [f.benefit] },
  );
  expect(evaluation.errors).toEqual([]);
  const result = evaluation.results[0];
  if (!result) throw new Error(`no result for ${f.benefit}`);
  return result;
}

function check(fixtures: Fixture[]): void {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, f) => {
    const result = run(f);
    expect(result.status, JSON.stringify(result.reason)).toBe(f.status);
    if (f.amountFen !== undefined) expect(result.amountFen).toBe(f.amountFen);
    if (f.months !== undefined) expect(result.months).toBe(f.months);
    if (f.document !== undefined) expect(result.explanation.caseTaken?.citation.documentId).toBe(f.document);
    if (f.status !== 'eligible') expect(result.amountFen).toBeNull();
  });
}

const transportFacts = {
  isAlleviated: true,
  workArea: 'out_of_province',
  departureDate: '2024-02-20',
} as const;

describe('跨省务工一次性交通补助 ≤800元, 每年一次 (000（十二）, 001 三（四）, 002 二（三）1②, 003（四）)', () => {
  check([
    {
      name: '忻州 2024: 800元 by 002',
      benefit: 'cross_province_transport',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: transportFacts,
      status: 'eligible',
      amountFen: 80000,
      document: 'xinzhou-2022',
    },
    {
      name: '忻州 2021-08 (before 002): 003 governs',
      benefit: 'cross_province_transport',
      kind: 'person',
      region: XINZHOU,
      asOf: '2021-08-01',
      facts: { ...transportFacts, departureDate: '2021-03-01' },
      status: 'eligible',
      amountFen: 80000,
      document: 'shanxi-2021-employment-assistance',
    },
    {
      name: '太原 2018: 000 governs',
      benefit: 'cross_province_transport',
      kind: 'person',
      region: TAIYUAN,
      asOf: '2018-05-01',
      facts: { ...transportFacts, departureDate: '2018-02-01' },
      status: 'eligible',
      amountFen: 80000,
      document: 'jin-zheng-ban-fa-2017-29',
    },
    {
      name: '太原 2025-12-31: 003 last day',
      benefit: 'cross_province_transport',
      kind: 'person',
      region: TAIYUAN,
      asOf: '2025-12-31',
      facts: { ...transportFacts, departureDate: '2025-03-01' },
      status: 'eligible',
      amountFen: 80000,
      document: 'shanxi-2021-employment-assistance',
    },
    {
      name: '太原 2026-01-01: 000 (no end date) stands again',
      benefit: 'cross_province_transport',
      kind: 'person',
      region: TAIYUAN,
      asOf: '2026-01-01',
      facts: { ...transportFacts, departureDate: '2026-01-01' },
      status: 'eligible',
      amountFen: 80000,
      document: 'jin-zheng-ban-fa-2017-29',
    },
    {
      name: '临汾 2017-07: 001 governs',
      benefit: 'cross_province_transport',
      kind: 'person',
      region: LINFEN,
      asOf: '2017-07-01',
      facts: { ...transportFacts, departureDate: '2017-06-30' },
      status: 'eligible',
      amountFen: 80000,
      document: 'lin-zheng-ban-fa-2017-52',
    },
    {
      name: '2017-04-12: before any document',
      benefit: 'cross_province_transport',
      kind: 'person',
      region: TAIYUAN,
      asOf: '2017-04-12',
      facts: { ...transportFacts, departureDate: '2017-02-01' },
      status: 'not_yet_in_force',
    },
    {
      name: '北京: outside the jurisdiction (004 only encourages)',
      benefit: 'cross_province_transport',
      kind: 'person',
      region: BEIJING,
      asOf: '2024-03-01',
      facts: transportFacts,
      status: 'outside_jurisdiction',
    },
    {
      name: 'second claim in the same year',
      benefit: 'cross_province_transport',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-09-01',
      facts: transportFacts,
      grants: [grant('cross_province_transport', '2024-02-20', { amountFen: 80000 })],
      status: 'cap_reached',
    },
    {
      name: 'a claim last year does not count',
      benefit: 'cross_province_transport',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: transportFacts,
      grants: [grant('cross_province_transport', '2023-02-20', { amountFen: 80000 })],
      status: 'eligible',
      amountFen: 80000,
    },
    {
      name: 'departure last year (not 当年)',
      benefit: 'cross_province_transport',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...transportFacts, departureDate: '2023-12-31' },
      status: 'condition_not_met',
    },
    {
      name: 'works in province',
      benefit: 'cross_province_transport',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...transportFacts, workArea: 'province' },
      status: 'condition_not_met',
    },
    {
      name: 'not 脱贫人口',
      benefit: 'cross_province_transport',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...transportFacts, isAlleviated: false },
      status: 'condition_not_met',
    },
    {
      name: 'departure date missing',
      benefit: 'cross_province_transport',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { isAlleviated: true, workArea: 'out_of_province' },
      status: 'missing_fact',
    },
  ]);
});

const inProvince = { isAlleviated: true, isOrganisedTransfer: true, workArea: 'province' } as const;
describe('省内有组织转移 ≤300元 (002 二（三）1②, 003（四）)', () => {
  check([
    {
      name: '忻州 2024: 300元',
      benefit: 'in_province_transport',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: inProvince,
      status: 'eligible',
      amountFen: 30000,
      document: 'xinzhou-2022',
    },
    {
      name: '临汾 2024: 003',
      benefit: 'in_province_transport',
      kind: 'person',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: inProvince,
      status: 'eligible',
      amountFen: 30000,
      document: 'shanxi-2021-employment-assistance',
    },
    {
      name: '临汾 2026-01-01: expired with 003',
      benefit: 'in_province_transport',
      kind: 'person',
      region: LINFEN,
      asOf: '2026-01-01',
      facts: inProvince,
      status: 'expired',
    },
    {
      name: '忻州 2026-01-01: 002 has no end date',
      benefit: 'in_province_transport',
      kind: 'person',
      region: XINZHOU,
      asOf: '2026-01-01',
      facts: inProvince,
      status: 'eligible',
      amountFen: 30000,
    },
    {
      name: 'inside the home county',
      benefit: 'in_province_transport',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...inProvince, workArea: 'county' },
      status: 'condition_not_met',
    },
    {
      name: 'not organised',
      benefit: 'in_province_transport',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...inProvince, isOrganisedTransfer: false },
      status: 'condition_not_met',
    },
    {
      name: 'second claim same year',
      benefit: 'in_province_transport',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: inProvince,
      grants: [grant('in_province_transport', '2024-01-10')],
      status: 'cap_reached',
    },
  ]);
});

describe('服务站就业服务补贴 每人每年≤300元 (000（十二）, 001 三（四）)', () => {
  const station = { isInDestinationArea: true, servedPersonCount: 10 };
  check([
    {
      name: '10 people served: 3000元',
      benefit: 'station_service_subsidy',
      kind: 'station',
      region: TAIYUAN,
      asOf: '2024-03-01',
      facts: station,
      status: 'eligible',
      amountFen: 300000,
      document: 'jin-zheng-ban-fa-2017-29',
    },
    {
      name: '临汾: 001',
      benefit: 'station_service_subsidy',
      kind: 'station',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: station,
      status: 'eligible',
      amountFen: 300000,
      document: 'lin-zheng-ban-fa-2017-52',
    },
    {
      name: 'not in the destination area',
      benefit: 'station_service_subsidy',
      kind: 'station',
      region: TAIYUAN,
      asOf: '2024-03-01',
      facts: { ...station, isInDestinationArea: false },
      status: 'condition_not_met',
    },
    {
      name: 'second claim same year',
      benefit: 'station_service_subsidy',
      kind: 'station',
      region: TAIYUAN,
      asOf: '2024-12-01',
      facts: station,
      grants: [
        grant('station_service_subsidy', '2024-01-01', {
          subjectKind: 'station',
          subjectId: 'S',
          amountFen: 300000,
        }),
      ],
      status: 'cap_reached',
    },
  ]);
});

const flexible = {
  isAlleviated: true,
  isLaborExport: true,
  isFlexibleInsured: true,
  contributionBaseFen: 280000,
  actualContributionFen: 120000,
  contributionMonths: 12,
};
describe('劳务输出人员灵活就业社保补贴 ≤2/3, ≤3年, 基数≥40% (000（十三）, 001 三（四）)', () => {
  check([
    {
      name: 'average wage not set by any document: parameter_unset',
      benefit: 'labor_export_social_insurance',
      kind: 'person',
      region: TAIYUAN,
      asOf: '2024-03-01',
      facts: flexible,
      status: 'parameter_unset',
    },
    {
      name: 'base 2800元 = 40% of 7000元: 2/3 of 1200元',
      benefit: 'labor_export_social_insurance',
      kind: 'person',
      region: TAIYUAN,
      asOf: '2024-03-01',
      facts: flexible,
      ruleset: WAGE_RULESET,
      status: 'eligible',
      amountFen: 80000,
      months: 12,
    },
    {
      name: 'base 2799.99元 < 40%',
      benefit: 'labor_export_social_insurance',
      kind: 'person',
      region: TAIYUAN,
      asOf: '2024-03-01',
      facts: { ...flexible, contributionBaseFen: 279999 },
      ruleset: WAGE_RULESET,
      status: 'condition_not_met',
    },
    {
      name: '2/3 floors to the fen: 1000.01元 → 666.67元',
      benefit: 'labor_export_social_insurance',
      kind: 'person',
      region: TAIYUAN,
      asOf: '2024-03-01',
      facts: { ...flexible, actualContributionFen: 100001 },
      ruleset: WAGE_RULESET,
      status: 'eligible',
      amountFen: 66667,
    },
    {
      name: 'third year (24 months used): full',
      benefit: 'labor_export_social_insurance',
      kind: 'person',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: flexible,
      ruleset: WAGE_RULESET,
      grants: [
        grant('labor_export_social_insurance', '2022-01-01', { months: 12 }),
        grant('labor_export_social_insurance', '2023-01-01', { months: 12 }),
      ],
      status: 'eligible',
      amountFen: 80000,
      months: 12,
      document: 'lin-zheng-ban-fa-2017-52',
    },
    {
      name: 'fourth year (36 months used): cap reached',
      benefit: 'labor_export_social_insurance',
      kind: 'person',
      region: LINFEN,
      asOf: '2025-03-01',
      facts: flexible,
      ruleset: WAGE_RULESET,
      grants: [
        grant('labor_export_social_insurance', '2022-01-01', { months: 24 }),
        grant('labor_export_social_insurance', '2024-01-01', { months: 12 }),
      ],
      status: 'cap_reached',
    },
    {
      name: '30 months used, 12 claimed: 6 months, half the amount',
      benefit: 'labor_export_social_insurance',
      kind: 'person',
      region: TAIYUAN,
      asOf: '2025-03-01',
      facts: flexible,
      ruleset: WAGE_RULESET,
      grants: [grant('labor_export_social_insurance', '2022-07-01', { months: 30 })],
      status: 'eligible',
      amountFen: 40000,
      months: 6,
    },
    {
      name: 'not insured as flexible worker',
      benefit: 'labor_export_social_insurance',
      kind: 'person',
      region: TAIYUAN,
      asOf: '2024-03-01',
      facts: { ...flexible, isFlexibleInsured: false },
      ruleset: WAGE_RULESET,
      status: 'condition_not_met',
    },
  ]);
});

const employerInsurance = {
  isAlleviated: true,
  meetsHardshipCriteria: true,
  hasPaidSocialInsurance: true,
  employerContributionFen: 300000,
  contributionMonths: 12,
};
const SHARE_RULESET = (() => {
  const outcome = applyOverlay(SEED_RULESET, {
    id: 'test-share',
    label: '测试：企业社保补贴按单位实际缴费全额',
    values: [
      {
        parameter: 'employer_social_insurance.share',
        jurisdiction: '*',
        from: '2016-12-02',
        value: { numerator: 1, denominator: 1 },
      },
    ],
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.ruleset;
})();
describe('企业吸纳贫困劳动力社会保险补贴 ≤3年 (004 二（五）, 000（十二）, 001, 003（五）)', () => {
  check([
    {
      name: '临汾: share by 就业困难人员 rules, unset',
      benefit: 'employer_social_insurance',
      kind: 'employer',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: employerInsurance,
      status: 'parameter_unset',
    },
    {
      name: '北京: national 004, unset',
      benefit: 'employer_social_insurance',
      kind: 'employer',
      region: BEIJING,
      asOf: '2024-03-01',
      facts: employerInsurance,
      status: 'parameter_unset',
    },
    {
      name: 'with a share set: third year',
      benefit: 'employer_social_insurance',
      kind: 'employer',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: employerInsurance,
      ruleset: SHARE_RULESET,
      grants: [
        grant('employer_social_insurance', '2022-01-01', {
          subjectKind: 'employer',
          subjectId: 'S',
          personId: 'P',
          months: 24,
        }),
      ],
      status: 'eligible',
      amountFen: 300000,
      months: 12,
    },
    {
      name: 'with a share set: fourth year',
      benefit: 'employer_social_insurance',
      kind: 'employer',
      region: LINFEN,
      asOf: '2025-03-01',
      facts: employerInsurance,
      ruleset: SHARE_RULESET,
      grants: [
        grant('employer_social_insurance', '2022-01-01', {
          subjectKind: 'employer',
          subjectId: 'S',
          personId: 'P',
          months: 36,
        }),
      ],
      status: 'cap_reached',
    },
    {
      name: 'another employer’s months do not count (per employer and person)',
      benefit: 'employer_social_insurance',
      kind: 'employer',
      region: LINFEN,
      asOf: '2025-03-01',
      facts: employerInsurance,
      ruleset: SHARE_RULESET,
      grants: [
        grant('employer_social_insurance', '2022-01-01', {
          subjectKind: 'employer',
          subjectId: 'OTHER',
          personId: 'P',
          months: 36,
        }),
      ],
      status: 'eligible',
      amountFen: 300000,
    },
    {
      name: 'not 就业困难人员',
      benefit: 'employer_social_insurance',
      kind: 'employer',
      region: BEIJING,
      asOf: '2024-03-01',
      facts: { ...employerInsurance, meetsHardshipCriteria: false },
      status: 'condition_not_met',
    },
  ]);
});

const training = { isAlleviated: true, trainingDays: 10, courseTraineeCount: 100, courseEmployedCount: 80 };
describe('培训补贴 150/100元每人每天, ≤4000元, 就业率≥80% (002 二（三）1①)', () => {
  check([
    {
      name: '10 days: 1500元',
      benefit: 'training_subsidy',
      kind: 'provider',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: training,
      status: 'eligible',
      amountFen: 150000,
    },
    {
      name: '11 days: 100元 × 11 = 1100元 (rate by training length, as the seed says)',
      benefit: 'training_subsidy',
      kind: 'provider',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...training, trainingDays: 11 },
      status: 'eligible',
      amountFen: 110000,
    },
    {
      name: '40 days: 4000元',
      benefit: 'training_subsidy',
      kind: 'provider',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...training, trainingDays: 40 },
      status: 'eligible',
      amountFen: 400000,
    },
    {
      name: '41 days: capped at 4000元',
      benefit: 'training_subsidy',
      kind: 'provider',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...training, trainingDays: 41 },
      status: 'eligible',
      amountFen: 400000,
    },
    {
      name: '79% employed',
      benefit: 'training_subsidy',
      kind: 'provider',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...training, courseEmployedCount: 79 },
      status: 'condition_not_met',
    },
    {
      name: '80% employed',
      benefit: 'training_subsidy',
      kind: 'provider',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...training, courseEmployedCount: 80 },
      status: 'eligible',
      amountFen: 150000,
    },
    {
      name: 'nobody trained: rate undefined, not met',
      benefit: 'training_subsidy',
      kind: 'provider',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...training, courseTraineeCount: 0, courseEmployedCount: 0 },
      status: 'condition_not_met',
    },
    {
      name: '临汾: 004 "按规定" only',
      benefit: 'training_subsidy',
      kind: 'provider',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: training,
      status: 'parameter_unset',
    },
    {
      name: '忻州 before 002 (2022-05-18): national 004',
      benefit: 'training_subsidy',
      kind: 'provider',
      region: XINZHOU,
      asOf: '2022-05-18',
      facts: training,
      status: 'parameter_unset',
    },
  ]);
});

describe('培训期间生活费补贴 15元/日 (002 二（三）1①, 003（十四）)', () => {
  check([
    {
      name: '忻州 8 days: 120元',
      benefit: 'training_living_allowance',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { isAlleviated: true, trainingDays: 8 },
      status: 'eligible',
      amountFen: 12000,
    },
    {
      name: '临汾 2024: 003',
      benefit: 'training_living_allowance',
      kind: 'person',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: { isAlleviated: true, trainingDays: 30 },
      status: 'eligible',
      amountFen: 45000,
    },
    {
      name: '临汾 2026: expired',
      benefit: 'training_living_allowance',
      kind: 'person',
      region: LINFEN,
      asOf: '2026-01-01',
      facts: { isAlleviated: true, trainingDays: 30 },
      status: 'expired',
    },
    {
      name: '临汾 2021-06-30: not yet in force',
      benefit: 'training_living_allowance',
      kind: 'person',
      region: LINFEN,
      asOf: '2021-06-30',
      facts: { isAlleviated: true, trainingDays: 30 },
      status: 'not_yet_in_force',
    },
    {
      name: '0 days',
      benefit: 'training_living_allowance',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { isAlleviated: true, trainingDays: 0 },
      status: 'condition_not_met',
    },
  ]);
});

describe('技能评价补贴 200/400/600/800元 (002 二（三）1①)', () => {
  check([
    ...(['category_1', 'category_2', 'category_3', 'category_4'] as const).map((category, k): Fixture => ({
      name: `${category}: ${(k + 1) * 200}元`,
      benefit: 'skill_evaluation_subsidy',
      kind: 'provider',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { isAlleviated: true, hasCertificateAfterTraining: true, certificateCategory: category },
      status: 'eligible',
      amountFen: (k + 1) * 20000,
    })),
    {
      name: 'another city’s subject (临汾)',
      benefit: 'skill_evaluation_subsidy',
      kind: 'provider',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: { isAlleviated: true, hasCertificateAfterTraining: true, certificateCategory: 'category_1' },
      status: 'outside_jurisdiction',
    },
    {
      name: 'no certificate',
      benefit: 'skill_evaluation_subsidy',
      kind: 'provider',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { isAlleviated: true, hasCertificateAfterTraining: false, certificateCategory: 'category_1' },
      status: 'condition_not_met',
    },
  ]);
});

const absorption = { isAlleviated: true, isSmallOrMicro: true, stableEmploymentMonths: 6 };
describe('一次性吸纳就业补助 ≤1000元 (002 二（三）2②; 001; 003（五）)', () => {
  check([
    {
      name: '6 months: 1000元',
      benefit: 'absorption_subsidy',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: absorption,
      status: 'eligible',
      amountFen: 100000,
    },
    {
      name: '5 months',
      benefit: 'absorption_subsidy',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...absorption, stableEmploymentMonths: 5 },
      status: 'condition_not_met',
    },
    {
      name: 'not small or micro',
      benefit: 'absorption_subsidy',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...absorption, isSmallOrMicro: false },
      status: 'condition_not_met',
    },
    {
      name: 'employer got the 50-person reward',
      benefit: 'absorption_subsidy',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: absorption,
      grants: [
        grant('absorption_reward', '2023-06-01', {
          subjectKind: 'employer',
          subjectId: 'S',
          amountFen: 10000000,
        }),
      ],
      status: 'excluded_by_grant',
    },
    {
      name: 'same person, same employer, second time',
      benefit: 'absorption_subsidy',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: absorption,
      grants: [
        grant('absorption_subsidy', '2023-06-01', {
          subjectKind: 'employer',
          subjectId: 'S',
          personId: 'P',
          amountFen: 100000,
        }),
      ],
      status: 'cap_reached',
    },
    {
      name: '临汾: "并给予企业吸纳就业补助" without amount',
      benefit: 'absorption_subsidy',
      kind: 'employer',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: absorption,
      status: 'parameter_unset',
    },
  ]);
});

describe('吸纳50人及以上一次性奖励 10万元 (002 二（三）2③, 003（四）)', () => {
  check([
    {
      name: '忻州 49',
      benefit: 'absorption_reward',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { absorbedAlleviatedCount: 49 },
      status: 'condition_not_met',
    },
    {
      name: '忻州 50: 10万元',
      benefit: 'absorption_reward',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { absorbedAlleviatedCount: 50 },
      status: 'eligible',
      amountFen: 10000000,
    },
    {
      name: '临汾 45 + 5 边缘易致贫, 就业帮扶基地: 003',
      benefit: 'absorption_reward',
      kind: 'employer',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: { isAssistanceBase: true, absorbedAlleviatedCount: 45, absorbedMonitoredCount: 5 },
      status: 'eligible',
      amountFen: 10000000,
      document: 'shanxi-2021-employment-assistance',
    },
    {
      name: '临汾 45 + 4',
      benefit: 'absorption_reward',
      kind: 'employer',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: { isAssistanceBase: true, absorbedAlleviatedCount: 45, absorbedMonitoredCount: 4 },
      status: 'condition_not_met',
    },
    {
      name: '临汾: not a recognised base',
      benefit: 'absorption_reward',
      kind: 'employer',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: { isAssistanceBase: false, absorbedAlleviatedCount: 60, absorbedMonitoredCount: 0 },
      status: 'condition_not_met',
    },
    {
      name: 'second reward',
      benefit: 'absorption_reward',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { absorbedAlleviatedCount: 80 },
      grants: [grant('absorption_reward', '2023-01-01', { subjectKind: 'employer', subjectId: 'S' })],
      status: 'cap_reached',
    },
  ]);
});

const incubator = {
  isInKeyAssistanceCounty: true,
  operatingMonths: 12,
  residentEntityCount: 20,
  absorbedAlleviatedCount: 20,
};
describe('创业孵化载体一次性奖补 ≤20万元 (002 二（三）2③, 003（十）)', () => {
  check([
    {
      name: '忻州 all at threshold: up to 20万元',
      benefit: 'incubator_reward',
      kind: 'incubator',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: incubator,
      status: 'eligible',
      amountFen: 20000000,
    },
    {
      name: '11 months of operation',
      benefit: 'incubator_reward',
      kind: 'incubator',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...incubator, operatingMonths: 11 },
      status: 'condition_not_met',
    },
    {
      name: '19 entities',
      benefit: 'incubator_reward',
      kind: 'incubator',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...incubator, residentEntityCount: 19 },
      status: 'condition_not_met',
    },
    {
      name: '19 labourers',
      benefit: 'incubator_reward',
      kind: 'incubator',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...incubator, absorbedAlleviatedCount: 19 },
      status: 'condition_not_met',
    },
    {
      name: 'not a key county',
      benefit: 'incubator_reward',
      kind: 'incubator',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...incubator, isInKeyAssistanceCounty: false },
      status: 'condition_not_met',
    },
    {
      name: '临汾: "具体标准由市级制定" → unset',
      benefit: 'incubator_reward',
      kind: 'incubator',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: incubator,
      status: 'parameter_unset',
    },
  ]);
});

const onTheJob = { isAlleviated: true, onTheJobTrainingMonths: 3 };
describe('以工代训 300元/人月, ≤6个月, 至2021年底 (003（九）)', () => {
  check([
    {
      name: '2021-12-31: 900元',
      benefit: 'on_the_job_training',
      kind: 'employer',
      region: TAIYUAN,
      asOf: '2021-12-31',
      facts: onTheJob,
      status: 'eligible',
      amountFen: 90000,
      months: 3,
    },
    {
      name: '2022-01-01: expired',
      benefit: 'on_the_job_training',
      kind: 'employer',
      region: TAIYUAN,
      asOf: '2022-01-01',
      facts: onTheJob,
      status: 'expired',
    },
    {
      name: '2021-06-30: not yet in force',
      benefit: 'on_the_job_training',
      kind: 'employer',
      region: TAIYUAN,
      asOf: '2021-06-30',
      facts: onTheJob,
      status: 'not_yet_in_force',
    },
    {
      name: '5 months used with this employer, 3 claimed: 1 month',
      benefit: 'on_the_job_training',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2021-12-01',
      facts: onTheJob,
      grants: [
        grant('on_the_job_training', '2021-07-01', {
          subjectKind: 'employer',
          subjectId: 'S',
          personId: 'P',
          months: 5,
        }),
      ],
      status: 'eligible',
      amountFen: 30000,
      months: 1,
    },
    {
      name: '6 months used: cap reached',
      benefit: 'on_the_job_training',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2021-12-01',
      facts: onTheJob,
      grants: [
        grant('on_the_job_training', '2021-07-01', {
          subjectKind: 'employer',
          subjectId: 'S',
          personId: 'P',
          months: 6,
        }),
      ],
      status: 'cap_reached',
    },
    {
      name: '7 months claimed: 6 paid',
      benefit: 'on_the_job_training',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2021-12-01',
      facts: { ...onTheJob, onTheJobTrainingMonths: 7 },
      status: 'eligible',
      amountFen: 180000,
      months: 6,
    },
    {
      name: 'already had it with another employer',
      benefit: 'on_the_job_training',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2021-12-01',
      facts: onTheJob,
      grants: [
        grant('on_the_job_training', '2020-05-01', {
          subjectKind: 'employer',
          subjectId: 'OTHER',
          personId: 'P',
          months: 2,
        }),
      ],
      status: 'excluded_by_grant',
    },
  ]);
});

const referral = {
  isAlleviated: true,
  workArea: 'out_of_province',
  isOrganisedTransfer: true,
  contractMonths: 12,
};
describe('职业介绍补贴 每人800元, 合同≥1年, 省外 (002 二（三）3; 003（四）; 004 二（三）)', () => {
  check([
    {
      name: '忻州 12-month contract: 800元',
      benefit: 'job_referral_subsidy',
      kind: 'provider',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: referral,
      status: 'eligible',
      amountFen: 80000,
    },
    {
      name: '忻州 11-month contract',
      benefit: 'job_referral_subsidy',
      kind: 'provider',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...referral, contractMonths: 11 },
      status: 'condition_not_met',
    },
    {
      name: '忻州 in-province placement',
      benefit: 'job_referral_subsidy',
      kind: 'provider',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...referral, workArea: 'province' },
      status: 'condition_not_met',
    },
    {
      name: '临汾 2024: 003 "按规定"',
      benefit: 'job_referral_subsidy',
      kind: 'provider',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: referral,
      status: 'parameter_unset',
    },
    {
      name: '临汾 2026: 004 "按规定"',
      benefit: 'job_referral_subsidy',
      kind: 'provider',
      region: LINFEN,
      asOf: '2026-03-01',
      facts: referral,
      status: 'parameter_unset',
    },
  ]);
});

describe('创业担保贷款 个人≤30万 企业≤300万 全额贴息; 税收扣减3年 (002 二（三）1③④ 2④)', () => {
  check([
    {
      name: 'individual: 30万元 ceiling',
      benefit: 'guarantee_loan_individual',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { meetsGuaranteeLoanConditions: true },
      status: 'eligible',
      amountFen: 30000000,
    },
    {
      name: 'enterprise: 300万元 ceiling',
      benefit: 'guarantee_loan_enterprise',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { meetsGuaranteeLoanConditions: true },
      status: 'eligible',
      amountFen: 300000000,
    },
    {
      name: '临汾 individual: 003 "按规定"',
      benefit: 'guarantee_loan_individual',
      kind: 'person',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: { meetsGuaranteeLoanConditions: true },
      status: 'parameter_unset',
    },
    {
      name: 'tax: last month of the 3 years, limit "按标准" unset',
      benefit: 'entrepreneurship_tax_deduction',
      kind: 'person',
      region: XINZHOU,
      asOf: '2025-05-31',
      facts: {
        isAlleviated: true,
        isSelfEmployed: true,
        meetsKeyGroupTaxConditions: true,
        businessRegistrationDate: '2022-06-15',
      },
      status: 'parameter_unset',
    },
    {
      name: 'tax: first day after the 3 years',
      benefit: 'entrepreneurship_tax_deduction',
      kind: 'person',
      region: XINZHOU,
      asOf: '2025-06-01',
      facts: {
        isAlleviated: true,
        isSelfEmployed: true,
        meetsKeyGroupTaxConditions: true,
        businessRegistrationDate: '2022-06-15',
      },
      status: 'condition_not_met',
    },
  ]);
});

describe('公益性岗位补贴与意外伤害保险 (003（十二）), other supports', () => {
  check([
    {
      name: 'welfare post: amount a city parameter, unset',
      benefit: 'welfare_post_subsidy',
      kind: 'person',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: { holdsWelfarePost: true, welfarePostContractMonths: 12, welfarePostMonths: 3 },
      status: 'parameter_unset',
    },
    {
      name: 'welfare post: contract of 13 months',
      benefit: 'welfare_post_subsidy',
      kind: 'person',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: { holdsWelfarePost: true, welfarePostContractMonths: 13, welfarePostMonths: 3 },
      status: 'condition_not_met',
    },
    {
      name: 'accident insurance: premium unset',
      benefit: 'welfare_post_accident_insurance',
      kind: 'person',
      region: LINFEN,
      asOf: '2024-03-01',
      facts: { holdsWelfarePost: true },
      status: 'parameter_unset',
    },
    {
      name: 'free training (000)',
      benefit: 'free_training',
      kind: 'person',
      region: TAIYUAN,
      asOf: '2024-03-01',
      facts: { isAlleviated: true, wantsTraining: true },
      status: 'eligible',
      amountFen: null,
    },
    {
      name: 'utility support 10 stable',
      benefit: 'utility_support',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { absorbedStableAlleviatedCount: 10 },
      status: 'eligible',
      amountFen: null,
    },
    {
      name: 'utility support 9 stable',
      benefit: 'utility_support',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { absorbedStableAlleviatedCount: 9 },
      status: 'condition_not_met',
    },
    {
      name: 'startup subsidy "按规定"',
      benefit: 'startup_subsidy',
      kind: 'person',
      region: TAIYUAN,
      asOf: '2024-03-01',
      facts: { isAlleviated: true, startedBusiness: true },
      status: 'parameter_unset',
    },
    {
      name: 'heritage workshop "按规定"',
      benefit: 'heritage_workshop_absorption',
      kind: 'employer',
      region: TAIYUAN,
      asOf: '2024-03-01',
      facts: { isHeritageWorkshop: true, absorbedAlleviatedCount: 12 },
      status: 'parameter_unset',
    },
    {
      name: 'relocated training transport "按规定"',
      benefit: 'relocated_training_transport',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { isRelocated: true, trainingDays: 5 },
      status: 'parameter_unset',
    },
    {
      name: 'microcredit',
      benefit: 'microcredit',
      kind: 'person',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { isAlleviated: true, startedBusiness: true },
      status: 'eligible',
      amountFen: null,
    },
  ]);
});

describe('generated boundaries', () => {
  it.each(Array.from({ length: 45 }, (_, k) => k + 1))('training subsidy for %i days', (days) => {
    const result = run({
      name: '',
      benefit: 'training_subsidy',
      kind: 'provider',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...training, trainingDays: days },
      status: 'eligible',
    });
    // 002 二（三）1①: ≤10天 150元/天; >10天 100元/天; 每人最高4000元
    const expected = days <= 10 ? days * 15000 : Math.min(days * 10000, 400000);
    expect(result.amountFen).toBe(expected);
    expect(result.explanation.caseTaken?.caseId).toBe(
      days <= 10 ? 'xinzhou-2022.training_subsidy.short_course' : 'xinzhou-2022.training_subsidy.long_course',
    );
  });

  it.each(Array.from({ length: 26 }, (_, k) => k))('employment rate %i/25', (employed) => {
    const result = run({
      name: '',
      benefit: 'training_subsidy',
      kind: 'provider',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...training, courseTraineeCount: 25, courseEmployedCount: employed },
      status: 'eligible',
    });
    expect(result.status).toBe(employed * 100 >= 80 * 25 ? 'eligible' : 'condition_not_met');
  });

  it.each(Array.from({ length: 61 }, (_, k) => k))('absorbed %i labourers (reward at ≥ 50)', (count) => {
    const result = run({
      name: '',
      benefit: 'absorption_reward',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { absorbedAlleviatedCount: count },
      status: 'eligible',
    });
    expect(result.status).toBe(count >= 50 ? 'eligible' : 'condition_not_met');
  });

  const days = ['2021-12-28', '2021-12-29', '2021-12-30', '2021-12-31', '2022-01-01', '2022-01-02'];
  it.each(days)('以工代训 on %s', (asOf) => {
    const result = run({
      name: '',
      benefit: 'on_the_job_training',
      kind: 'employer',
      region: LINFEN,
      asOf,
      facts: onTheJob,
      status: 'eligible',
    });
    expect(result.status).toBe(asOf <= '2021-12-31' ? 'eligible' : 'expired');
    if (result.status === 'expired') expect(result.reason?.date).toBe('2021-12-31');
  });

  it.each(Array.from({ length: 13 }, (_, k) => k))('stable employment of %i months', (months) => {
    const result = run({
      name: '',
      benefit: 'absorption_subsidy',
      kind: 'employer',
      region: XINZHOU,
      asOf: '2024-03-01',
      facts: { ...absorption, stableEmploymentMonths: months },
      status: 'eligible',
    });
    expect(result.status).toBe(months >= 6 ? 'eligible' : 'condition_not_met');
  });
});
