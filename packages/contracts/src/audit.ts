import { z } from 'zod';
import { pageQuerySchema, pageSchema } from './common.ts';

const rangeQuery = pageQuerySchema.extend({
  from: z
    .string()
    .datetime({ offset: true })
    .optional()
    .describe('ISO-8601 with Z or an offset (2026-11-01T00:00:00+08:00), inclusive'),
  to: z.string().datetime({ offset: true }).optional().describe('ISO-8601 with Z or an offset, exclusive'),
  username: z.string().trim().min(1).max(64).optional().describe('The exact username of the actor'),
});

export const operationLogQuerySchema = rangeQuery.extend({
  action: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe('An action (auth.password.change) or a prefix of dotted parts (auth, auth.password)'),
  result: z.enum(['success', 'failure']).optional(),
});
export type OperationLogQuery = z.infer<typeof operationLogQuerySchema>;

export const loginLogQuerySchema = rangeQuery.extend({
  success: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: successful logins and logouts; false: failed attempts'),
});
export type LoginLogQuery = z.infer<typeof loginLogQuerySchema>;

export const sensitiveReadLogQuerySchema = rangeQuery;
export type SensitiveReadLogQuery = z.infer<typeof sensitiveReadLogQuerySchema>;

export const operationLogSchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  roles: z.string().nullable().describe('Comma-separated roles of the actor at the time'),
  regionCode: z.string().nullable().describe('The actor’s primary region'),
  action: z.string().describe('auth.password.change, user.create …, or METHOD /route for unnamed actions'),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  result: z.string().describe('success or failure'),
  detail: z.string().nullable().describe('JSON: the error code of a failure, the changed fields …'),
  ip: z.string().nullable(),
  channel: z
    .enum(['web', 'api', 'cli'])
    .nullable()
    .describe('How the actor came: the web app, another API client, the jiuye command; null for the system'),
  requestId: z
    .string()
    .nullable()
    .describe('The id of the request in the server log; null on the command line'),
});
export type OperationLogEntry = z.infer<typeof operationLogSchema>;

export const loginLogSchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  username: z.string(),
  userId: z.number().int().nullable(),
  success: z.boolean(),
  reason: z
    .string()
    .describe(
      'ok, logout, logout_all, unknown_user, wrong_password, wrong_password_locked, locked, inactive, rate_limited',
    ),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type LoginLogEntry = z.infer<typeof loginLogSchema>;

export const sensitiveReadLogSchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  userId: z.number().int(),
  username: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  field: z.string(),
  purpose: z.string(),
  ip: z.string().nullable(),
  channel: z
    .enum(['web', 'api', 'cli'])
    .nullable()
    .describe('How the actor came: the web app, another API client, the jiuye command; null for the system'),
  requestId: z
    .string()
    .nullable()
    .describe('The id of the request in the server log; null on the command line'),
});
export type SensitiveReadLogEntry = z.infer<typeof sensitiveReadLogSchema>;

export const operationLogPageSchema = pageSchema(operationLogSchema);
export const loginLogPageSchema = pageSchema(loginLogSchema);
export const sensitiveReadLogPageSchema = pageSchema(sensitiveReadLogSchema);
