import {
  EMPLOYER_NAME_MAX_LENGTH,
  EMPLOYER_NAME_TOO_LONG_MESSAGE,
  HOUSEHOLD_NUMBER_MAX_LENGTH,
  HOUSEHOLD_NUMBER_TOO_LONG_MESSAGE,
  LABORER_NAME_MAX_LENGTH,
  NAME_TOO_LONG_MESSAGE,
} from '@jiuye/domain/registry/laborer-check.ts';
import { z } from 'zod';
import { pageQuerySchema, pageSchema, regionCodeSchema } from './common.ts';

/**
 * The real-name registry (实名制台账): households, labourers, their employment spells, change history and transfers
 * between regions. Coded fields carry dictionary codes (GET /api/dictionaries); the server checks them against the
 * code lists and answers VALIDATION_FAILED naming the field.
 */

const code = z.string().trim().min(1).max(40);
const optionalText = (max: number) => z.string().trim().max(max).nullish();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为YYYY-MM-DD格式');

// ---------------------------------------------------------------------------------------------------------------
// Reference data

export const dictionaryItemSchema = z.object({
  code: z.string(),
  label: z.string(),
  sort: z.number().int(),
  eraFrom: z.string().nullable().describe('First day the code was in use (null: open)'),
  eraTo: z.string().nullable().describe('Last day the code was in use (null: still in use)'),
});
export type DictionaryItemDto = z.infer<typeof dictionaryItemSchema>;

export const dictionariesSchema = z.object({
  dictionaries: z
    .record(z.string(), z.array(dictionaryItemSchema))
    .describe('Items of each code list by type (education, labor_capacity, work_area …), in display order'),
});
export type DictionariesDto = z.infer<typeof dictionariesSchema>;

export const occupationSchema = z.object({
  code: z.string().describe('大典 2022 code, e.g. 6-18-02-04'),
  level: z.number().int().describe('1 大类, 2 中类, 3 小类, 4 职业'),
  name: z.string(),
  parentCode: z.string().nullable(),
  isGreen: z.boolean().describe('绿色职业 (L)'),
  isDigital: z.boolean().describe('数字职业 (S)'),
  hasChildren: z.boolean(),
});
export type OccupationDto = z.infer<typeof occupationSchema>;

export const occupationQuerySchema = z.object({
  parent: z
    .string()
    .trim()
    .max(20)
    .optional()
    .describe('Children of this code; without parent and q: the 大类'),
  q: z.string().trim().max(50).optional().describe('Part of the name, or the beginning of a code'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const occupationListSchema = z.object({ items: z.array(occupationSchema) });
export type OccupationListDto = z.infer<typeof occupationListSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Households

export const householdSchema = z.object({
  id: z.number().int(),
  householdNumber: z.string().describe('户编号, unique within the county'),
  countyCode: z.string(),
  regionCode: regionCodeSchema,
  regionName: z.string().nullable(),
  householdType: z.string().describe('户类型 (dictionary household_type)'),
  monitoringCategory: z.string().nullable().describe('监测对象类别 (dictionary monitoring_category)'),
  riskType: z.string().nullable().describe('风险类型'),
  isRiskEliminated: z.boolean(),
  riskEliminatedOn: z.string().nullable(),
  headName: z.string().nullable(),
  memberCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HouseholdDto = z.infer<typeof householdSchema>;

export const householdCreateSchema = z.object({
  householdNumber: z
    .string()
    .trim()
    .min(1, '请输入户编号')
    .max(HOUSEHOLD_NUMBER_MAX_LENGTH, HOUSEHOLD_NUMBER_TOO_LONG_MESSAGE),
  regionCode: regionCodeSchema.describe('The village (level 5) inside your capture scope'),
  householdType: code,
  monitoringCategory: code.nullish(),
  riskType: optionalText(100),
  isRiskEliminated: z.boolean().optional(),
  riskEliminatedOn: isoDate.nullish(),
  headName: optionalText(50),
});
export const householdUpdateSchema = householdCreateSchema.partial();
export type HouseholdCreateInput = z.input<typeof householdCreateSchema>;
export type HouseholdUpdateInput = z.input<typeof householdUpdateSchema>;

export const householdListQuerySchema = pageQuerySchema.extend({
  regionCode: regionCodeSchema.optional(),
  householdType: code.optional(),
  monitoringCategory: code.optional(),
  householdNumber: z.string().trim().max(40).optional().describe('Beginning of the 户编号'),
  headName: z.string().trim().max(50).optional().describe('Part of the head’s name'),
  riskType: z.string().trim().max(100).optional().describe('Part of the 风险类型'),
  isRiskEliminated: z.enum(['true', 'false']).optional().describe('风险是否已消除'),
});
export type HouseholdListQuery = z.infer<typeof householdListQuerySchema>;
export const householdPageSchema = pageSchema(householdSchema);

// ---------------------------------------------------------------------------------------------------------------
// Labourers

export const employmentSpellInputSchema = z.object({
  startMonth: z.string().trim().max(10).describe('开始年月 YYYY-MM (or YYYY-MM-DD)'),
  endMonth: z.string().trim().max(10).nullish().describe('结束年月; empty while the spell lasts'),
  employmentForm: code.nullish().describe('就业形式 (employment_form)'),
  workArea: code.nullish().describe('务工地域 (work_area)'),
  workRegionCode: z.string().trim().max(12).nullish().describe('务工所在地, at least to the county'),
  employerName: z.string().trim().max(EMPLOYER_NAME_MAX_LENGTH, EMPLOYER_NAME_TOO_LONG_MESSAGE).nullish(),
  industry: optionalText(20).describe('所属行业 (GB/T 4754)'),
  channel: code.nullish().describe('就业渠道 (employment_channel)'),
  monthlyIncomeFen: z.number().int().min(0).nullish().describe('月收入 in fen'),
  isOrganizedTransport: z.boolean().nullish(),
  hasTransportSubsidy: z.boolean().nullish(),
  hasContract: z.boolean().nullish(),
  hasSocialInsurance: z.boolean().nullish(),
});

export const employmentSpellSchema = z.object({
  id: z.number().int(),
  startMonth: z.string(),
  endMonth: z.string().nullable(),
  employmentForm: z.string(),
  workArea: z.string(),
  workRegionCode: z.string(),
  workRegionName: z.string().nullable(),
  employerName: z.string().nullable(),
  industry: z.string().nullable(),
  channel: z.string().nullable(),
  monthlyIncomeFen: z.number().int().nullable(),
  isOrganizedTransport: z.boolean(),
  hasTransportSubsidy: z.boolean(),
  hasContract: z.boolean(),
  hasSocialInsurance: z.boolean(),
});

export const confirmWarningsSchema = z
  .union([z.boolean(), z.array(z.string().max(60))])
  .optional()
  .describe(
    'true, or the codes of the warnings the user confirmed (answered in a 409 CONFIRMATION_REQUIRED)',
  );

const laborerFields = {
  regionCode: regionCodeSchema.describe('户籍地: the village (level 5) inside your capture scope'),
  householdId: z.number().int().positive().nullish(),
  name: z.string().trim().min(1, '请输入姓名').max(LABORER_NAME_MAX_LENGTH, NAME_TOO_LONG_MESSAGE),
  idNumber: z
    .string()
    .trim()
    .min(1, '请输入证件号码')
    .max(30)
    .describe('GB 11643; 15-digit numbers converted'),
  sex: z.string().trim().max(2).nullish().describe('1 男 / 2 女; checked against the ID number'),
  birthDate: isoDate.nullish().describe('Checked against the ID number'),
  ethnicity: code.nullish(),
  relationToHead: code.nullish().describe('与户主关系 (relationship)'),
  phone: z.string().trim().max(30).nullish(),
  bankAccount: z.string().trim().max(40).nullish(),
  education: code.nullish(),
  health: code.nullish(),
  isDisabled: z.boolean().nullish(),
  disabilityDetail: optionalText(200).describe('Encrypted at rest'),
  laborCapacity: code.describe('劳动技能 (labor_capacity)'),
  skills: z.array(z.string().trim().max(20)).max(20).nullish().describe('大典 codes'),
  certificates: z.array(z.string().trim().max(100)).max(20).nullish(),
  trainingWillingness: code.nullish(),
  jobIntention: code.nullish(),
  intendedOccupationCode: z.string().trim().max(20).nullish(),
  intendedWorkArea: code.nullish(),
  intendedMonthlyWage: z.number().int().min(0).max(1_000_000).nullish().describe('意向月薪, whole yuan'),
  serviceNeeds: z.array(code).max(20).nullish(),
  isRelocated: z.boolean().nullish(),
  lastContactOn: isoDate.nullish(),
  spells: z.array(employmentSpellInputSchema).max(50).default([]),
};

export const laborerCreateSchema = z.object({ ...laborerFields, confirmWarnings: confirmWarningsSchema });
export const laborerUpdateSchema = laborerCreateSchema.partial().extend({
  spells: z.array(employmentSpellInputSchema).max(50).optional().describe('When given, replaces every spell'),
});
export type LaborerCreateInput = z.infer<typeof laborerCreateSchema>;
export type LaborerUpdateInput = z.infer<typeof laborerUpdateSchema>;

export const LABORER_SORTS = ['name', 'birthDate', 'updatedAt', 'region'] as const;

export const laborerListQuerySchema = pageQuerySchema.extend({
  regionCode: regionCodeSchema.optional().describe('Region of the tree (within your view scope)'),
  visibility: z
    .enum(['all', 'home', 'work'])
    .default('all')
    .describe('home: 户籍地 in scope; work: only those working in scope (read-only); all: both'),
  q: z
    .string()
    .trim()
    .max(50)
    .optional()
    .describe('Name (part), pinyin initials (zs finds 张三) or the last 4 characters of the ID number'),
  householdType: code.optional(),
  monitoringCategory: code.optional(),
  laborCapacity: code.optional(),
  education: code.optional(),
  health: code.optional(),
  employmentStatus: z.enum(['employed', 'unemployed', 'unable']).optional(),
  workArea: code.optional(),
  trainingWillingness: code.optional(),
  jobIntention: code.optional(),
  occupationCode: z
    .string()
    .trim()
    .max(20)
    .optional()
    .describe('Intended occupation or skill (a class matches its children)'),
  ageMin: z.coerce.number().int().min(0).max(150).optional(),
  ageMax: z.coerce.number().int().min(0).max(150).optional(),
  noContactDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(36_500)
    .optional()
    .describe('Last contact at least this many days ago (or never)'),
  sort: z.enum(LABORER_SORTS).default('updatedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type LaborerListQuery = z.infer<typeof laborerListQuerySchema>;

export const laborerListItemSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  age: z.number().int(),
  idNumberMasked: z.string().describe('1409**********123X'),
  phoneMasked: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  householdId: z.number().int().nullable(),
  householdNumber: z.string().nullable(),
  householdType: z.string().nullable(),
  relationToHead: z.string().nullable(),
  laborCapacity: z.string(),
  education: z.string().nullable(),
  health: z.string().nullable(),
  employmentStatus: z.string(),
  workArea: z.string().nullable(),
  workRegionCode: z.string().nullable(),
  trainingWillingness: z.string().nullable(),
  jobIntention: z.string().nullable(),
  intendedOccupationCode: z.string().nullable(),
  lastContactOn: z.string().nullable(),
  updatedAt: z.string(),
  isReadOnly: z.boolean().describe('Visible only as the work region (就业地): read, not change'),
});
export type LaborerListItemDto = z.infer<typeof laborerListItemSchema>;
export const laborerPageSchema = pageSchema(laborerListItemSchema);

export const householdMemberSchema = laborerListItemSchema.pick({
  id: true,
  name: true,
  sex: true,
  birthDate: true,
  age: true,
  idNumberMasked: true,
  relationToHead: true,
  laborCapacity: true,
  employmentStatus: true,
});
export const householdDetailSchema = householdSchema.extend({ members: z.array(householdMemberSchema) });
export type HouseholdMemberDto = z.infer<typeof householdMemberSchema>;
export type HouseholdDetailDto = z.infer<typeof householdDetailSchema>;

export const laborerDetailSchema = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  canEdit: z.boolean().describe('The 户籍地 is in your capture scope'),
  isReadOnly: z.boolean().describe('Visible only as the work region'),
  basic: z.object({
    name: z.string(),
    idNumberMasked: z.string(),
    sex: z.string(),
    birthDate: z.string(),
    age: z.number().int(),
    ethnicity: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    bankAccountMasked: z.string().nullable(),
    education: z.string().nullable(),
    health: z.string().nullable(),
    isDisabled: z.boolean(),
    hasDisabilityDetail: z.boolean(),
    laborCapacity: z.string(),
    skills: z.array(z.string()),
    certificates: z.array(z.string()),
    isRelocated: z.boolean(),
  }),
  intention: z.object({
    trainingWillingness: z.string().nullable(),
    jobIntention: z.string().nullable(),
    intendedOccupationCode: z.string().nullable(),
    intendedWorkArea: z.string().nullable(),
    intendedMonthlyWage: z.number().int().nullable(),
    serviceNeeds: z.array(z.string()),
  }),
  employment: z.object({
    status: z.string(),
    workArea: z.string().nullable(),
    workRegionCode: z.string().nullable(),
    workRegionName: z.string().nullable(),
    lastContactOn: z.string().nullable(),
    spells: z.array(employmentSpellSchema),
  }),
  family: z.object({
    relationToHead: z.string().nullable(),
    household: householdSchema.nullable(),
    members: z.array(householdMemberSchema),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LaborerDetailDto = z.infer<typeof laborerDetailSchema>;

export const SENSITIVE_FIELDS = ['idNumber', 'phone', 'bankAccount'] as const;
export type SensitiveField = (typeof SENSITIVE_FIELDS)[number];
export const revealSchema = z.object({
  field: z.enum(SENSITIVE_FIELDS),
  purpose: z.string().trim().min(2, '请说明查看用途（至少2个字）').max(200),
});
export const revealResultSchema = z.object({ field: z.enum(SENSITIVE_FIELDS), value: z.string().nullable() });
export type RevealInput = z.infer<typeof revealSchema>;
export type RevealResultDto = z.infer<typeof revealResultSchema>;

export const laborerChangeSchema = z.object({
  id: z.number().int(),
  changedAt: z.string(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  source: z.string().describe('web, api, import, transfer'),
  field: z.string(),
  oldValue: z.string().nullable().describe('Sensitive values masked'),
  newValue: z.string().nullable(),
});
export type LaborerChangeDto = z.infer<typeof laborerChangeSchema>;
export const laborerHistoryQuerySchema = pageQuerySchema;
export const laborerHistorySchema = pageSchema(laborerChangeSchema);

// ---------------------------------------------------------------------------------------------------------------
// Transfers

export const transferCreateSchema = z
  .object({
    idNumber: z.string().trim().max(30).optional(),
    laborerId: z.number().int().positive().optional(),
    toRegionCode: regionCodeSchema.describe('The village (in your capture scope) the person moves to'),
    reason: z.string().trim().min(2, '请填写转移原因').max(500),
  })
  .refine((body) => body.idNumber || body.laborerId, {
    message: '请提供证件号码或劳动力编号',
    path: ['idNumber'],
  });
export type TransferCreateInput = z.input<typeof transferCreateSchema>;

export const transferDecisionSchema = z.object({ note: z.string().trim().max(500).optional() });
export const transferRefusalSchema = z.object({ note: z.string().trim().min(2, '请填写拒绝原因').max(500) });

export const transferSchema = z.object({
  id: z.number().int(),
  laborerId: z.number().int(),
  laborerName: z.string().nullable().describe('Only for the holding region'),
  idNumberMasked: z.string(),
  fromRegionCode: z.string().nullable().describe('Only when in your view scope'),
  fromRegionName: z.string().nullable(),
  toRegionCode: z.string(),
  toRegionName: z.string().nullable(),
  reason: z.string().nullable(),
  status: z.enum(['pending', 'accepted', 'refused', 'withdrawn']),
  requestedBy: z.number().int(),
  requestedAt: z.string(),
  decidedBy: z.number().int().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type TransferDto = z.infer<typeof transferSchema>;
export type TransferStatus = TransferDto['status'];

export const transferListQuerySchema = pageQuerySchema.extend({
  direction: z.enum(['incoming', 'outgoing']).default('incoming'),
  status: z.enum(['pending', 'accepted', 'refused', 'withdrawn']).optional(),
});
export type TransferListQuery = z.infer<typeof transferListQuerySchema>;
export type TransferDirection = TransferListQuery['direction'];
export const transferPageSchema = pageSchema(transferSchema);
