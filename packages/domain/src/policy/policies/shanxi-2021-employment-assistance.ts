/**
 * 山西省人社厅、发改委、财政厅、农业农村厅、乡村振兴局《关于切实加强就业帮扶巩固拓展脱贫攻坚成果助力乡村振兴的
 * 实施意见》, seeds/003. Province-wide (14), no document number in the seed. "本文件自印发之日起实施，政策执行期限截止
 * 2025年12月31日"; the date is printed as "2021年7月 日" (day left blank), so validity starts 2021-07-01.
 */
import type { BenefitCase, ParameterValue, PolicyDocument } from '../engine/types.ts';
import { between, citeDocument, isAlleviated, isTrue, positive } from './helpers.ts';

export const DOCUMENT: PolicyDocument = {
  id: 'shanxi-2021-employment-assistance',
  number: null,
  title: '关于切实加强就业帮扶巩固拓展脱贫攻坚成果助力乡村振兴的实施意见',
  issuer:
    '山西省人力资源和社会保障厅、山西省发展和改革委员会、山西省财政厅、山西省农业农村厅、山西省乡村振兴局',
  issuedOn: null,
  jurisdiction: '14',
  note: '印发日期为"2021年7月 日"（日未填），按2021-07-01起算；政策执行期限截止2025-12-31',
};

const JURISDICTION = '14';
const IN_FORCE = between('2021-07-01', '2025-12-31');
// （九）: 以工代训 "政策执行时间至2021年底"
const ON_THE_JOB_IN_FORCE = between('2021-07-01', '2021-12-31');
const cite = (article: string, quote: string): ReturnType<typeof citeDocument> =>
  citeDocument(DOCUMENT, article, quote);

// （四）: 对当年跨省务工的脱贫人口，可给予最高不超过800元一次性交通补贴
const CROSS_PROVINCE = cite('（四）', '对当年跨省务工的脱贫人口，可给予最高不超过 800 元一次性交通补贴');
// （四）: 通过有组织劳务输出到户籍所在县以外的省内用人单位就业的，可给予不超过300元的一次性交通补贴
const IN_PROVINCE = cite(
  '（四）',
  '通过有组织劳务输出到户籍所在县以外的省内用人单位就业的，可给予不超过 300 元的一次性交通补贴',
);
// （四）: 对开展有组织劳务输出的人力资源服务机构、劳务经纪人，按规定给予职业介绍补贴
const REFERRAL = cite(
  '（四）',
  '对面向脱贫人口开展有组织劳务输出的人力资源服务机构、各地认定的劳务经纪人，按规定给予职业介绍补贴等就业创业服务补助',
);
// （四）: 就业帮扶基地吸纳脱贫人口、边缘易致贫人口达到50人及以上的，10万元一次性奖励，不再重复享受一次性吸纳就业补助
const REWARD = cite(
  '（四）',
  '各地可将吸纳脱贫劳动力就业数量多、效果好的市场主体认定为就业帮扶基地，对吸纳脱贫人口、边缘易致贫人口达到 50 人及以上的，可给予 10 万元的一次性奖励，该基地不再重复享受一次性吸纳就业补助',
);
// （五）: 按规定落实吸纳就业补贴、社会保险补贴、税费减免、创业担保贷款及贴息等政策
const EMPLOYER_POLICIES = cite(
  '（五）',
  '对符合条件的吸纳脱贫人口就业的企业，按规定落实吸纳就业补贴、社会保险补贴、税费减免、创业担保贷款及贴息等政策',
);
// （九）: 以工代训每人每月300元，最长不超过6个月，至2021年底；已享受过以工代训的人员除外
const ON_THE_JOB = cite(
  '（九）',
  '对企业、就业帮扶车间等各类生产经营主体吸纳脱贫人口（已享受过以工代训职业培训补贴政策人员除外）就业并开展以工代训的，根据吸纳人数给予每人每月 300 元，最长不超过 6 个月的职业培训补贴，政策执行时间至 2021 年底',
);
// （十）: 创业孵化基地等创业载体，最高20万元一次性奖补，具体标准由市级人力资源社会保障、财政部门制定
const INCUBATOR = cite(
  '（十）',
  '对在乡村振兴重点帮扶县建设且正常运营一年以上的创业孵化基地、创业园区等创业载体，入驻实体数量达到 20 户以上、吸纳贫困劳动力就业达到 20 人以上的，可在原有奖补政策的基础上，根据入驻户数、吸纳劳动力人数给予最高 20 万元的一次性奖补，具体标准由市级人力资源社会保障、财政部门制定',
);
// （十）: 按规定落实创业担保贷款及贴息、一次性创业补贴；非遗扶贫就业工坊一次性吸纳就业补贴
const STARTUP = cite(
  '（十）',
  '帮助有条件的脱贫人口自主创业，按规定落实税费减免、场地安排、创业担保贷款及贴息、一次性创业补贴和创业培训等支持政策',
);
const HERITAGE = cite(
  '（十）',
  '支持各地设立一批特色鲜明、带动就业作用明显的非遗扶贫就业工坊，按照吸纳脱贫劳动力就业人数……给予一次性吸纳就业补贴',
);
// （十二）: 乡村公益性岗位按规定给予岗位补贴，购买意外伤害商业保险，每次签订期限不超过1年
const WELFARE_POST = cite(
  '（十二）',
  '对乡村公益性岗位安置人员按规定给予岗位补贴，购买意外伤害商业保险，依法签订劳动合同或劳务协议，每次签订期限不超过 1 年',
);
// （十四）: 脱贫人口在培训期间按规定给予每日15元生活费补贴
const LIVING_ALLOWANCE = cite('（十四）', '脱贫人口在培训期间按规定给予每日 15 元生活费补贴');

const value = (
  parameterId: string,
  v: ParameterValue['value'],
  citation: ParameterValue['citation'],
  note?: string,
  validity = IN_FORCE,
): ParameterValue => {
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
};

const BY_REGULATION = '按规定，标准未在本文件中列明';

export const VALUES: readonly ParameterValue[] = [
  value('cross_province_transport.amount', 80000, CROSS_PROVINCE),
  value('cross_province_transport.max_claims_per_year', 1, CROSS_PROVINCE),
  value('in_province_transport.amount', 30000, IN_PROVINCE),
  // "一次性": read as once per person per year, like the cross-province subsidy beside it.
  value('in_province_transport.max_claims_per_year', 1, IN_PROVINCE),
  value('job_referral.amount', null, REFERRAL, BY_REGULATION),
  value('absorption_reward.amount', 10000000, REWARD),
  value('absorption_reward.min_absorbed', 50, REWARD),
  value('absorption_reward.max_claims', 1, REWARD),
  value('absorption_subsidy.amount', null, EMPLOYER_POLICIES, BY_REGULATION),
  value('employer_social_insurance.share', null, EMPLOYER_POLICIES, BY_REGULATION),
  value('guarantee_loan.enterprise_max', null, EMPLOYER_POLICIES, BY_REGULATION),
  value('guarantee_loan.individual_max', null, STARTUP, BY_REGULATION),
  value('guarantee_loan.interest_subsidy', null, EMPLOYER_POLICIES, BY_REGULATION),
  value('on_the_job_training.monthly', 30000, ON_THE_JOB, undefined, ON_THE_JOB_IN_FORCE),
  value('on_the_job_training.max_months', 6, ON_THE_JOB, undefined, ON_THE_JOB_IN_FORCE),
  value('incubator_reward.amount', null, INCUBATOR, '具体标准由市级人力资源社会保障、财政部门制定'),
  value('incubator_reward.max', 20000000, INCUBATOR),
  value('incubator_reward.min_operating_months', 12, INCUBATOR),
  value('incubator_reward.min_resident_entities', 20, INCUBATOR),
  value('incubator_reward.min_absorbed', 20, INCUBATOR),
  value('incubator_reward.max_claims', 1, INCUBATOR),
  value('startup_subsidy.amount', null, STARTUP, BY_REGULATION),
  value('heritage_workshop.amount_per_person', null, HERITAGE, BY_REGULATION),
  value('welfare_post.monthly_subsidy', null, WELFARE_POST, '按规定给予岗位补贴，标准由市县确定'),
  value('welfare_post.max_contract_months', 12, WELFARE_POST),
  value(
    'welfare_post.accident_insurance_premium',
    null,
    WELFARE_POST,
    '购买意外伤害商业保险，保费按采购结果',
  ),
  value('training_living_allowance.daily', 1500, LIVING_ALLOWANCE),
];

const base = { kind: 'base', rank: 0, jurisdiction: JURISDICTION, validity: [IN_FORCE] } as const;

export const CASES: readonly BenefitCase[] = [
  {
    ...base,
    id: 'shanxi-2021.cross_province_transport',
    benefitId: 'cross_province_transport',
    label: '当年跨省务工的脱贫人口',
    citation: CROSS_PROVINCE,
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
        citation: CROSS_PROVINCE,
      },
    ],
  },
  {
    ...base,
    id: 'shanxi-2021.in_province_transport',
    benefitId: 'in_province_transport',
    label: '有组织劳务输出到户籍所在县以外的省内用人单位就业',
    citation: IN_PROVINCE,
    conditions: [
      isAlleviated,
      isTrue('organised_transfer', '通过有组织劳务输出', 'isOrganisedTransfer'),
      {
        id: 'in_province_outside_county',
        label: '到户籍所在县以外的省内用人单位就业',
        kind: 'in',
        fact: 'workArea',
        values: ['province'],
      },
    ],
    amount: { kind: 'fixed', param: 'in_province_transport.amount', amountKind: 'up_to' },
    limits: [
      {
        id: 'once_per_year',
        label: '一次性（每人每年一次）',
        measure: 'count',
        period: 'year',
        scope: 'person',
        maxParam: 'in_province_transport.max_claims_per_year',
        citation: IN_PROVINCE,
      },
    ],
  },
  {
    ...base,
    id: 'shanxi-2021.job_referral_subsidy',
    benefitId: 'job_referral_subsidy',
    label: '面向脱贫人口开展有组织劳务输出',
    citation: REFERRAL,
    conditions: [isAlleviated, isTrue('organised_transfer', '有组织劳务输出', 'isOrganisedTransfer')],
    amount: { kind: 'fixed', param: 'job_referral.amount', amountKind: 'up_to' },
  },
  {
    ...base,
    id: 'shanxi-2021.absorption_reward',
    benefitId: 'absorption_reward',
    label: '就业帮扶基地吸纳脱贫人口、边缘易致贫人口达到50人及以上',
    citation: REWARD,
    conditions: [
      isTrue('assistance_base', '经认定的就业帮扶基地', 'isAssistanceBase'),
      {
        id: 'absorbed_50',
        label: '吸纳脱贫人口、边缘易致贫人口达到50人及以上',
        kind: 'sum_compare',
        facts: ['absorbedAlleviatedCount', 'absorbedMonitoredCount'],
        op: 'gte',
        param: 'absorption_reward.min_absorbed',
      },
    ],
    amount: { kind: 'fixed', param: 'absorption_reward.amount', amountKind: 'exact' },
    limits: [
      {
        id: 'once',
        label: '一次性奖励',
        measure: 'count',
        period: 'lifetime',
        scope: 'subject',
        maxParam: 'absorption_reward.max_claims',
        citation: REWARD,
      },
    ],
  },
  {
    ...base,
    id: 'shanxi-2021.absorption_subsidy',
    benefitId: 'absorption_subsidy',
    label: '企业吸纳脱贫人口就业（按规定落实吸纳就业补贴）',
    citation: EMPLOYER_POLICIES,
    conditions: [isAlleviated],
    amount: { kind: 'fixed', param: 'absorption_subsidy.amount', amountKind: 'up_to' },
    exclusions: [
      {
        id: 'no_subsidy_after_reward',
        label: '就业帮扶基地获得一次性奖励后不再重复享受一次性吸纳就业补助',
        benefitIds: ['absorption_reward'],
        scope: 'subject',
        period: 'lifetime',
        citation: REWARD,
      },
    ],
  },
  {
    ...base,
    id: 'shanxi-2021.employer_social_insurance',
    benefitId: 'employer_social_insurance',
    label: '企业吸纳脱贫人口就业（按规定落实社会保险补贴）',
    citation: EMPLOYER_POLICIES,
    conditions: [
      isAlleviated,
      isTrue('paid_social_insurance', '已缴纳社会保险', 'hasPaidSocialInsurance'),
      positive('months_claimed', '本期有缴费月数', 'contributionMonths'),
    ],
    amount: {
      kind: 'share_of_fact',
      fact: 'employerContributionFen',
      ratioParam: 'employer_social_insurance.share',
      amountKind: 'up_to',
    },
  },
  {
    ...base,
    id: 'shanxi-2021.guarantee_loan_enterprise',
    benefitId: 'guarantee_loan_enterprise',
    label: '吸纳脱贫人口就业的企业（按规定落实创业担保贷款及贴息）',
    citation: EMPLOYER_POLICIES,
    conditions: [isTrue('meets_loan_conditions', '符合创业担保贷款申请条件', 'meetsGuaranteeLoanConditions')],
    amount: {
      kind: 'loan',
      limitParam: 'guarantee_loan.enterprise_max',
      interestSubsidyParam: 'guarantee_loan.interest_subsidy',
    },
  },
  {
    ...base,
    id: 'shanxi-2021.guarantee_loan_individual',
    benefitId: 'guarantee_loan_individual',
    label: '有条件的脱贫人口自主创业（按规定落实创业担保贷款及贴息）',
    citation: STARTUP,
    conditions: [isTrue('meets_loan_conditions', '符合创业担保贷款申请条件', 'meetsGuaranteeLoanConditions')],
    amount: {
      kind: 'loan',
      limitParam: 'guarantee_loan.individual_max',
      interestSubsidyParam: 'guarantee_loan.interest_subsidy',
    },
  },
  {
    kind: 'base',
    rank: 0,
    jurisdiction: JURISDICTION,
    validity: [ON_THE_JOB_IN_FORCE],
    id: 'shanxi-2021.on_the_job_training',
    benefitId: 'on_the_job_training',
    label: '吸纳脱贫人口就业并开展以工代训',
    citation: ON_THE_JOB,
    conditions: [isAlleviated, positive('months_claimed', '本期有以工代训月数', 'onTheJobTrainingMonths')],
    amount: {
      kind: 'per_unit',
      unitsFact: 'onTheJobTrainingMonths',
      rateParam: 'on_the_job_training.monthly',
      amountKind: 'exact',
    },
    exclusions: [
      {
        id: 'already_had_on_the_job_training',
        label: '已享受过以工代训职业培训补贴政策人员除外',
        benefitIds: ['on_the_job_training'],
        scope: 'person_other_subject',
        period: 'lifetime',
        citation: ON_THE_JOB,
      },
    ],
    limits: [
      {
        id: 'six_months',
        label: '最长不超过6个月',
        measure: 'months',
        period: 'lifetime',
        scope: 'person',
        maxParam: 'on_the_job_training.max_months',
        monthsFact: 'onTheJobTrainingMonths',
        citation: ON_THE_JOB,
      },
    ],
  },
  {
    ...base,
    id: 'shanxi-2021.incubator_reward',
    benefitId: 'incubator_reward',
    label: '重点帮扶县运营一年以上的创业载体',
    citation: INCUBATOR,
    conditions: [
      isTrue('key_county', '在乡村振兴重点帮扶县建设', 'isInKeyAssistanceCounty'),
      {
        id: 'operating_one_year',
        label: '正常运营一年以上',
        kind: 'compare',
        fact: 'operatingMonths',
        op: 'gte',
        param: 'incubator_reward.min_operating_months',
      },
      {
        id: 'residents_20',
        label: '入驻实体数量达到20户以上',
        kind: 'compare',
        fact: 'residentEntityCount',
        op: 'gte',
        param: 'incubator_reward.min_resident_entities',
      },
      {
        id: 'absorbed_20',
        label: '吸纳贫困劳动力就业达到20人以上',
        kind: 'compare',
        fact: 'absorbedAlleviatedCount',
        op: 'gte',
        param: 'incubator_reward.min_absorbed',
      },
    ],
    amount: {
      kind: 'fixed',
      param: 'incubator_reward.amount',
      amountKind: 'up_to',
      capParam: 'incubator_reward.max',
    },
    limits: [
      {
        id: 'once',
        label: '一次性奖补',
        measure: 'count',
        period: 'lifetime',
        scope: 'subject',
        maxParam: 'incubator_reward.max_claims',
        citation: INCUBATOR,
      },
    ],
  },
  {
    ...base,
    id: 'shanxi-2021.startup_subsidy',
    benefitId: 'startup_subsidy',
    label: '有条件的脱贫人口自主创业',
    citation: STARTUP,
    conditions: [isAlleviated, isTrue('started_business', '自主创业', 'startedBusiness')],
    amount: { kind: 'fixed', param: 'startup_subsidy.amount', amountKind: 'up_to' },
  },
  {
    ...base,
    id: 'shanxi-2021.heritage_workshop_absorption',
    benefitId: 'heritage_workshop_absorption',
    label: '非遗扶贫就业工坊按吸纳脱贫劳动力就业人数',
    citation: HERITAGE,
    conditions: [
      isTrue('heritage_workshop', '非遗扶贫就业工坊', 'isHeritageWorkshop'),
      positive('absorbed', '吸纳了脱贫劳动力', 'absorbedAlleviatedCount'),
    ],
    amount: {
      kind: 'per_unit',
      unitsFact: 'absorbedAlleviatedCount',
      rateParam: 'heritage_workshop.amount_per_person',
      amountKind: 'up_to',
    },
  },
  {
    ...base,
    id: 'shanxi-2021.welfare_post_subsidy',
    benefitId: 'welfare_post_subsidy',
    label: '乡村公益性岗位安置人员在岗领补',
    citation: WELFARE_POST,
    conditions: [
      isTrue('on_welfare_post', '在乡村公益性岗位上岗', 'holdsWelfarePost'),
      {
        id: 'contract_at_most_one_year',
        label: '每次签订期限不超过1年',
        kind: 'compare',
        fact: 'welfarePostContractMonths',
        op: 'lte',
        param: 'welfare_post.max_contract_months',
      },
      positive('months_on_post', '本期有在岗月数', 'welfarePostMonths'),
    ],
    amount: {
      kind: 'per_unit',
      unitsFact: 'welfarePostMonths',
      rateParam: 'welfare_post.monthly_subsidy',
      amountKind: 'exact',
    },
  },
  {
    ...base,
    id: 'shanxi-2021.welfare_post_accident_insurance',
    benefitId: 'welfare_post_accident_insurance',
    label: '乡村公益性岗位安置人员',
    citation: WELFARE_POST,
    conditions: [isTrue('on_welfare_post', '在乡村公益性岗位上岗', 'holdsWelfarePost')],
    amount: { kind: 'fixed', param: 'welfare_post.accident_insurance_premium', amountKind: 'up_to' },
  },
  {
    ...base,
    id: 'shanxi-2021.training_living_allowance',
    benefitId: 'training_living_allowance',
    label: '脱贫人口培训期间',
    citation: LIVING_ALLOWANCE,
    conditions: [isAlleviated, positive('trained', '参加了培训', 'trainingDays')],
    amount: {
      kind: 'per_unit',
      unitsFact: 'trainingDays',
      rateParam: 'training_living_allowance.daily',
      amountKind: 'exact',
    },
  },
];
