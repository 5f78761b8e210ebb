import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParamsSchema,
  organizationCreateSchema,
  organizationListQuerySchema,
  organizationPageSchema,
  organizationSchema,
  organizationUpdateSchema,
} from '@jiuye/contracts';
import type { ModuleOptions } from '../../module-options.ts';
import { actorOf } from '../auth/actor.ts';
import {
  changeOrganization,
  createOrganization,
  deactivateOrganization,
  getOrganization,
  listVisibleOrganizations,
} from './organization.service.ts';

const tags = ['organizations'];

export const organizationRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/organizations',
    {
      config: { permission: 'organization:read' },
      schema: {
        tags,
        summary: '机构列表（本人查看范围内）',
        querystring: organizationListQuerySchema,
        response: { 200: organizationPageSchema },
      },
    },
    async (request) => listVisibleOrganizations(db, actorOf(request), request.query),
  );

  app.get(
    '/organizations/:id',
    {
      config: { permission: 'organization:read' },
      schema: {
        tags,
        summary: '机构详情',
        params: idParamsSchema,
        response: { 200: organizationSchema },
      },
    },
    async (request) => getOrganization(db, actorOf(request), request.params.id),
  );

  app.post(
    '/organizations',
    {
      config: { permission: 'organization:write', audit: 'organization.create' },
      schema: {
        tags,
        summary: '新增机构（区划须在本人录入范围内）',
        body: organizationCreateSchema,
        response: { 201: organizationSchema },
      },
    },
    async (request, reply) => {
      const organization = await createOrganization(db, actorOf(request), request.body);
      return reply.status(201).send(organization);
    },
  );

  app.patch(
    '/organizations/:id',
    {
      config: { permission: 'organization:write', audit: 'organization.update' },
      schema: {
        tags,
        summary: '修改机构',
        params: idParamsSchema,
        body: organizationUpdateSchema,
        response: { 200: organizationSchema },
      },
    },
    async (request) => changeOrganization(db, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/organizations/:id/deactivate',
    {
      config: { permission: 'organization:write', audit: 'organization.deactivate' },
      schema: {
        tags,
        summary: '停用机构',
        params: idParamsSchema,
        response: { 200: organizationSchema },
      },
    },
    async (request) => deactivateOrganization(db, actorOf(request), request.params.id),
  );
};
