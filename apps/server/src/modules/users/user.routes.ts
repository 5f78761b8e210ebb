import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  grantableRolesSchema,
  idParamsSchema,
  resetPasswordSchema,
  revokeSessionsResultSchema,
  userCreateSchema,
  userListQuerySchema,
  userPageSchema,
  userAccessSchema,
  userSchema,
  userUpdateSchema,
  userWithPasswordSchema,
} from '@jiuye/contracts';
import type { ModuleOptions } from '../../module-options.ts';
import { actorOf } from '../auth/actor.ts';
import {
  grantAccess,
  listGrantableRoles,
  resetUserPassword,
  revokeUserSessions,
  unlockUser,
} from './user-access.service.ts';
import { changeUser, createUser, getUser, listVisibleUsers } from './user.service.ts';

const tags = ['users'];

export const userRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/users',
    {
      config: { permission: 'user:read' },
      schema: {
        tags,
        summary: '用户列表（查看范围与本人查看范围相交的用户）',
        querystring: userListQuerySchema,
        response: { 200: userPageSchema },
      },
    },
    async (request) => listVisibleUsers(db, actorOf(request), request.query),
  );

  app.get(
    '/users/roles',
    {
      config: { permission: 'user:grant' },
      schema: {
        tags,
        summary: '本人可以授予的角色',
        response: { 200: grantableRolesSchema },
      },
    },
    async (request) => ({ items: listGrantableRoles(actorOf(request)) }),
  );

  app.get(
    '/users/:id',
    {
      config: { permission: 'user:read' },
      schema: { tags, summary: '用户详情', params: idParamsSchema, response: { 200: userSchema } },
    },
    async (request) => getUser(db, actorOf(request), request.params.id),
  );

  app.post(
    '/users',
    {
      config: { permission: 'user:write', audit: 'user.create' },
      schema: {
        tags,
        summary: '新增用户',
        description:
          '三员分立: from the system administrator, the profile only; the account waits (pending, 待授权) for a ' +
          'security administrator. Managing staff send roles and scopes too, and the answer carries the ' +
          'one-time password (shown once). A password is never sent.',
        body: userCreateSchema,
        response: { 201: userWithPasswordSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(db, actorOf(request), request.body)),
  );

  app.patch(
    '/users/:id',
    {
      config: { permission: 'user:write', audit: 'user.update' },
      schema: {
        tags,
        summary: '修改用户（姓名、机构、电话、启用/停用；有授权权限者另可改角色、范围）',
        params: idParamsSchema,
        body: userUpdateSchema,
        response: { 200: userSchema },
      },
    },
    async (request) => changeUser(db, actorOf(request), request.params.id, request.body),
  );

  app.put(
    '/users/:id/access',
    {
      config: { permission: 'user:grant', audit: 'user.grant' },
      schema: {
        tags,
        summary: '授权（角色与管辖范围；尚无密码的账号同时生成一次性密码）',
        params: idParamsSchema,
        body: userAccessSchema,
        response: { 200: userWithPasswordSchema },
      },
    },
    async (request) => grantAccess(db, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/users/:id/reset-password',
    {
      config: { permission: 'user:grant', audit: 'user.password.reset' },
      schema: {
        tags,
        summary: '重置密码（生成一次性密码，只显示一次，下次登录须修改）',
        params: idParamsSchema,
        body: resetPasswordSchema,
        response: { 200: userWithPasswordSchema },
      },
    },
    async (request) => resetUserPassword(db, actorOf(request), request.params.id),
  );

  app.post(
    '/users/:id/unlock',
    {
      config: { permission: 'user:unlock', audit: 'user.unlock' },
      schema: { tags, summary: '解除登录锁定', params: idParamsSchema, response: { 200: userSchema } },
    },
    async (request) => unlockUser(db, actorOf(request), request.params.id),
  );

  app.delete(
    '/users/:id/sessions',
    {
      config: { permission: 'session:manage', audit: 'user.sessions.revoke' },
      schema: {
        tags,
        summary: '强制下线（结束该用户的全部会话）',
        params: idParamsSchema,
        response: { 200: revokeSessionsResultSchema },
      },
    },
    async (request) => ({
      ok: true as const,
      sessions: await revokeUserSessions(db, actorOf(request), request.params.id),
    }),
  );
};
