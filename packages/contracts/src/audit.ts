import { z } from 'zod';
import { pageQuerySchema } from './common.ts';

const rangeQuery = pageQuerySchema.extend({
  from: z.string().datetime({ offset: true }).optional().describe('ISO-8601, inclusive'),
  to: z.string().datetime({ offset: true }).optional().describe('ISO-8601, exclusive'),
  username: z.string().trim().max(64).optional(),
});

export const operationLogQuerySchema = rangeQuery.extend({
  action: z.string().trim().max(64).optional(),
  result: z.enum(['success', 'failure']).optional(),
});
export const loginLogQuerySchema = rangeQuery.extend({
  success: z.enum(['true', 'false']).optional(),
});
export const sensitiveReadLogQuerySchema = rangeQuery;

export const operationLogSchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  roles: z.string().nullable(),
  regionCode: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  result: z.string(),
  detail: z.string().nullable(),
  ip: z.string().nullable(),
});

export const loginLogSchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  username: z.string(),
  userId: z.number().int().nullable(),
  success: z.boolean(),
  reason: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});

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
});
