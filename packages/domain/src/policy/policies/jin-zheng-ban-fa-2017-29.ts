/**
 * 晋政办发〔2017〕29号 山西省人民政府办公厅关于进一步做好农村贫困劳动力转移就业扶贫工作的意见 (2017-04-13),
 * seeds/000. Province-wide (14), no end date.
 *
 * Where the five-department 2021 opinion (seeds/003, in force 2021-07 … 2025-12-31) restates a benefit for the
 * whole province (cross-province transport, enterprise social insurance), "the later one stands for the period it
 * covers" (seeds/README.md): this document's values are split around that period so that validity never overlaps.
 */
import type { BenefitCase, ParameterValue, PolicyDocument } from '../engine/types.ts';
import { EMPLOYER_INSURANCE as NATIONAL_THREE_YEARS } from './ren-she-bu-fa-2016-119.ts';
import { between, citeDocument, isAlleviated, isTrue, openFrom, positive } from './helpers.ts';

export const DOCUMENT: PolicyDocument = {
  id: 'jin-zheng-ban-fa-2017-29',
  number: '晋政办发〔2017〕29号',
  title: '山西省人民政府办公厅关于进一步做好农村贫困劳动力转移就业扶贫工作的意见',
  issuer: '山西省人民政府办公厅',
  issuedOn: '2017-04-13',
  jurisdiction: '14',
};

const JURISDICTION = '14';
const IN_FORCE = openFrom('2017-04-13');
/** Superseded by seeds/003 from 2021-07-01 to 2025-12-31 for the benefits 003 restates. */
const BEFORE_2021_OPINION = between('2017-04-13', '2021-06-30');
const AFTER_2021_OPINION = openFrom('2026-01-01');
const SPLIT = [BEFORE_2021_OPINION, AFTER_2021_OPINION];

const cite = (article: string, quote: string): ReturnType<typeof citeDocument> =>
  citeDocument(DOCUMENT, article, quote);

// 晋政办发〔2017〕29号（十二）: 对当年跨省务工的，按每人不超过800元标准给予一次性交通补助
const TRANSPORT = cite(
  '（十二）',
  '支持农村贫困劳动力异地转移就业，对当年跨省务工的，按每人不超过 800 元标准给予一次性交通补助',
);
// 晋政办发〔2017〕29号（十二）: 对在输入地设立的服务站，可按服务人数给予每人每年不超过300元的就业服务补贴
const STATION = cite(
  '（十二）',
  '对在输入地设立的服务站，可按服务人数给予每人每年不超过 300 元的就业服务补贴',
);
// 晋政办发〔2017〕29号（十二）: 鼓励企业吸纳农村贫困劳动力就业，参照吸纳城镇就业困难人员给予社会保险补贴
const EMPLOYER_INSURANCE = cite(
  '（十二）',
  '鼓励企业吸纳农村贫困劳动力就业，参照吸纳城镇就业困难人员给予社会保险补贴',
);
// 晋政办发〔2017〕29号（十三）: 灵活就业参保，缴费基数最低为全省在岗职工平均工资的40%，不超过3年、不超过本人实际缴费的三分之二
const FLEXIBLE_INSURANCE = cite(
  '（十三）',
  '劳务输出人员可按城镇灵活就业人员参加基本养老、基本医疗保险。缴费基数可由本人自愿选择，最低为全省在岗职工平均工资的 40%。输出地县级政府可从统筹整合的扶贫资金中给予其不超过 3 年的社会保险补贴，补贴标准不超过本人实际缴费的三分之二',
);
// 晋政办发〔2017〕29号（十二）: 对农村贫困劳动力开展免费培训和技能鉴定
const FREE_TRAINING = cite('（十二）', '对农村贫困劳动力开展免费培训和技能鉴定');

function value(
  parameterId: string,
  v: ParameterValue['value'],
  citation: ParameterValue['citation'],
  validity = IN_FORCE,
  note?: string,
): ParameterValue {
  const result: ParameterValue = {
    parameterId,
    jurisdiction: JURISDICTION,
    validity,
    value: v,
    override: 'replace',
    citation,
  };
  if (note !== undefined) result.note = note;
  return result;
}

export const VALUES: readonly ParameterValue[] = [
  ...SPLIT.map((validity) => value('cross_province_transport.amount', 80000, TRANSPORT, validity)),
  // "一次性" for "当年跨省务工的": once per person per year.
  ...SPLIT.map((validity) => value('cross_province_transport.max_claims_per_year', 1, TRANSPORT, validity)),
  value('station_service.rate_per_person', 30000, STATION),
  // "每人每年": the station claims once a year for the people it served that year.
  value('station_service.max_claims_per_year', 1, STATION),
  // "参照吸纳城镇就业困难人员": the share is set by the rules for 就业困难人员, not by this document.
  ...SPLIT.map((validity) =>
    value(
      'employer_social_insurance.share',
      null,
      EMPLOYER_INSURANCE,
      validity,
      '参照吸纳城镇就业困难人员的规定，本文件未给出标准',
    ),
  ),
  value('labor_export_social_insurance.share', { numerator: 2, denominator: 3 }, FLEXIBLE_INSURANCE),
  value('labor_export_social_insurance.max_months', 36, FLEXIBLE_INSURANCE),
  value(
    'labor_export_social_insurance.min_base_ratio',
    { numerator: 40, denominator: 100 },
    FLEXIBLE_INSURANCE,
  ),
  // 全省在岗职工平均工资 is a yearly statistic the document refers to; an administrator sets it per year.
  value(
    'provincial_average_wage.monthly',
    null,
    FLEXIBLE_INSURANCE,
    IN_FORCE,
    '全省在岗职工平均工资由统计部门逐年公布，待管理员设定',
  ),
];

export const CASES: readonly BenefitCase[] = [
  {
    id: 'jin-2017-29.cross_province_transport',
    benefitId: 'cross_province_transport',
    label: '当年跨省务工的农村贫困劳动力',
    kind: 'base',
    rank: 0,
    jurisdiction: JURISDICTION,
    validity: SPLIT,
    citation: TRANSPORT,
    conditions: [
      isAlleviated,
      {
        id: 'works_out_of_province',
        label: '跨省务工',
        kind: 'in',
        fact: 'workArea',
        values: ['out_of_province'],
      },
      { id: 'departed_this_year', label: '当年外出务工', kind: 'date_in_asof_year', fact: 'departureDate' },
    ],
    amount: { kind: 'fixed', param: 'cross_province_transport.amount', amountKind: 'up_to' },
    limits: [
      {
        id: 'once_per_year',
        label: '每人每年一次',
        measure: 'count',
        period: 'year',
        scope: 'person',
        maxParam: 'cross_province_transport.max_claims_per_year',
        citation: TRANSPORT,
      },
    ],
  },
  {
    id: 'jin-2017-29.station_service_subsidy',
    benefitId: 'station_service_subsidy',
    label: '劳务输出机构在输入地设立的服务站',
    kind: 'base',
    rank: 0,
    jurisdiction: JURISDICTION,
    validity: [IN_FORCE],
    citation: STATION,
    conditions: [
      isTrue('in_destination_area', '在输入地设立', 'isInDestinationArea'),
      positive('served_someone', '当年有服务人数', 'servedPersonCount'),
    ],
    amount: {
      kind: 'per_unit',
      unitsFact: 'servedPersonCount',
      rateParam: 'station_service.rate_per_person',
      amountKind: 'up_to',
    },
    limits: [
      {
        id: 'once_per_year',
        label: '每个服务站每年申领一次（每人每年）',
        measure: 'count',
        period: 'year',
        scope: 'subject',
        maxParam: 'station_service.max_claims_per_year',
        citation: STATION,
      },
    ],
  },
  {
    id: 'jin-2017-29.employer_social_insurance',
    benefitId: 'employer_social_insurance',
    label: '企业吸纳农村贫困劳动力就业（参照就业困难人员）',
    kind: 'base',
    rank: 0,
    jurisdiction: JURISDICTION,
    validity: SPLIT,
    citation: EMPLOYER_INSURANCE,
    conditions: [
      isAlleviated,
      isTrue('meets_hardship_criteria', '参照吸纳城镇就业困难人员', 'meetsHardshipCriteria'),
      isTrue('paid_social_insurance', '已缴纳社会保险', 'hasPaidSocialInsurance'),
      positive('months_claimed', '本期有缴费月数', 'contributionMonths'),
    ],
    amount: {
      kind: 'share_of_fact',
      fact: 'employerContributionFen',
      ratioParam: 'employer_social_insurance.share',
      amountKind: 'up_to',
    },
    limits: [
      {
        id: 'three_years',
        label: '补贴期限不超过三年（人社部发〔2016〕119号）',
        measure: 'months',
        period: 'lifetime',
        scope: 'subject_person',
        maxParam: 'employer_social_insurance.max_months',
        monthsFact: 'contributionMonths',
        citation: NATIONAL_THREE_YEARS,
      },
    ],
  },
  {
    id: 'jin-2017-29.labor_export_social_insurance',
    benefitId: 'labor_export_social_insurance',
    label: '劳务输出人员按灵活就业人员参保',
    kind: 'base',
    rank: 0,
    jurisdiction: JURISDICTION,
    validity: [IN_FORCE],
    citation: FLEXIBLE_INSURANCE,
    conditions: [
      isAlleviated,
      isTrue('is_labor_export', '劳务输出人员', 'isLaborExport'),
      isTrue('flexible_insured', '按城镇灵活就业人员参加基本养老、基本医疗保险', 'isFlexibleInsured'),
      {
        id: 'base_at_least_40_percent',
        label: '缴费基数不低于全省在岗职工平均工资的40%',
        kind: 'share_of_param_at_least',
        fact: 'contributionBaseFen',
        baseParam: 'provincial_average_wage.monthly',
        ratioParam: 'labor_export_social_insurance.min_base_ratio',
      },
      positive('months_claimed', '本期有缴费月数', 'contributionMonths'),
    ],
    amount: {
      kind: 'share_of_fact',
      fact: 'actualContributionFen',
      ratioParam: 'labor_export_social_insurance.share',
      amountKind: 'up_to',
    },
    limits: [
      {
        id: 'three_years',
        label: '社会保险补贴不超过3年',
        measure: 'months',
        period: 'lifetime',
        scope: 'person',
        maxParam: 'labor_export_social_insurance.max_months',
        monthsFact: 'contributionMonths',
        citation: FLEXIBLE_INSURANCE,
      },
    ],
  },
  {
    id: 'jin-2017-29.free_training',
    benefitId: 'free_training',
    label: '农村贫困劳动力免费培训和技能鉴定',
    kind: 'base',
    rank: 0,
    jurisdiction: JURISDICTION,
    validity: [IN_FORCE],
    citation: FREE_TRAINING,
    conditions: [isAlleviated, isTrue('wants_training', '有培训意愿', 'wantsTraining')],
    amount: { kind: 'in_kind', description: '免费参加职业培训和技能鉴定' },
  },
];
