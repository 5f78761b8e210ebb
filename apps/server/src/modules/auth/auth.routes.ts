import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { changePasswordBodySchema, loginBodySchema, sessionInfoSchema } from '@jiuye/contracts';
import type { ModuleOptions } from '../../app.ts';
import { insertLoginLog } from '../audit/audit.repository.ts';
import { changePassword, login, logout, logoutEverywhere, toSessionInfo } from './auth.service.ts';

export const authRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db, config }) => {
  const cookieOptions = { secureCookies: config.secureCookies };

  app.post(
    '/auth/login',
    {
      config: {
        public: true,
        audit: 'auth.login',
        rateLimit: {
          max: config.loginRateLimit,
          timeWindow: '1 minute',
          onExceeded: (request) => {
            const body = request.body as { username?: unknown } | undefined;
            void insertLoginLog(db, {
              username: typeof body?.username === 'string' ? body.username.slice(0, 64) : '',
              userId: null,
              success: false,
              reason: 'rate_limited',
              ip: request.ip,
              userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
            });
          },
        },
      },
      schema: {
        tags: ['auth'],
        summary: '登录',
        description:
          'Starts a session (HttpOnly cookie). `mustChangePassword` says whether the password must be changed first.',
        body: loginBodySchema,
        response: { 200: sessionInfoSchema },
      },
    },
    async (request, reply) => login(db, request, reply, request.body, cookieOptions),
  );

  app.get(
    '/auth/session',
    {
      config: { allowPendingPasswordChange: true },
      schema: { tags: ['auth'], summary: '当前会话与用户', response: { 200: sessionInfoSchema } },
    },
    async (request) => {
      const { user, session, passwordExpired } = request.auth!;
      return toSessionInfo(user, session, passwordExpired);
    },
  );

  app.post(
    '/auth/password',
    {
      config: { allowPendingPasswordChange: true, audit: 'auth.password.change' },
      schema: {
        tags: ['auth'],
        summary: '修改密码',
        body: changePasswordBodySchema,
        response: { 200: sessionInfoSchema },
      },
    },
    async (request, reply) => changePassword(db, request, reply, request.body, cookieOptions),
  );

  app.post(
    '/auth/logout',
    {
      config: { allowPendingPasswordChange: true, audit: 'auth.logout' },
      schema: { tags: ['auth'], summary: '退出登录', response: { 200: z.object({ ok: z.literal(true) }) } },
    },
    async (request, reply) => {
      await logout(db, request, reply);
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/logout-all',
    {
      config: { allowPendingPasswordChange: true, audit: 'auth.logout_all' },
      schema: {
        tags: ['auth'],
        summary: '退出我的全部会话',
        response: { 200: z.object({ ok: z.literal(true), sessions: z.number().int() }) },
      },
    },
    async (request, reply) => ({ ok: true as const, sessions: await logoutEverywhere(db, request, reply) }),
  );
};
