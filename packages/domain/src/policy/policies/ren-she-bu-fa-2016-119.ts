/**
 * 人社部发〔2016〕119号 人力资源社会保障部 财政部 国务院扶贫办关于切实做好就业扶贫工作的指导意见, seeds/004.
 * National. The seed text does not print its date; seeds/README.md gives 2016. We use 2016-12-02, the date under
 * which the document was published (not in the seed: verify against the official text).
 *
 * 二（三） only "鼓励地方对跨省务工的农村贫困人口给予交通补助": an encouragement to local governments, not a
 * national entitlement, so there is no national transport case; Shanxi's 800元 comes from 晋政办发〔2017〕29号.
 */
import type { BenefitCase, ParameterValue, PolicyDocument } from '../engine/types.ts';
import { citeDocument, isAlleviated, isTrue, openFrom, positive } from './helpers.ts';

export const DOCUMENT: PolicyDocument = {
  id: 'ren-she-bu-fa-2016-119',
  number: '人社部发〔2016〕119号',
  title: '人力资源社会保障部 财政部 国务院扶贫办关于切实做好就业扶贫工作的指导意见',
  issuer: '人力资源社会保障部、财政部、国务院扶贫办',
  issuedOn: '2016-12-02',
  jurisdiction: 'national',
  note: '发文日期不在种子文本中（README 仅写 2016 年），2016-12-02 待核对',
};

const JURISDICTION = 'national';
const IN_FORCE = openFrom('2016-12-02');
const cite = (article: string, quote: string): ReturnType<typeof citeDocument> =>
  citeDocument(DOCUMENT, article, quote);

// 人社部发〔2016〕119号 二（五）: 对吸纳符合就业困难人员条件的贫困劳动力就业并缴纳社会保险的企业，给予社会保险补贴，补贴期限不超过三年
export const EMPLOYER_INSURANCE = cite(
  '二（五）',
  '对吸纳符合就业困难人员条件的贫困劳动力就业并缴纳社会保险的企业，给予社会保险补贴，补贴期限不超过三年',
);
// 人社部发〔2016〕119号 二（三）: 鼓励人力资源服务机构、农村劳务经纪人等市场主体开展有组织劳务输出，按规定给予就业创业服务补贴
const ORGANISED_EXPORT = cite(
  '二（三）',
  '鼓励人力资源服务机构、农村劳务经纪人等市场主体开展有组织劳务输出，按规定给予就业创业服务补贴',
);
// 人社部发〔2016〕119号 二（四）: 积极组织贫困劳动力参加…培训…并按规定落实职业培训补贴
const TRAINING = cite(
  '二（四）',
  '积极组织贫困劳动力参加劳动预备制培训、岗前培训、订单培训和岗位技能提升培训……并按规定落实职业培训补贴',
);

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
  value(
    'employer_social_insurance.share',
    null,
    EMPLOYER_INSURANCE,
    '补贴标准按就业困难人员社会保险补贴的规定',
  ),
  value('employer_social_insurance.max_months', 36, EMPLOYER_INSURANCE),
  value('job_referral.amount', null, ORGANISED_EXPORT, '按规定给予就业创业服务补贴'),
  value('training_subsidy.standard', null, TRAINING, '按规定落实职业培训补贴'),
];

export const CASES: readonly BenefitCase[] = [
  {
    id: 'rsb-2016-119.employer_social_insurance',
    benefitId: 'employer_social_insurance',
    label: '企业吸纳符合就业困难人员条件的贫困劳动力并缴纳社会保险',
    kind: 'base',
    rank: 0,
    jurisdiction: JURISDICTION,
    validity: [IN_FORCE],
    citation: EMPLOYER_INSURANCE,
    conditions: [
      isAlleviated,
      isTrue('meets_hardship_criteria', '符合就业困难人员条件', 'meetsHardshipCriteria'),
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
        label: '补贴期限不超过三年',
        measure: 'months',
        period: 'lifetime',
        scope: 'subject_person',
        maxParam: 'employer_social_insurance.max_months',
        monthsFact: 'contributionMonths',
        citation: EMPLOYER_INSURANCE,
      },
    ],
  },
  {
    id: 'rsb-2016-119.job_referral_subsidy',
    benefitId: 'job_referral_subsidy',
    label: '市场主体开展有组织劳务输出（就业创业服务补贴）',
    kind: 'base',
    rank: 0,
    jurisdiction: JURISDICTION,
    validity: [IN_FORCE],
    citation: ORGANISED_EXPORT,
    conditions: [isAlleviated, isTrue('organised_transfer', '有组织劳务输出', 'isOrganisedTransfer')],
    amount: { kind: 'fixed', param: 'job_referral.amount', amountKind: 'up_to' },
  },
  {
    id: 'rsb-2016-119.training_subsidy',
    benefitId: 'training_subsidy',
    label: '贫困劳动力参加职业培训（按规定落实职业培训补贴）',
    kind: 'base',
    rank: 0,
    jurisdiction: JURISDICTION,
    validity: [IN_FORCE],
    citation: TRAINING,
    conditions: [isAlleviated, positive('trained', '参加了培训', 'trainingDays')],
    amount: { kind: 'fixed', param: 'training_subsidy.standard', amountKind: 'up_to' },
  },
];
