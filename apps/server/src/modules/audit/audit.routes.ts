import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  errorResponseSchema,
  loginLogPageSchema,
  loginLogQuerySchema,
  operationLogPageSchema,
  operationLogQuerySchema,
  sensitiveReadLogPageSchema,
  sensitiveReadLogQuerySchema,
} from '@jiuye/contracts';
import type { ModuleOptions } from '../../module-options.ts';
import { listLoginLogs, listOperationLogs, listSensitiveReadLogs } from './audit.repository.ts';

/**
 * The audit administrator's view of the three logs (三员分立: only `audit:read`). Read-only by design: the
 * application offers no way to change or delete a record, and the database refuses it too.
 */
export const auditRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  const errors = { 401: errorResponseSchema, 403: errorResponseSchema };

  app.get(
    '/audit/operations',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: '操作日志查询',
        description: 'Newest first. Filters: time range, actor, action (or action prefix), result.',
        querystring: operationLogQuerySchema,
        response: { 200: operationLogPageSchema, ...errors },
      },
    },
    async (request) => listOperationLogs(db, request.query),
  );

  app.get(
    '/audit/logins',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: '登录日志查询',
        description: 'Logins, logouts and failed attempts with their reason, newest first.',
        querystring: loginLogQuerySchema,
        response: { 200: loginLogPageSchema, ...errors },
      },
    },
    async (request) => listLoginLogs(db, request.query),
  );

  app.get(
    '/audit/sensitive-reads',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: '敏感信息查看日志查询',
        description: 'Who saw which sensitive value in full, and why, newest first.',
        querystring: sensitiveReadLogQuerySchema,
        response: { 200: sensitiveReadLogPageSchema, ...errors },
      },
    },
    async (request) => listSensitiveReadLogs(db, request.query),
  );
};
