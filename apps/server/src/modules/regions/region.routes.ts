import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  errorResponseSchema,
  regionChildrenQuerySchema,
  regionCodeParamsSchema,
  regionListSchema,
  regionPathSchema,
  regionSchema,
  regionSearchQuerySchema,
  regionSearchResultSchema,
} from '@jiuye/contracts';
import type { ModuleOptions } from '../../module-options.ts';
import {
  assertRegionCode,
  getRegion,
  getRegionPath,
  listRegionChildren,
  searchRegionsByName,
} from './region.service.ts';

/** The 统计用区划代码 tree, read-only and limited to the caller's view scope. */
export const regionRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  const errors = { 400: errorResponseSchema, 404: errorResponseSchema };

  app.get(
    '/regions/children',
    {
      config: { permission: 'region:read' },
      schema: {
        tags: ['regions'],
        summary: '下级区划（懒加载树）',
        description: 'Children of `parent`; without it, the regions of the caller’s view scope.',
        querystring: regionChildrenQuerySchema,
        response: { 200: regionListSchema, ...errors },
      },
    },
    async (request) => {
      const { parent } = request.query;
      if (parent !== undefined) assertRegionCode(parent, 'querystring.parent');
      return listRegionChildren(db, request.auth!.user.viewScope, parent);
    },
  );

  app.get(
    '/regions/search',
    {
      config: { permission: 'region:read' },
      schema: {
        tags: ['regions'],
        summary: '按名称搜索区划',
        description: 'Regions of the caller’s view scope whose name contains `q`, higher levels first.',
        querystring: regionSearchQuerySchema,
        response: { 200: regionSearchResultSchema, 400: errorResponseSchema },
      },
    },
    async (request) => searchRegionsByName(db, request.auth!.user.viewScope, request.query),
  );

  app.get(
    '/regions/:code/path',
    {
      config: { permission: 'region:read' },
      schema: {
        tags: ['regions'],
        summary: '区划路径（从省到本级）',
        params: regionCodeParamsSchema,
        response: { 200: regionPathSchema, ...errors },
      },
    },
    async (request) => {
      assertRegionCode(request.params.code, 'params.code');
      return getRegionPath(db, request.auth!.user.viewScope, request.params.code);
    },
  );

  app.get(
    '/regions/:code',
    {
      config: { permission: 'region:read' },
      schema: {
        tags: ['regions'],
        summary: '区划详情',
        params: regionCodeParamsSchema,
        response: { 200: regionSchema, ...errors },
      },
    },
    async (request) => {
      assertRegionCode(request.params.code, 'params.code');
      return getRegion(db, request.auth!.user.viewScope, request.params.code);
    },
  );
};
