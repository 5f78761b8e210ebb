import {
  EDUCATION,
  EMPLOYMENT_CHANNEL,
  EMPLOYMENT_FORM,
  ETHNICITY,
  HEALTH,
  HOUSEHOLD_TYPE,
  JOB_INTENTION,
  LABOR_CAPACITY,
  MONITORING_CATEGORY,
  RELATIONSHIP,
  SERVICE_NEED,
  SEX,
  TRAINING_WILLINGNESS,
  WORK_AREA,
  type Dictionary,
} from '@jiuye/domain';

/**
 * The columns of the ledger import: the canonical Chinese header (the template's), the variants found in county
 * ledgers and in the 防返贫 system's exports, and the code list of coded columns.
 */
export type ColumnKey =
  | 'sequence'
  | 'county'
  | 'township'
  | 'village'
  | 'regionCode'
  | 'householdNumber'
  | 'householdType'
  | 'monitoringCategory'
  | 'name'
  | 'idNumber'
  | 'sex'
  | 'birthDate'
  | 'ethnicity'
  | 'relationToHead'
  | 'phone'
  | 'education'
  | 'health'
  | 'isDisabled'
  | 'laborCapacity'
  | 'trainingWillingness'
  | 'jobIntention'
  | 'serviceNeeds'
  | 'intendedWorkArea'
  | 'intendedMonthlyWage'
  | 'isRelocated'
  | 'isEmployed'
  | 'employmentForm'
  | 'workArea'
  | 'workRegion'
  | 'employerName'
  | 'channel'
  | 'startMonth'
  | 'endMonth'
  | 'monthlyIncome'
  | 'isOrganizedTransport'
  | 'hasTransportSubsidy'
  | 'hasContract'
  | 'hasSocialInsurance';

export interface ImportColumn {
  key: ColumnKey;
  /** The template's header. */
  header: string;
  aliases: readonly string[];
  dictionary?: Dictionary;
  /** 是/否 columns get a dropdown too. */
  isBoolean?: boolean;
  required?: boolean;
  /** What the 说明 sheet says about the column. */
  note: string;
  width?: number;
}

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { key: 'sequence', header: '序号', aliases: ['编号', 'No', 'NO.'], note: '可不填，导入时忽略', width: 6 },
  {
    key: 'county',
    header: '县(市、区)',
    aliases: ['县', '县区', '县市区', '县(区)', '县（市、区）'],
    note: '与乡(镇)、行政村一起确定户籍地；填写了区划代码时可不填',
    width: 12,
  },
  {
    key: 'township',
    header: '乡(镇)',
    aliases: ['乡镇', '乡', '镇', '乡镇(街道)', '乡(镇、街道)'],
    note: '户籍地所在乡镇',
    width: 12,
  },
  {
    key: 'village',
    header: '行政村',
    aliases: ['村', '村(社区)', '村居', '行政村(社区)', '所在村'],
    note: '户籍地所在村（社区）',
    width: 12,
  },
  {
    key: 'regionCode',
    header: '区划代码',
    aliases: ['村区划代码', '行政区划代码', '统计用区划代码', '区划编码', '村代码'],
    note: '12位统计用区划代码（到村）；优先于县、乡、村名称',
    width: 15,
  },
  {
    key: 'householdNumber',
    header: '户编号',
    aliases: ['户号', '家庭编号', '户主编号', '户编码'],
    note: '县内唯一；同户成员填写相同户编号',
    width: 16,
  },
  {
    key: 'householdType',
    header: '户类型',
    aliases: ['户属性', '农户类型', '家庭类型'],
    dictionary: HOUSEHOLD_TYPE,
    note: '填写户编号时必填',
    width: 12,
  },
  {
    key: 'monitoringCategory',
    header: '监测对象类别',
    aliases: ['监测类型', '监测对象类型', '监测户类型'],
    dictionary: MONITORING_CATEGORY,
    note: '监测户填写',
    width: 14,
  },
  {
    key: 'name',
    header: '姓名',
    aliases: ['名字', '劳动力姓名', '成员姓名', '人员姓名'],
    required: true,
    note: '必填',
    width: 10,
  },
  {
    key: 'idNumber',
    header: '证件号码',
    aliases: ['身份证号', '身份证号码', '公民身份号码', '身份证件号码', '证件号', '身份证'],
    required: true,
    note: '必填；18位（15位旧号码自动转换），末位x按X处理；请设置为文本格式',
    width: 21,
  },
  {
    key: 'sex',
    header: '性别',
    aliases: [],
    dictionary: SEX,
    note: '可不填（由证件号码得出）；填写时须与证件号码一致',
    width: 6,
  },
  {
    key: 'birthDate',
    header: '出生日期',
    aliases: ['出生年月日', '出生年月'],
    note: '可不填；填写时须与证件号码一致，如1990-01-31',
    width: 12,
  },
  { key: 'ethnicity', header: '民族', aliases: [], dictionary: ETHNICITY, note: '如汉族', width: 8 },
  {
    key: 'relationToHead',
    header: '与户主关系',
    aliases: ['与户主的关系', '家庭关系'],
    dictionary: RELATIONSHIP,
    note: '户主本人填“户主”',
    width: 10,
  },
  {
    key: 'phone',
    header: '联系电话',
    aliases: ['手机号', '手机号码', '电话', '电话号码', '联系方式', '手机'],
    note: '手机号或带区号的固定电话',
    width: 14,
  },
  { key: 'education', header: '文化程度', aliases: ['学历'], dictionary: EDUCATION, note: '', width: 10 },
  { key: 'health', header: '健康状况', aliases: ['身体状况'], dictionary: HEALTH, note: '', width: 10 },
  { key: 'isDisabled', header: '是否残疾', aliases: ['残疾'], isBoolean: true, note: '是/否', width: 8 },
  {
    key: 'laborCapacity',
    header: '劳动技能',
    aliases: ['劳动能力', '劳动力类型'],
    dictionary: LABOR_CAPACITY,
    note: '不填按普通劳动力登记（并提示）',
    width: 16,
  },
  {
    key: 'trainingWillingness',
    header: '培训意愿',
    aliases: ['是否有培训意愿', '培训需求'],
    dictionary: TRAINING_WILLINGNESS,
    note: '',
    width: 12,
  },
  {
    key: 'jobIntention',
    header: '就业意愿',
    aliases: ['就业创业意愿', '务工意愿'],
    dictionary: JOB_INTENTION,
    note: '未就业人员填写',
    width: 14,
  },
  {
    key: 'serviceNeeds',
    header: '就业服务需求',
    aliases: ['服务需求', '就业需求'],
    dictionary: SERVICE_NEED,
    note: '可多选，用顿号分隔，如：职业介绍、技能培训',
    width: 16,
  },
  {
    key: 'intendedWorkArea',
    header: '意向务工地域',
    aliases: ['意向地域', '意向就业地域'],
    dictionary: WORK_AREA,
    note: '',
    width: 12,
  },
  {
    key: 'intendedMonthlyWage',
    header: '意向月薪(元)',
    aliases: ['意向月薪', '期望月薪', '期望月薪(元)'],
    note: '整数，单位元',
    width: 10,
  },
  {
    key: 'isRelocated',
    header: '是否易地搬迁',
    aliases: ['易地搬迁', '是否易地扶贫搬迁'],
    isBoolean: true,
    note: '是/否',
    width: 10,
  },
  {
    key: 'isEmployed',
    header: '是否务工',
    aliases: ['是否就业', '是否外出务工', '就业状态'],
    isBoolean: true,
    note: '填“是”时须填写以下就业信息',
    width: 8,
  },
  {
    key: 'employmentForm',
    header: '就业形式',
    aliases: ['就业方式', '务工形式'],
    dictionary: EMPLOYMENT_FORM,
    note: '务工时必填',
    width: 12,
  },
  {
    key: 'workArea',
    header: '务工地域',
    aliases: ['就业地域', '务工区域'],
    dictionary: WORK_AREA,
    note: '务工时必填（可由务工所在地得出）',
    width: 12,
  },
  {
    key: 'workRegion',
    header: '务工所在地',
    aliases: ['务工地点', '就业地点', '务工所在地区划代码', '就业所在地'],
    note: '区划代码（至少到县，6位或12位）或地名，如140902、北京市朝阳区',
    width: 16,
  },
  {
    key: 'employerName',
    header: '就业单位名称',
    aliases: ['就业单位', '务工单位', '务工单位名称', '工作单位'],
    note: '',
    width: 20,
  },
  {
    key: 'channel',
    header: '就业渠道',
    aliases: ['务工渠道', '就业途径'],
    dictionary: EMPLOYMENT_CHANNEL,
    note: '',
    width: 14,
  },
  {
    key: 'startMonth',
    header: '开始年月',
    aliases: ['务工开始时间', '就业时间', '务工时间', '开始时间', '就业开始时间'],
    note: '务工时必填，如2024-03',
    width: 10,
  },
  {
    key: 'endMonth',
    header: '结束年月',
    aliases: ['务工结束时间', '结束时间'],
    note: '仍在务工不填',
    width: 10,
  },
  {
    key: 'monthlyIncome',
    header: '月收入(元)',
    aliases: ['月收入', '月工资', '月工资(元)', '务工月收入', '务工收入(元/月)'],
    note: '单位元，可带两位小数',
    width: 10,
  },
  {
    key: 'isOrganizedTransport',
    header: '是否点对点输送',
    aliases: ['点对点输送'],
    isBoolean: true,
    note: '是/否',
    width: 10,
  },
  {
    key: 'hasTransportSubsidy',
    header: '享受交通补贴',
    aliases: ['是否享受交通补贴', '一次性交通补贴'],
    isBoolean: true,
    note: '是/否；仅县外务工',
    width: 10,
  },
  {
    key: 'hasContract',
    header: '签订合同',
    aliases: ['签订劳动合同', '是否签订劳动合同', '是否签订合同'],
    isBoolean: true,
    note: '是/否',
    width: 8,
  },
  {
    key: 'hasSocialInsurance',
    header: '参加社保',
    aliases: ['参加社会保险', '是否参加社保', '是否参加社会保险'],
    isBoolean: true,
    note: '是/否',
    width: 8,
  },
];

export const COLUMN_BY_KEY = new Map(IMPORT_COLUMNS.map((column) => [column.key, column]));
