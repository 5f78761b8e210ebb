/**
 * Code lists (字典) of the registry, as RuoYi keeps them (type, code, label, sort) plus aliases for import and the
 * era an entry belongs to (lists changed in 2016/2021; store the code, show the label). Standard lists keep their
 * GB numeric codes; lists GLOSSARY.md names use its English codes; the rest use English codes because no national
 * standard numbers them.
 */

export interface DictionaryEntry<Code extends string = string> {
  readonly code: Code;
  readonly label: string;
  /** Display order, 1-based (RuoYi dict_sort). */
  readonly sort: number;
  /** Other spellings accepted on import (old names, short forms, labels of other systems). Never shown. */
  readonly aliases: readonly string[];
  /** First and last year (both included) the entry was in use; absent = open-ended. */
  readonly fromYear?: number;
  readonly untilYear?: number;
  readonly note?: string;
}

export interface Dictionary<Code extends string = string> {
  /** Stable type name, snake_case (RuoYi dict_type). */
  readonly type: string;
  /** Chinese name of the list, used in messages (「文化程度」). */
  readonly name: string;
  /** Standard or document the list follows. */
  readonly source: string;
  readonly entries: readonly DictionaryEntry<Code>[];
}

export type CodeOf<D> = D extends Dictionary<infer Code> ? Code : never;

interface EntrySpec<Code extends string> {
  readonly code: Code;
  readonly label: string;
  readonly aliases?: readonly string[];
  readonly fromYear?: number;
  readonly untilYear?: number;
  readonly note?: string;
}

function defineDictionary<const Code extends string>(spec: {
  readonly type: string;
  readonly name: string;
  readonly source: string;
  readonly entries: readonly EntrySpec<Code>[];
}): Dictionary<Code> {
  return {
    type: spec.type,
    name: spec.name,
    source: spec.source,
    entries: spec.entries.map((entry, index) => ({
      ...entry,
      aliases: entry.aliases ?? [],
      sort: index + 1,
    })),
  };
}

// GB/T 2261.1-2003 人的性别代码. 0 未知的性别 and 9 未说明的性别 are left out: sex derives from the ID number.
export const SEX = defineDictionary({
  type: 'sex',
  name: '性别',
  source: 'GB/T 2261.1-2003 人的性别代码',
  entries: [
    { code: '1', label: '男', aliases: ['男性', 'M', 'male'] },
    { code: '2', label: '女', aliases: ['女性', 'F', 'female'] },
  ],
});

// prettier-ignore
const ETHNIC_GROUPS = [
  '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族',
  '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族',
  '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族',
  '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族',
  '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族',
  '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族',
] as const;

// GB 3304-1991 中国各民族名称的罗马字母拼写法和代码: the 56 groups as 01–56, plus 97 and 98 of the same standard.
export const ETHNICITY = defineDictionary({
  type: 'ethnicity',
  name: '民族',
  source: 'GB 3304-1991 中国各民族名称的罗马字母拼写法和代码',
  entries: [
    ...ETHNIC_GROUPS.map((label, index) => ({
      code: String(index + 1).padStart(2, '0'),
      label,
      // 毛南族 was written 毛难族 until the 1986 renaming; the short form without 族 is common in ledgers.
      aliases: [label.slice(0, -1), ...(label === '毛南族' ? ['毛难族', '毛难'] : [])],
    })),
    { code: '97', label: '其他', aliases: ['其他民族', '未识别民族'] },
    { code: '98', label: '外国血统中国籍人士', aliases: ['外国血统'] },
  ],
});

// GB/T 4658 学历代码, major codes of the 1984 edition that ledgers and the 防返贫 export still use (it has
// 90 文盲或半文盲); 职高 is read as 中等职业教育, where the 2006 edition puts it (44 职业高中毕业 under 40).
export const EDUCATION = defineDictionary({
  type: 'education',
  name: '文化程度',
  source: 'GB/T 4658 学历代码（大类）',
  entries: [
    { code: '10', label: '研究生', aliases: ['研究生教育', '博士', '硕士', '博士研究生', '硕士研究生'] },
    { code: '20', label: '大学本科', aliases: ['本科', '大学', '大学本科教育'] },
    {
      code: '30',
      label: '大学专科',
      aliases: ['大专', '专科', '高职', '大学专科教育', '大学专科和专科学校'],
    },
    {
      code: '40',
      label: '中专中技',
      aliases: [
        '中专',
        '中技',
        '中专/中技',
        '中等专业学校',
        '中等技术学校',
        '中等专业学校或中等技术学校',
        '中等职业教育',
        '职高',
        '职业高中',
      ],
    },
    { code: '50', label: '技工学校', aliases: ['技校'] },
    { code: '60', label: '高中', aliases: ['普通高中', '普通高级中学教育'] },
    { code: '70', label: '初中', aliases: ['初级中学', '初级中学教育'] },
    { code: '80', label: '小学', aliases: ['小学教育'] },
    { code: '90', label: '文盲或半文盲', aliases: ['文盲', '半文盲', '文盲半文盲'] },
  ],
});

// GB/T 2261.3-2003 健康状况代码 (1-digit). The 防返贫 export's 长期慢性病 / 患有大病 both map to 3 有慢性病
// (the standard files 癌症 under the chronic-disease group), which loses that distinction.
export const HEALTH = defineDictionary({
  type: 'health',
  name: '健康状况',
  source: 'GB/T 2261.3-2003 健康状况代码',
  entries: [
    { code: '1', label: '健康或良好', aliases: ['健康', '良好'] },
    { code: '2', label: '一般或较弱', aliases: ['一般', '较弱'] },
    { code: '3', label: '有慢性病', aliases: ['慢性病', '长期慢性病', '患有大病', '大病'] },
    { code: '6', label: '残疾', aliases: ['残疾人'] },
  ],
});

// GLOSSARY.md 劳动技能: the five values of the 防返贫 ledger; 弱劳力、半劳力 as 003 (十二) names them.
export const LABOR_CAPACITY = defineDictionary({
  type: 'labor_capacity',
  name: '劳动技能',
  source: '全国防返贫监测信息系统 劳动技能; GLOSSARY.md',
  entries: [
    { code: 'full', label: '普通劳动力', aliases: ['普通劳力'] },
    { code: 'skilled', label: '技能劳动力', aliases: ['技能劳力'] },
    {
      code: 'weak_or_half',
      label: '弱劳动力或半劳动力',
      aliases: ['弱劳动力', '半劳动力', '弱劳力', '半劳力'],
    },
    { code: 'lost', label: '丧失劳动力', aliases: ['丧失劳动能力'] },
    { code: 'none', label: '无劳动力', aliases: ['无劳动能力'] },
  ],
});

// GLOSSARY.md 务工地域, measured from the labourer's home region (户籍地). Bare 县内 / 省内 are ambiguous
// (乡镇内 is also 县内), so they are no aliases.
export const WORK_AREA = defineDictionary({
  type: 'work_area',
  name: '务工地域',
  source: '全国防返贫监测信息系统 务工地域; GLOSSARY.md',
  entries: [
    { code: 'township', label: '乡镇内', aliases: ['乡内', '本乡镇', '乡镇内务工'] },
    { code: 'county', label: '县内乡外', aliases: ['县内乡镇外', '乡外县内', '县内乡外务工'] },
    { code: 'province', label: '省内县外', aliases: ['县外省内', '省内县外务工'] },
    { code: 'out_of_province', label: '省外', aliases: ['跨省', '省外务工', '跨省务工'] },
  ],
});

// 就业形式: the nature of the work. No national code list: English codes.
export const EMPLOYMENT_FORM = defineDictionary({
  type: 'employment_form',
  name: '就业形式',
  source: 'DESIGN.md §4 (no national code list)',
  entries: [
    { code: 'employee', label: '单位就业', aliases: ['受雇就业', '企业就业', '受雇'] },
    { code: 'self_employed', label: '个体经营', aliases: ['个体', '个体工商户', '自营'] },
    { code: 'flexible', label: '灵活就业', aliases: ['零工', '打零工'] },
    { code: 'other', label: '其他' },
  ],
});

// 就业渠道: how and where the work was found; the carriers of 003 (四)(八)(九)(十)(十二). 扶贫车间 is the name
// 就业帮扶车间 had until 2021.
export const EMPLOYMENT_CHANNEL = defineDictionary({
  type: 'employment_channel',
  name: '就业渠道',
  source: '山西省人社厅等五部门《关于切实加强就业帮扶巩固拓展脱贫攻坚成果助力乡村振兴的实施意见》(2021)',
  entries: [
    { code: 'migrant_work', label: '务工', aliases: ['外出务工', '自主务工', '企业务工', '自主外出务工'] },
    { code: 'organized_outflow', label: '有组织劳务输出', aliases: ['劳务输出', '劳务协作', '有组织输出'] },
    {
      code: 'assistance_workshop',
      label: '就业帮扶车间',
      aliases: ['帮扶车间', '扶贫车间', '就业扶贫车间', '社区工厂', '卫星工厂'],
    },
    { code: 'assistance_base', label: '就业帮扶基地', aliases: ['帮扶基地', '就业扶贫基地'] },
    { code: 'welfare_post', label: '公益性岗位', aliases: ['公益岗位', '公益岗', '乡村公益性岗位'] },
    { code: 'self_employment', label: '自主创业', aliases: ['创业', '返乡创业', '返乡入乡创业'] },
    { code: 'work_relief', label: '以工代赈' },
    { code: 'other', label: '其他' },
  ],
});

// GB/T 4761-2008 家庭关系代码, seen from the household head. 01 本人 is left out (本人 in a 与户主关系 column
// means the head); the 之子 / 之女 … spellings are those of the 建档立卡 system.
export const RELATIONSHIP = defineDictionary({
  type: 'relationship',
  name: '与户主关系',
  source: 'GB/T 4761-2008 家庭关系代码',
  entries: [
    { code: '02', label: '户主', aliases: ['本人'] },
    { code: '10', label: '配偶', aliases: ['之配偶'] },
    { code: '11', label: '夫', aliases: ['丈夫', '之夫'] },
    { code: '12', label: '妻', aliases: ['妻子', '之妻'] },
    { code: '20', label: '子', aliases: ['之子', '儿子'] },
    { code: '21', label: '独生子' },
    { code: '22', label: '长子' },
    { code: '23', label: '次子' },
    { code: '24', label: '三子' },
    { code: '25', label: '四子' },
    { code: '26', label: '五子' },
    { code: '27', label: '养子或继子', aliases: ['养子', '继子', '之养子', '之继子'] },
    { code: '28', label: '女婿', aliases: ['之女婿'] },
    { code: '29', label: '其他儿子' },
    { code: '30', label: '女', aliases: ['之女', '女儿'] },
    { code: '31', label: '独生女' },
    { code: '32', label: '长女' },
    { code: '33', label: '次女' },
    { code: '34', label: '三女' },
    { code: '35', label: '四女' },
    { code: '36', label: '五女' },
    { code: '37', label: '养女或继女', aliases: ['养女', '继女', '之养女', '之继女'] },
    { code: '38', label: '儿媳', aliases: ['之儿媳', '儿媳妇'] },
    { code: '39', label: '其他女儿' },
    { code: '40', label: '孙子、孙女或外孙子、外孙女', aliases: ['孙子女'] },
    { code: '41', label: '孙子', aliases: ['之孙子'] },
    { code: '42', label: '孙女', aliases: ['之孙女'] },
    { code: '43', label: '外孙子', aliases: ['之外孙子', '外孙'] },
    { code: '44', label: '外孙女', aliases: ['之外孙女'] },
    { code: '45', label: '孙媳妇或外孙媳妇', aliases: ['孙媳妇', '之孙媳妇'] },
    { code: '46', label: '孙女婿或外孙女婿', aliases: ['孙女婿', '之孙女婿'] },
    { code: '47', label: '曾孙子或外曾孙子', aliases: ['曾孙子', '之曾孙子'] },
    { code: '48', label: '曾孙女或外曾孙女', aliases: ['曾孙女', '之曾孙女'] },
    { code: '49', label: '其他孙子、孙女或外孙子、外孙女' },
    { code: '50', label: '父母' },
    { code: '51', label: '父亲', aliases: ['之父', '父'] },
    { code: '52', label: '母亲', aliases: ['之母', '母'] },
    { code: '53', label: '公公', aliases: ['之公公'] },
    { code: '54', label: '婆婆', aliases: ['之婆婆'] },
    { code: '55', label: '岳父', aliases: ['之岳父'] },
    { code: '56', label: '岳母', aliases: ['之岳母'] },
    { code: '57', label: '继父或养父', aliases: ['继父', '养父'] },
    { code: '58', label: '继母或养母', aliases: ['继母', '养母'] },
    { code: '59', label: '其他父母关系' },
    { code: '60', label: '祖父母或外祖父母' },
    { code: '61', label: '祖父', aliases: ['之祖父'] },
    { code: '62', label: '祖母', aliases: ['之祖母'] },
    { code: '63', label: '外祖父', aliases: ['之外祖父'] },
    { code: '64', label: '外祖母', aliases: ['之外祖母'] },
    { code: '65', label: '配偶的祖父母或外祖父母' },
    { code: '66', label: '曾祖父' },
    { code: '67', label: '曾祖母' },
    { code: '68', label: '配偶的曾祖父母或外曾祖父母' },
    { code: '69', label: '其他祖父母或外祖父母' },
    { code: '70', label: '兄弟姐妹', aliases: ['之兄弟姐妹'] },
    { code: '71', label: '兄', aliases: ['哥哥'] },
    { code: '72', label: '嫂', aliases: ['嫂子'] },
    { code: '73', label: '弟', aliases: ['弟弟'] },
    { code: '74', label: '弟媳' },
    { code: '75', label: '姐姐' },
    { code: '76', label: '姐夫' },
    { code: '77', label: '妹妹' },
    { code: '78', label: '妹夫' },
    { code: '79', label: '其他兄弟姐妹' },
    { code: '80', label: '其他' },
    { code: '81', label: '伯父' },
    { code: '82', label: '伯母' },
    { code: '83', label: '叔父' },
    { code: '84', label: '婶母' },
    { code: '85', label: '舅父' },
    { code: '86', label: '舅母' },
    { code: '87', label: '姨父' },
    { code: '88', label: '姨母' },
    { code: '89', label: '姑父' },
    { code: '90', label: '姑母' },
    { code: '91', label: '堂兄弟、堂姐妹' },
    { code: '92', label: '表兄弟、表姐妹' },
    { code: '93', label: '侄子' },
    { code: '94', label: '侄女' },
    { code: '95', label: '外甥' },
    { code: '96', label: '外甥女' },
    { code: '97', label: '其他亲属' },
    { code: '99', label: '非亲属' },
  ],
});

// GLOSSARY.md 户类型. 建档立卡贫困户 all became 脱贫户 when 脱贫攻坚 ended in 2020, so the old names read as 脱贫户.
export const HOUSEHOLD_TYPE = defineDictionary({
  type: 'household_type',
  name: '户类型',
  source: '全国防返贫监测信息系统 户类型; GLOSSARY.md',
  entries: [
    { code: 'alleviated', label: '脱贫户', aliases: ['贫困户', '建档立卡贫困户', '建档立卡户', '脱贫人口'] },
    { code: 'monitored', label: '监测户', aliases: ['防返贫监测户', '监测对象', '防返贫监测对象'] },
    { code: 'low_income', label: '低收入户', aliases: ['农村低收入户', '农村低收入人口'] },
    { code: 'general', label: '一般农户', aliases: ['一般户', '非贫困户'] },
  ],
});

// 防止返贫监测对象类别: 国开办发〔2020〕6号 named the first two; the 2021 中央农办 guidance on 防止返贫动态监测
// added 突发严重困难户.
export const MONITORING_CATEGORY = defineDictionary({
  type: 'monitoring_category',
  name: '监测对象类别',
  source:
    '国开办发〔2020〕6号; 中央农村工作领导小组办公室等《关于健全防止返贫动态监测和帮扶机制的指导意见》(2021)',
  entries: [
    { code: 'unstable_alleviated', label: '脱贫不稳定户', aliases: ['脱贫不稳定'], fromYear: 2020 },
    { code: 'edge_at_risk', label: '边缘易致贫户', aliases: ['边缘易致贫', '边缘户'], fromYear: 2020 },
    { code: 'sudden_hardship', label: '突发严重困难户', aliases: ['突发严重困难'], fromYear: 2021 },
  ],
});

// 培训意愿: 晋政办发〔2017〕29号 (二)(八) "每个有培训意愿的农村贫困劳动力免费参加职业培训".
export const TRAINING_WILLINGNESS = defineDictionary({
  type: 'training_willingness',
  name: '培训意愿',
  source: '晋政办发〔2017〕29号（二）（八）',
  entries: [
    { code: 'willing', label: '有培训意愿', aliases: ['有', '是', '愿意', '有意愿'] },
    { code: 'unwilling', label: '无培训意愿', aliases: ['无', '否', '不愿意', '没有'] },
  ],
});

// 就业意愿 of someone not in work: 人社部发〔2016〕119号 二(一) "对未就业的摸清就业意愿和就业服务需求".
export const JOB_INTENTION = defineDictionary({
  type: 'job_intention',
  name: '就业意愿',
  source: '人社部发〔2016〕119号 二（一）',
  entries: [
    { code: 'local', label: '就地就近就业', aliases: ['就近就业', '就地就业', '本地就业', '县内就业'] },
    { code: 'migrant', label: '外出务工', aliases: ['外出就业', '转移就业'] },
    { code: 'self_employment', label: '自主创业', aliases: ['创业'] },
    { code: 'welfare_post', label: '公益性岗位', aliases: ['公益岗位', '公益岗'] },
    { code: 'none', label: '无就业意愿', aliases: ['无', '否', '暂无'] },
  ],
});

// 就业服务需求 (multi-valued): the services 人社部发〔2016〕119号 二(二)–(五) and 003 (四)(十三) offer.
export const SERVICE_NEED = defineDictionary({
  type: 'service_need',
  name: '就业服务需求',
  source: '人社部发〔2016〕119号 二（二）至（五）; seed 003（四）（十三）',
  entries: [
    { code: 'job_referral', label: '职业介绍', aliases: ['岗位推荐', '推荐就业', '职业介绍服务'] },
    { code: 'vocational_guidance', label: '职业指导' },
    { code: 'skills_training', label: '技能培训', aliases: ['职业培训', '职业技能培训'] },
    { code: 'entrepreneurship_support', label: '创业服务', aliases: ['创业指导', '创业扶持', '创业培训'] },
    { code: 'organized_transport', label: '有组织外出', aliases: ['点对点输送', '劳务输出', '组织外出务工'] },
    { code: 'welfare_post', label: '公益性岗位安置', aliases: ['公益性岗位', '公益岗位'] },
    { code: 'policy_advice', label: '政策咨询' },
    { code: 'rights_protection', label: '权益维护', aliases: ['维权', '劳动维权'] },
    { code: 'other', label: '其他' },
  ],
});

export type LaborCapacityCode = CodeOf<typeof LABOR_CAPACITY>;
export type WorkAreaCode = CodeOf<typeof WORK_AREA>;
export type EmploymentFormCode = CodeOf<typeof EMPLOYMENT_FORM>;
export type EmploymentChannelCode = CodeOf<typeof EMPLOYMENT_CHANNEL>;
export type HouseholdTypeCode = CodeOf<typeof HOUSEHOLD_TYPE>;
export type MonitoringCategoryCode = CodeOf<typeof MONITORING_CATEGORY>;
export type TrainingWillingnessCode = CodeOf<typeof TRAINING_WILLINGNESS>;
export type JobIntentionCode = CodeOf<typeof JOB_INTENTION>;
export type ServiceNeedCode = CodeOf<typeof SERVICE_NEED>;

/** Every registry dictionary, keyed by type. */
export const REGISTRY_DICTIONARIES = {
  sex: SEX,
  ethnicity: ETHNICITY,
  education: EDUCATION,
  health: HEALTH,
  labor_capacity: LABOR_CAPACITY,
  work_area: WORK_AREA,
  employment_form: EMPLOYMENT_FORM,
  employment_channel: EMPLOYMENT_CHANNEL,
  relationship: RELATIONSHIP,
  household_type: HOUSEHOLD_TYPE,
  monitoring_category: MONITORING_CATEGORY,
  training_willingness: TRAINING_WILLINGNESS,
  job_intention: JOB_INTENTION,
  service_need: SERVICE_NEED,
} as const satisfies Record<string, Dictionary>;

export type RegistryDictionaryType = keyof typeof REGISTRY_DICTIONARIES;

export function findEntry<Code extends string>(
  dictionary: Dictionary<Code>,
  code: string,
): DictionaryEntry<Code> | undefined {
  return dictionary.entries.find((entry) => entry.code === code);
}

/** The label to show for a stored code; the code itself when it is not in the list (never hide data). */
export function labelOf(dictionary: Dictionary, code: string): string {
  return findEntry(dictionary, code)?.label ?? code;
}

/** True when the entry was in use in the given year. */
export function isEntryInUse(entry: DictionaryEntry, year: number): boolean {
  return (
    (entry.fromYear === undefined || year >= entry.fromYear) &&
    (entry.untilYear === undefined || year <= entry.untilYear)
  );
}

/** A row of the dictionary_item table (type, code, label, sort, era_from, era_to, aliases). */
export interface DictionaryRow {
  readonly type: string;
  readonly code: string;
  readonly label: string;
  readonly sort: number;
  /** First day of the first year in use, 'YYYY-01-01'; null when open. */
  readonly eraFrom: string | null;
  /** Last day of the last year in use, 'YYYY-12-31'; null when open. */
  readonly eraTo: string | null;
  /** JSON-encode for the text column. */
  readonly aliases: readonly string[];
}

/** Flat rows for seeding the dictionary table (RuoYi sys_dict_data shape plus aliases and era). */
export function dictionaryRows(
  dictionaries: readonly Dictionary[] = Object.values(REGISTRY_DICTIONARIES),
): DictionaryRow[] {
  return dictionaries.flatMap((dictionary) =>
    dictionary.entries.map((entry) => ({
      type: dictionary.type,
      code: entry.code,
      label: entry.label,
      sort: entry.sort,
      eraFrom: entry.fromYear === undefined ? null : `${entry.fromYear}-01-01`,
      eraTo: entry.untilYear === undefined ? null : `${entry.untilYear}-12-31`,
      aliases: entry.aliases,
    })),
  );
}
