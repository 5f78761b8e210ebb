import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  grantableRolesSchema,
  idParamsSchema,
  resetPasswordSchema,
  revokeSessionsResultSchema,
  userCreateSchema,
  userListQuerySchema,
  userPageSchema,
  userSchema,
  userUpdateSchema,
} from '@jiuye/contracts';
import type { ModuleOptions } from '../../app.ts';
import {
  changeUser,
  createUser,
  getUser,
  listGrantableRoles,
  listVisibleUsers,
  resetUserPassword,
  revokeUserSessions,
  unlockUser,
} from './user.service.ts';

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
    async (request) => listVisibleUsers(db, request, request.query),
  );

  app.get(
    '/users/roles',
    {
      config: { permission: 'user:write' },
      schema: {
        tags,
        summary: '本人可以授予的角色',
        response: { 200: grantableRolesSchema },
      },
    },
    async (request) => ({ items: listGrantableRoles(request) }),
  );

  app.get(
    '/users/:id',
    {
      config: { permission: 'user:read' },
      schema: { tags, summary: '用户详情', params: idParamsSchema, response: { 200: userSchema } },
    },
    async (request) => getUser(db, request, request.params.id),
  );

  app.post(
    '/users',
    {
      config: { permission: 'user:write', audit: 'user.create' },
      schema: {
        tags,
        summary: '新增用户（首次登录须修改密码）',
        body: userCreateSchema,
        response: { 201: userSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(db, request, request.body)),
  );

  app.patch(
    '/users/:id',
    {
      config: { permission: 'user:write', audit: 'user.update' },
      schema: {
        tags,
        summary: '修改用户（姓名、角色、范围、机构、电话、启用/停用）',
        params: idParamsSchema,
        body: userUpdateSchema,
        response: { 200: userSchema },
      },
    },
    async (request) => changeUser(db, request, request.params.id, request.body),
  );

  app.post(
    '/users/:id/reset-password',
    {
      config: { permission: 'user:write', audit: 'user.password.reset' },
      schema: {
        tags,
        summary: '重置密码（下次登录须修改）',
        params: idParamsSchema,
        body: resetPasswordSchema,
        response: { 200: userSchema },
      },
    },
    async (request) => resetUserPassword(db, request, request.params.id, request.body.password),
  );

  app.post(
    '/users/:id/unlock',
    {
      config: { permission: 'user:unlock', audit: 'user.unlock' },
      schema: { tags, summary: '解除登录锁定', params: idParamsSchema, response: { 200: userSchema } },
    },
    async (request) => unlockUser(db, request, request.params.id),
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
      sessions: await revokeUserSessions(db, request, request.params.id),
    }),
  );
};
