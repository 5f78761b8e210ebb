/**
 * 忻州市人民政府办公室关于印发忻州市脱贫劳动力务工就业促增收实施方案的通知 (2022-05-19), seeds/002.
 * 忻州市 (1409); the notice has no document number and no end date. Articles are cited as printed in
 * 二、工作重点（三）落实就业政策: 1 自主就业要托底 ①–④, 2 经营主体要稳盘 ①–⑤, 3 中介服务要提质.
 */
import type { BenefitCase, ConditionSpec, ParameterValue, PolicyDocument } from '../engine/types.ts';
import { citeDocument, isAlleviated, isTrue, openFrom, positive } from './helpers.ts';

export const DOCUMENT: PolicyDocument = {
  id: 'xinzhou-2022',
  number: null,
  title: '忻州市脱贫劳动力务工就业促增收实施方案（忻州市人民政府办公室2022年5月19日印发）',
  issuer: '忻州市人民政府办公室',
  issuedOn: '2022-05-19',
  jurisdiction: '1409',
};

const JURISDICTION = '1409';
const IN_FORCE = openFrom('2022-05-19');
const cite = (article: string, quote: string): ReturnType<typeof citeDocument> =>
  citeDocument(DOCUMENT, article, quote);

// 二（三）1①: 对脱贫劳动力在培训期间按规定给予每日15元生活费补贴
const LIVING_ALLOWANCE = cite('二（三）1①', '对脱贫劳动力在培训期间按规定给予每日15元生活费补贴');
// 二（三）1①: 就业率达到80%以上的，10天以内培训每人每天150元、超过10天培训每人每天100元，最高每人不超过4000元
const TRAINING = cite(
  '二（三）1①',
  '对参加技能培训提升工程的脱贫劳动力，集中组织培训后就业率达到80%以上的，按照10天以内培训每人每天补贴150元、超过10天培训每人每天补贴100元，补贴额度最高每人不超过4000元的标准给予培训主体培训补贴',
);
// 二（三）1①: 根据取证类别，可分别给予评价机构200元、400元、600元、800元的评价补贴
const EVALUATION = cite(
  '二（三）1①',
  '培训后取得相应等级证书的，根据取证类别，可分别给予评价机构200元、400元、600元、800元的评价补贴',
);
// 二（三）1①: 对符合条件的搬迁劳动力，培训期间按规定给予交通费补贴
const RELOCATED_TRANSPORT = cite('二（三）1①', '对符合条件的搬迁劳动力，培训期间按规定给予交通费补贴');
// 二（三）1②: 当年跨省务工的，最高不超过800元；有组织输出到户籍所在县以外的省内用人单位，不超过300元
const CROSS_PROVINCE = cite('二（三）1②', '对当年跨省务工的，给予最高不超过800元的一次性交通补贴');
const IN_PROVINCE = cite(
  '二（三）1②',
  '通过有组织劳务输出到户籍所在县以外的省内用人单位就业的，给予不超过300元的一次性交通补贴',
);
// 二（三）1③: 个人最高不超过30万元的创业担保贷款，全额贴息；对自主创业符合条件的脱贫劳动力，提供小额信贷支持
const LOAN_INDIVIDUAL = cite(
  '二（三）1③',
  '对符合创业担保贷款申请条件的个人，可申请最高不超过30万元的创业担保贷款，财政部门按规定给予全额贴息',
);
const MICROCREDIT = cite('二（三）1③', '对于自主创业符合条件的脱贫劳动力，提供小额信贷支持');
// 二（三）1④: 自办理个体工商户登记当月起，在3年内按标准依次扣减
const TAX = cite(
  '二（三）1④',
  '对于从事个体经营，符合享受重点群体创业税收优惠政策条件的脱贫劳动力，自办理个体工商户登记当月起，在3年内按标准依次扣减其当年实际应缴纳的增值税、城市维护建设税、教育费附加、地方教育附加和个人所得税',
);
// 二（三）2②: 小微企业吸纳脱贫劳动力稳定就业半年以上的，每人不超过1000元
const ABSORPTION = cite(
  '二（三）2②',
  '对小微企业吸纳脱贫劳动力稳定就业半年以上的，根据吸纳就业人数给予一次性就业补助，补助标准每人不超过1000元',
);
// 二（三）2③: 吸纳脱贫劳动力达到50人及以上的，10万元一次性奖励，不再重复享受一次性吸纳就业补助
const REWARD = cite(
  '二（三）2③',
  '对吸纳脱贫劳动力达到50人及以上的各类经营主体，可给予10万元的一次性奖励，同时不再重复享受一次性吸纳就业补助',
);
// 二（三）2③: 重点帮扶县、运营一年以上、入驻20户以上、吸纳脱贫劳动力20人以上，最高不超过20万元
const INCUBATOR = cite(
  '二（三）2③',
  '对在乡村振兴重点帮扶县建设且正常运营一年以上的创业孵化基地，创业园区等创业载体，入驻实体数量达到20户以上，吸纳脱贫劳动力就业达20人以上的，对每个创业载体给予最高不超过20万元的一次性奖励',
);
// 二（三）2④: 企业可申请不超过300万元的创业担保贷款，全额贴息
const LOAN_ENTERPRISE = cite(
  '二（三）2④',
  '对符合创业担保贷款申请条件的企业，可申请不超过300万元的创业担保贷款，财政部门按规定给予全额贴息',
);
// 二（三）2⑤: 吸纳脱贫劳动力10人及以上、实现6个月及以上稳定就业的，鼓励供水、供电部门给予支持
const UTILITY = cite(
  '二（三）2⑤',
  '对吸纳脱贫劳动力10人及以上、实现6个月及以上稳定就业的各类经营主体，鼓励供水、供电部门在用水、用电等方面给予支持',
);
// 二（三）3: 介绍脱贫劳动力到省外就业、签订一年以上劳动合同、有组织省外劳务输出的市场主体，每人800元
const REFERRAL = cite(
  '二（三）3',
  '对介绍脱贫劳动力到省外就业，输出的劳动力签订一年以上劳动合同的，实现有组织省外劳务输出的市场主体，按每人800元给予职业介绍补贴',
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
  value('training_living_allowance.daily', 1500, LIVING_ALLOWANCE),
  value('training_subsidy.short_course_max_days', 10, TRAINING),
  value('training_subsidy.short_course_daily', 15000, TRAINING),
  value('training_subsidy.long_course_daily', 10000, TRAINING),
  value('training_subsidy.max_per_person', 400000, TRAINING),
  value('training_subsidy.min_employment_rate', { numerator: 80, denominator: 100 }, TRAINING),
  // The seed gives four amounts "根据取证类别" without naming the categories: category_1 … category_4 in that order.
  value(
    'skill_evaluation.amount_by_category',
    { category_1: 20000, category_2: 40000, category_3: 60000, category_4: 80000 },
    EVALUATION,
    '种子文本未写明各档对应的证书类别，按200/400/600/800元顺序对应类别一至四',
  ),
  value('relocated_training_transport.amount', null, RELOCATED_TRANSPORT, '按规定给予，标准未在本方案中列明'),
  value('cross_province_transport.amount', 80000, CROSS_PROVINCE),
  value('cross_province_transport.max_claims_per_year', 1, CROSS_PROVINCE),
  value('in_province_transport.amount', 30000, IN_PROVINCE),
  // "一次性": read, like the cross-province subsidy, as once per person per year (the text does not say 当年).
  value('in_province_transport.max_claims_per_year', 1, IN_PROVINCE),
  value('guarantee_loan.individual_max', 30000000, LOAN_INDIVIDUAL),
  value('guarantee_loan.enterprise_max', 300000000, LOAN_ENTERPRISE),
  value('guarantee_loan.interest_subsidy', { numerator: 1, denominator: 1 }, LOAN_INDIVIDUAL),
  value('entrepreneurship_tax.window_months', 36, TAX),
  value('entrepreneurship_tax.annual_limit', null, TAX, '"按标准依次扣减"：每年扣减限额未在本方案中列明'),
  value('absorption_subsidy.amount', 100000, ABSORPTION),
  value('absorption_subsidy.min_stable_months', 6, ABSORPTION),
  value('absorption_subsidy.max_claims_per_person', 1, ABSORPTION),
  value('absorption_reward.amount', 10000000, REWARD),
  value('absorption_reward.min_absorbed', 50, REWARD),
  value('absorption_reward.max_claims', 1, REWARD),
  value('incubator_reward.amount', 20000000, INCUBATOR, '最高不超过20万元，本方案未再细分标准'),
  value('incubator_reward.max', 20000000, INCUBATOR),
  value('incubator_reward.min_operating_months', 12, INCUBATOR),
  value('incubator_reward.min_resident_entities', 20, INCUBATOR),
  value('incubator_reward.min_absorbed', 20, INCUBATOR),
  value('incubator_reward.max_claims', 1, INCUBATOR),
  value('utility_support.min_absorbed', 10, UTILITY),
  value('job_referral.amount', 80000, REFERRAL),
  value('job_referral.min_contract_months', 12, REFERRAL),
];

const worksOutOfProvince: ConditionSpec = {
  id: 'works_out_of_province',
  label: '跨省（省外）务工',
  kind: 'in',
  fact: 'workArea',
  values: ['out_of_province'],
};
const employmentRate: ConditionSpec = {
  id: 'employment_rate_80',
  label: '集中组织培训后就业率达到80%以上',
  kind: 'ratio_at_least',
  numerator: 'courseEmployedCount',
  denominator: 'courseTraineeCount',
  param: 'training_subsidy.min_employment_rate',
};

const base = {
  kind: 'base',
  rank: 0,
  jurisdiction: JURISDICTION,
  validity: [IN_FORCE],
} as const;

export const CASES: readonly BenefitCase[] = [
  {
    ...base,
    id: 'xinzhou-2022.training_living_allowance',
    benefitId: 'training_living_allowance',
    label: '脱贫劳动力培训期间',
    citation: LIVING_ALLOWANCE,
    conditions: [isAlleviated, positive('trained', '参加了培训', 'trainingDays')],
    amount: {
      kind: 'per_unit',
      unitsFact: 'trainingDays',
      rateParam: 'training_living_allowance.daily',
      amountKind: 'exact',
    },
  },
  {
    ...base,
    id: 'xinzhou-2022.training_subsidy.short_course',
    benefitId: 'training_subsidy',
    label: '10天以内培训',
    citation: TRAINING,
    conditions: [
      isAlleviated,
      positive('trained', '参加了培训', 'trainingDays'),
      {
        id: 'short_course',
        label: '10天以内培训',
        kind: 'compare',
        fact: 'trainingDays',
        op: 'lte',
        param: 'training_subsidy.short_course_max_days',
        selector: true,
      },
      employmentRate,
    ],
    amount: {
      kind: 'per_unit',
      unitsFact: 'trainingDays',
      rateParam: 'training_subsidy.short_course_daily',
      amountKind: 'exact',
      capParam: 'training_subsidy.max_per_person',
    },
  },
  {
    // The seed sets the daily rate by the length of the training ("10天以内培训…150元、超过10天培训…100元"),
    // so an 11-day training is paid 100元 for every day (1100元), less than a 10-day one (1500元).
    kind: 'exception',
    rank: 1,
    jurisdiction: JURISDICTION,
    validity: [IN_FORCE],
    id: 'xinzhou-2022.training_subsidy.long_course',
    benefitId: 'training_subsidy',
    label: '超过10天培训',
    citation: TRAINING,
    conditions: [
      isAlleviated,
      {
        id: 'long_course',
        label: '超过10天培训',
        kind: 'compare',
        fact: 'trainingDays',
        op: 'gt',
        param: 'training_subsidy.short_course_max_days',
        selector: true,
      },
      employmentRate,
    ],
    amount: {
      kind: 'per_unit',
      unitsFact: 'trainingDays',
      rateParam: 'training_subsidy.long_course_daily',
      amountKind: 'exact',
      capParam: 'training_subsidy.max_per_person',
    },
  },
  {
    ...base,
    id: 'xinzhou-2022.skill_evaluation_subsidy',
    benefitId: 'skill_evaluation_subsidy',
    label: '培训后取得相应等级证书',
    citation: EVALUATION,
    conditions: [
      isAlleviated,
      isTrue('certificate_after_training', '培训后取得相应等级证书', 'hasCertificateAfterTraining'),
    ],
    amount: {
      kind: 'by_category',
      fact: 'certificateCategory',
      mappingParam: 'skill_evaluation.amount_by_category',
      amountKind: 'exact',
    },
  },
  {
    ...base,
    id: 'xinzhou-2022.relocated_training_transport',
    benefitId: 'relocated_training_transport',
    label: '符合条件的搬迁劳动力培训期间',
    citation: RELOCATED_TRANSPORT,
    conditions: [
      isTrue('is_relocated', '易地扶贫搬迁劳动力', 'isRelocated'),
      positive('trained', '参加了培训', 'trainingDays'),
    ],
    amount: { kind: 'fixed', param: 'relocated_training_transport.amount', amountKind: 'up_to' },
  },
  {
    ...base,
    id: 'xinzhou-2022.cross_province_transport',
    benefitId: 'cross_province_transport',
    label: '当年跨省务工的脱贫劳动力',
    citation: CROSS_PROVINCE,
    conditions: [
      isAlleviated,
      worksOutOfProvince,
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
    id: 'xinzhou-2022.in_province_transport',
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
    id: 'xinzhou-2022.guarantee_loan_individual',
    benefitId: 'guarantee_loan_individual',
    label: '符合创业担保贷款申请条件的个人',
    citation: LOAN_INDIVIDUAL,
    conditions: [isTrue('meets_loan_conditions', '符合创业担保贷款申请条件', 'meetsGuaranteeLoanConditions')],
    amount: {
      kind: 'loan',
      limitParam: 'guarantee_loan.individual_max',
      interestSubsidyParam: 'guarantee_loan.interest_subsidy',
    },
  },
  {
    ...base,
    id: 'xinzhou-2022.microcredit',
    benefitId: 'microcredit',
    label: '自主创业符合条件的脱贫劳动力',
    citation: MICROCREDIT,
    conditions: [isAlleviated, isTrue('started_business', '自主创业', 'startedBusiness')],
    amount: { kind: 'in_kind', description: '提供小额信贷支持' },
  },
  {
    ...base,
    id: 'xinzhou-2022.entrepreneurship_tax_deduction',
    benefitId: 'entrepreneurship_tax_deduction',
    label: '从事个体经营、符合重点群体创业税收优惠条件的脱贫劳动力',
    citation: TAX,
    conditions: [
      isAlleviated,
      isTrue('self_employed', '从事个体经营', 'isSelfEmployed'),
      isTrue(
        'key_group_tax_conditions',
        '符合享受重点群体创业税收优惠政策条件',
        'meetsKeyGroupTaxConditions',
      ),
      {
        id: 'within_three_years',
        label: '自办理个体工商户登记当月起3年内',
        kind: 'date_within_months',
        fact: 'businessRegistrationDate',
        param: 'entrepreneurship_tax.window_months',
      },
    ],
    amount: { kind: 'fixed', param: 'entrepreneurship_tax.annual_limit', amountKind: 'up_to' },
  },
  {
    ...base,
    id: 'xinzhou-2022.absorption_subsidy',
    benefitId: 'absorption_subsidy',
    label: '小微企业吸纳脱贫劳动力稳定就业半年以上',
    citation: ABSORPTION,
    conditions: [
      isAlleviated,
      isTrue('small_or_micro', '小微企业', 'isSmallOrMicro'),
      {
        id: 'stable_six_months',
        label: '稳定就业半年以上',
        kind: 'compare',
        fact: 'stableEmploymentMonths',
        op: 'gte',
        param: 'absorption_subsidy.min_stable_months',
      },
    ],
    amount: { kind: 'fixed', param: 'absorption_subsidy.amount', amountKind: 'up_to' },
    exclusions: [
      {
        id: 'no_subsidy_after_reward',
        label: '获得吸纳50人及以上一次性奖励的，不再重复享受一次性吸纳就业补助',
        benefitIds: ['absorption_reward'],
        scope: 'subject',
        period: 'lifetime',
        citation: REWARD,
      },
    ],
    limits: [
      {
        id: 'once_per_person',
        label: '一次性（每名劳动力一次）',
        measure: 'count',
        period: 'lifetime',
        scope: 'subject_person',
        maxParam: 'absorption_subsidy.max_claims_per_person',
        citation: ABSORPTION,
      },
    ],
  },
  {
    ...base,
    id: 'xinzhou-2022.absorption_reward',
    benefitId: 'absorption_reward',
    label: '吸纳脱贫劳动力达到50人及以上的各类经营主体',
    citation: REWARD,
    conditions: [
      {
        id: 'absorbed_50',
        label: '吸纳脱贫劳动力达到50人及以上',
        kind: 'compare',
        fact: 'absorbedAlleviatedCount',
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
    id: 'xinzhou-2022.incubator_reward',
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
        label: '吸纳脱贫劳动力就业达20人以上',
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
        label: '一次性奖励',
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
    id: 'xinzhou-2022.guarantee_loan_enterprise',
    benefitId: 'guarantee_loan_enterprise',
    label: '符合创业担保贷款申请条件的企业',
    citation: LOAN_ENTERPRISE,
    conditions: [isTrue('meets_loan_conditions', '符合创业担保贷款申请条件', 'meetsGuaranteeLoanConditions')],
    amount: {
      kind: 'loan',
      limitParam: 'guarantee_loan.enterprise_max',
      interestSubsidyParam: 'guarantee_loan.interest_subsidy',
    },
  },
  {
    ...base,
    id: 'xinzhou-2022.utility_support',
    benefitId: 'utility_support',
    label: '吸纳脱贫劳动力10人及以上、实现6个月及以上稳定就业',
    citation: UTILITY,
    conditions: [
      {
        id: 'stable_10',
        label: '吸纳脱贫劳动力10人及以上实现6个月及以上稳定就业',
        kind: 'compare',
        fact: 'absorbedStableAlleviatedCount',
        op: 'gte',
        param: 'utility_support.min_absorbed',
      },
    ],
    amount: { kind: 'in_kind', description: '鼓励供水、供电部门在用水、用电等方面给予支持' },
  },
  {
    ...base,
    id: 'xinzhou-2022.job_referral_subsidy',
    benefitId: 'job_referral_subsidy',
    label: '介绍脱贫劳动力到省外就业并签订一年以上劳动合同',
    citation: REFERRAL,
    conditions: [
      isAlleviated,
      worksOutOfProvince,
      isTrue('organised_transfer', '实现有组织省外劳务输出', 'isOrganisedTransfer'),
      {
        id: 'contract_one_year',
        label: '签订一年以上劳动合同',
        kind: 'compare',
        fact: 'contractMonths',
        op: 'gte',
        param: 'job_referral.min_contract_months',
      },
    ],
    amount: { kind: 'fixed', param: 'job_referral.amount', amountKind: 'exact' },
  },
];
