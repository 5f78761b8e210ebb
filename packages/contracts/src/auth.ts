import { z } from 'zod';

export const loginBodySchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(128),
});

export const currentUserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  viewScope: z.array(z.string()),
  captureScope: z.array(z.string()),
  organizationId: z.number().int().nullable(),
  mustChangePassword: z.boolean().describe('True when the password must be changed before anything else'),
  passwordExpired: z.boolean(),
});
export type CurrentUser = z.infer<typeof currentUserSchema>;

export const sessionInfoSchema = z.object({
  user: currentUserSchema,
  csrfToken: z.string().describe('Send as the X-CSRF-Token header on every POST, PUT, PATCH and DELETE'),
  mustChangePassword: z.boolean(),
  expiresAt: z.string(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const changePasswordBodySchema = z.object({
  oldPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

export const logoutAllResponseSchema = z.object({
  ok: z.literal(true),
  sessions: z.number().int().describe('How many sessions were ended, this one included'),
});
export type LogoutAllResult = z.infer<typeof logoutAllResponseSchema>;
