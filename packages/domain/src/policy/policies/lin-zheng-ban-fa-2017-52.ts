/**
 * 临政办发〔2017〕52号 临汾市人民政府办公厅关于进一步做好农村贫困劳动力转移就业扶贫工作的实施意见
 * (2017-06-23), seeds/001. 临汾市 (1410), no end date. It restates 晋政办发〔2017〕29号（十二）（十三） for
 * Linfen in 三（四）强化政策激励 and adds "并给予企业吸纳就业补助" without an amount.
 */
import type { BenefitCase, ParameterValue, PolicyDocument } from '../engine/types.ts';
import { EMPLOYER_INSURANCE as NATIONAL_THREE_YEARS } from './ren-she-bu-fa-2016-119.ts';
import { citeDocument, isAlleviated, isTrue, openFrom, positive } from './helpers.ts';

export const DOCUMENT: PolicyDocument = {
  id: 'lin-zheng-ban-fa-2017-52',
  number: '临政办发〔2017〕52号',
  title: '临汾市人民政府办公厅关于进一步做好农村贫困劳动力转移就业扶贫工作的实施意见',
  issuer: '临汾市人民政府办公厅',
  issuedOn: '2017-06-23',
  jurisdiction: '1410',
};

const JURISDICTION = '1410';
const IN_FORCE = openFrom('2017-06-23');
const cite = (article: string, quote: string): ReturnType<typeof citeDocument> =>
  citeDocument(DOCUMENT, article, quote);

// 临政办发〔2017〕52号 三（四）: 对当年跨省务工的，按每人不超过800元标准给予一次性交通补助
const TRANSPORT = cite(
  '三（四）',
  '支持农村贫困劳动力异地转移就业，对当年跨省务工的，按每人不超过800元标准给予一次性交通补助',
);
// 临政办发〔2017〕52号 三（四）: 对在输入地设立的服务站，可按服务人数给予每人每年不超过300元的就业服务补贴
const STATION = cite('三（四）', '对在输入地设立的服务站，可按服务人数给予每人每年不超过300元的就业服务补贴');
// 临政办发〔2017〕52号 三（四）: 参照吸纳城镇就业困难人员给予社会保险补贴；并给予企业吸纳就业补助
const EMPLOYER = cite(
  '三（四）',
  '鼓励企业吸纳农村贫困劳动力就业，参照吸纳城镇就业困难人员给予社会保险补贴；并给予企业吸纳就业补助',
);
// 临政办发〔2017〕52号 三（四）第二段: 缴费基数最低为全省在岗职工平均工资的40%，不超过3年，不超过本人实际缴费的三分之二
const FLEXIBLE_INSURANCE = cite(
  '三（四）',
  '劳务输出人员可按城镇灵活就业人员参加基本养老、基本医疗保险,缴费基数可由本人自愿选择,最低为全省在岗职工平均工资的40%。输出地县级政府可从统筹整合的扶贫资金中给予其不超过3年的社会保险补贴,补贴标准不超过本人实际缴费的三分之二',
);
// 临政办发〔2017〕52号 一、二（二）6、三（四）: 免费参加一次职业技能或创业培训；免费培训和技能鉴定
const FREE_TRAINING = cite('三（四）', '对农村贫困劳动力开展免费培训和技能鉴定');

const value = (
  parameterId: string,
  v: ParameterValue['value'],
  citation: ParameterValue['citation'],
  note?: string,
): ParameterValue => {
  const result: ParameterValue = {
    parameterId,
    jurisdiction: JURISDICTION,
    validity: IN_FORCE,
    value: v,
    override: 'replace',
    citation,
  };
  if (note !== undefined) result.note = note;
  return result;
};

export const VALUES: readonly ParameterValue[] = [
  value('cross_province_transport.amount', 80000, TRANSPORT),
  value('cross_province_transport.max_claims_per_year', 1, TRANSPORT),
  value('station_service.rate_per_person', 30000, STATION),
  value('station_service.max_claims_per_year', 1, STATION),
  value('employer_social_insurance.share', null, EMPLOYER, '参照吸纳城镇就业困难人员的规定'),
  // "并给予企业吸纳就业补助": no amount; 具体办法由市人社局会同市财政局、扶贫开发办制定.
  value(
    'absorption_subsidy.amount',
    null,
    EMPLOYER,
    '具体办法由市人力资源和社会保障局会同市财政局、扶贫开发办制定',
  ),
  value('labor_export_social_insurance.share', { numerator: 2, denominator: 3 }, FLEXIBLE_INSURANCE),
  value('labor_export_social_insurance.max_months', 36, FLEXIBLE_INSURANCE),
  value(
    'labor_export_social_insurance.min_base_ratio',
    { numerator: 40, denominator: 100 },
    FLEXIBLE_INSURANCE,
  ),
];

export const CASES: readonly BenefitCase[] = [
  {
    id: 'lin-2017-52.cross_province_transport',
    benefitId: 'cross_province_transport',
    label: '当年跨省务工的农村贫困劳动力（临汾）',
    kind: 'base',
    rank: 0,
    jurisdiction: JURISDICTION,
    validity: [IN_FORCE],
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
    id: 'lin-2017-52.station_service_subsidy',
    benefitId: 'station_service_subsidy',
    label: '劳务输出机构在输入地设立的服务站（临汾）',
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
    id: 'lin-2017-52.employer_social_insurance',
    benefitId: 'employer_social_insurance',
    label: '企业吸纳农村贫困劳动力就业（临汾，参照就业困难人员）',
    kind: 'base',
    rank: 0,
    jurisdiction: JURISDICTION,
    validity: [IN_FORCE],
    citation: EMPLOYER,
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
    id: 'lin-2017-52.absorption_subsidy',
    benefitId: 'absorption_subsidy',
    label: '企业吸纳农村贫困劳动力就业（临汾）',
    kind: 'base',
    rank: 0,
    jurisdiction: JURISDICTION,
    validity: [IN_FORCE],
    citation: EMPLOYER,
    conditions: [isAlleviated],
    amount: { kind: 'fixed', param: 'absorption_subsidy.amount', amountKind: 'up_to' },
  },
  {
    id: 'lin-2017-52.labor_export_social_insurance',
    benefitId: 'labor_export_social_insurance',
    label: '劳务输出人员按灵活就业人员参保（临汾）',
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
    id: 'lin-2017-52.free_training',
    benefitId: 'free_training',
    label: '农村贫困劳动力免费培训和技能鉴定（临汾）',
    kind: 'base',
    rank: 0,
    jurisdiction: JURISDICTION,
    validity: [IN_FORCE],
    citation: FREE_TRAINING,
    conditions: [isAlleviated, isTrue('wants_training', '有培训意愿', 'wantsTraining')],
    amount: { kind: 'in_kind', description: '免费参加一次职业技能或创业培训和技能鉴定' },
  },
];
