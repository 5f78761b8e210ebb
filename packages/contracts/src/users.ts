import { z } from 'zod';
import { pageQuerySchema, pageSchema, regionCodeSchema } from './common.ts';

export const USER_ROLE_VALUES = [
  'province_staff',
  'city_staff',
  'county_staff',
  'township_staff',
  'village_staff',
  'employer',
  'training_provider',
  'system_admin',
  'security_admin',
  'audit_admin',
] as const;

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(USER_ROLE_VALUES)),
  viewScope: z.array(regionCodeSchema),
  captureScope: z.array(regionCodeSchema),
  organizationId: z.number().int().nullable(),
  organizationName: z.string().nullable().optional(),
  phone: z.string().nullable(),
  isActive: z.boolean(),
  isLocked: z.boolean().describe('Locked after repeated failed logins (until lockedUntil)'),
  lockedUntil: z.string().nullable().optional(),
  mustChangePassword: z.boolean(),
  passwordChangedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
});
export type UserDto = z.infer<typeof userSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{3,32}$/, '用户名须为 3–32 位字母、数字、下划线、点或连字符');

export const userCreateSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1, '请输入姓名').max(50),
  password: z.string().min(1).max(128).describe('Initial password; the user must change it at first login'),
  roles: z.array(z.enum(USER_ROLE_VALUES)).min(1, '请至少选择一个角色'),
  viewScope: z.array(regionCodeSchema).min(1, '请至少选择一个查看范围'),
  captureScope: z
    .array(regionCodeSchema)
    .default([])
    .describe('Regions where the user may enter data; each must lie inside the view scope'),
  organizationId: z.number().int().positive().nullish(),
  phone: z.string().trim().max(30).nullish(),
});

export const userUpdateSchema = z.object({
  displayName: z.string().trim().min(1).max(50).optional(),
  roles: z.array(z.enum(USER_ROLE_VALUES)).min(1).optional(),
  viewScope: z.array(regionCodeSchema).min(1).optional(),
  captureScope: z.array(regionCodeSchema).optional(),
  organizationId: z.number().int().positive().nullable().optional(),
  phone: z.string().trim().max(30).nullable().optional(),
  isActive: z.boolean().optional(),
});

export const resetPasswordSchema = z.object({
  password: z.string().min(1).max(128).describe('New initial password; must be changed at next login'),
});

export const userListQuerySchema = pageQuerySchema.extend({
  regionCode: regionCodeSchema.optional(),
  username: z.string().trim().max(64).optional(),
  displayName: z.string().trim().max(50).optional(),
  role: z.enum(USER_ROLE_VALUES).optional(),
  isActive: z.enum(['true', 'false']).optional(),
});

export const userPageSchema = pageSchema(userSchema);

export const grantableRoleSchema = z.object({
  role: z.enum(USER_ROLE_VALUES),
  label: z.string().describe('中文名称, e.g. 乡镇工作人员'),
  level: z
    .number()
    .int()
    .nullable()
    .describe('Highest region level (1 省 … 5 村) a scope of this role may have; null for non-staff roles'),
  isAdmin: z.boolean().describe('三员分立: an administrator role cannot be combined with any other role'),
});

export const grantableRolesSchema = z.object({
  items: z.array(grantableRoleSchema).describe('The roles the caller may grant, in display order'),
});

export const revokeSessionsResultSchema = z.object({
  ok: z.literal(true),
  sessions: z.number().int().describe('Number of sessions ended'),
});
