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
  status: z
    .enum(['pending', 'active', 'inactive'])
    .describe('pending (待授权): no role or no password yet; active (正常); inactive (已停用)'),
  hasPassword: z.boolean().describe('False until a security administrator (or managing staff) issues one'),
  passwordExpiresAt: z
    .string()
    .nullable()
    .describe('When the one-time password expires unless changed; null for a password the user chose'),
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

/** 三员分立: nobody chooses another's password; the server generates a one-time password. */
const noPasswordSchema = z
  .never({ error: '密码由系统生成（一次性密码，只显示一次），不能指定' })
  .optional()
  .describe('Refused: the server generates the one-time password');

const unknownFieldError = {
  error: (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys' ? `不能提交字段：${(issue.keys ?? []).join('、')}` : undefined,
};

/**
 * A new account. The system administrator sends only the profile (用户名, 姓名, organisation, phone): the account
 * waits (待授权) for a security administrator's roles and one-time password. Managing staff send roles and scopes
 * too, and the answer carries the account's one-time password. Nobody sends a password (三员分立, GB/T 22239-2019
 * 8.1.4.2): a `password` field is refused.
 */
export const userCreateSchema = z.strictObject(
  {
    username: usernameSchema,
    displayName: z.string().trim().min(1, '请输入姓名').max(50),
    password: noPasswordSchema,
    roles: z
      .array(z.enum(USER_ROLE_VALUES))
      .min(1, '请至少选择一个角色')
      .optional()
      .describe('Managing staff only (user:grant)'),
    viewScope: z
      .array(regionCodeSchema)
      .min(1, '请至少选择一个查看范围')
      .optional()
      .describe('Managing staff only (user:grant)'),
    captureScope: z
      .array(regionCodeSchema)
      .optional()
      .describe('Regions where the user may enter data; each must lie inside the view scope (user:grant)'),
    organizationId: z.number().int().positive().nullish(),
    phone: z.string().trim().max(30).nullish(),
  },
  unknownFieldError,
);
export type UserCreateInput = z.input<typeof userCreateSchema>;

/** Profile fields (user:write) and, for whoever holds user:grant, roles and scopes. */
export const userUpdateSchema = z.strictObject(
  {
    displayName: z.string().trim().min(1).max(50).optional(),
    password: noPasswordSchema,
    roles: z.array(z.enum(USER_ROLE_VALUES)).min(1).optional(),
    viewScope: z.array(regionCodeSchema).min(1).optional(),
    captureScope: z.array(regionCodeSchema).optional(),
    organizationId: z.number().int().positive().nullable().optional(),
    phone: z.string().trim().max(30).nullable().optional(),
    isActive: z.boolean().optional(),
  },
  unknownFieldError,
);
export type UserUpdateInput = z.input<typeof userUpdateSchema>;

/** 授权: the roles and scopes a security administrator (or managing staff) grants an account. */
export const userAccessSchema = z.strictObject(
  {
    password: noPasswordSchema,
    roles: z.array(z.enum(USER_ROLE_VALUES)).min(1, '请至少选择一个角色'),
    viewScope: z.array(regionCodeSchema).min(1, '请至少选择一个查看范围'),
    captureScope: z
      .array(regionCodeSchema)
      .default([])
      .describe('Regions where the user may enter data; each must lie inside the view scope'),
  },
  unknownFieldError,
);
export type UserAccessInput = z.input<typeof userAccessSchema>;

/** 重置密码 takes no password: the server generates a one-time password (a `password` field is refused). */
export const resetPasswordSchema = z
  .strictObject({ password: noPasswordSchema }, unknownFieldError)
  .nullish();

export const userWithPasswordSchema = userSchema.extend({
  oneTimePassword: z
    .string()
    .optional()
    .describe(
      'Shown once: the generated one-time password, to hand to the user; never stored in clear. It must be ' +
        'changed at first login and expires at passwordExpiresAt',
    ),
});
export type UserWithPasswordDto = z.infer<typeof userWithPasswordSchema>;

export const userListQuerySchema = pageQuerySchema.extend({
  regionCode: regionCodeSchema.optional(),
  username: z.string().trim().max(64).optional(),
  displayName: z.string().trim().max(50).optional(),
  role: z.enum(USER_ROLE_VALUES).optional(),
  isActive: z.enum(['true', 'false']).optional(),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;

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
export type GrantableRoleDto = z.infer<typeof grantableRoleSchema>;

export const grantableRolesSchema = z.object({
  items: z.array(grantableRoleSchema).describe('The roles the caller may grant, in display order'),
});

export const revokeSessionsResultSchema = z.object({
  ok: z.literal(true),
  sessions: z.number().int().describe('Number of sessions ended'),
});
export type RevokeSessionsResult = z.infer<typeof revokeSessionsResultSchema>;
