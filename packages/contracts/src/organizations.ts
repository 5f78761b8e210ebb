import { z } from 'zod';
import { pageQuerySchema, pageSchema, regionCodeSchema } from './common.ts';

/** 忻州市方案 四(一): the four-level service network, plus 省外劳务服务站. */
export const ORGANIZATION_KINDS = [
  'hr_service_park',
  'county_service_center',
  'township_service_station',
  'village_service_specialist',
  'labor_service_station',
  'hr_bureau',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  hr_service_park: '市人力资源服务产业园',
  county_service_center: '县就业帮扶服务中心',
  township_service_station: '乡镇就业服务站',
  village_service_specialist: '村就业服务专人',
  labor_service_station: '省外劳务服务站',
  hr_bureau: '人力资源和社会保障局',
};

/** The region level each kind belongs to (省外劳务服务站 is run by a city or county). */
export const ORGANIZATION_KIND_LEVELS: Record<OrganizationKind, readonly number[]> = {
  hr_service_park: [2],
  county_service_center: [3],
  township_service_station: [4],
  village_service_specialist: [5],
  labor_service_station: [2, 3],
  hr_bureau: [1, 2, 3],
};

export const organizationSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(ORGANIZATION_KINDS),
  regionCode: regionCodeSchema,
  regionName: z.string().optional().describe('Name of the region, e.g. 忻府区'),
  parentId: z.number().int().nullable().describe('上级机构'),
  parentName: z.string().nullable().optional().describe('Name of the parent organisation'),
  address: z.string().nullable(),
  contactPerson: z.string().nullable(),
  contactPhone: z.string().nullable(),
  serviceArea: z.string().nullable(),
  isActive: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrganizationDto = z.infer<typeof organizationSchema>;

const optionalText = (max: number) => z.string().trim().max(max).nullish();

export const organizationCreateSchema = z.object({
  name: z.string().trim().min(1, '请输入机构名称').max(100),
  kind: z.enum(ORGANIZATION_KINDS),
  regionCode: regionCodeSchema,
  parentId: z.number().int().positive().nullish(),
  address: optionalText(200),
  contactPerson: optionalText(50),
  contactPhone: optionalText(30),
  serviceArea: optionalText(100),
});

export const organizationUpdateSchema = organizationCreateSchema.partial().extend({
  isActive: z.boolean().optional(),
});
export type OrganizationCreateInput = z.input<typeof organizationCreateSchema>;
export type OrganizationUpdateInput = z.input<typeof organizationUpdateSchema>;

export const organizationListQuerySchema = pageQuerySchema.extend({
  regionCode: regionCodeSchema.optional().describe('Only organisations in this region (within your scope)'),
  kind: z.enum(ORGANIZATION_KINDS).optional(),
  name: z.string().trim().max(100).optional().describe('Part of the name'),
  isActive: z.enum(['true', 'false']).optional(),
});
export type OrganizationListQuery = z.infer<typeof organizationListQuerySchema>;

export const organizationPageSchema = pageSchema(organizationSchema);
