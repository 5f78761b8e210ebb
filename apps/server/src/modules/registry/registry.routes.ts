import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  dictionariesSchema,
  householdCreateSchema,
  householdDetailSchema,
  householdListQuerySchema,
  householdPageSchema,
  householdSchema,
  householdUpdateSchema,
  idParamsSchema,
  laborerCreateSchema,
  laborerDetailSchema,
  laborerHistoryQuerySchema,
  laborerHistorySchema,
  laborerListQuerySchema,
  laborerPageSchema,
  laborerUpdateSchema,
  occupationListSchema,
  occupationQuerySchema,
  revealResultSchema,
  revealSchema,
  transferCreateSchema,
  transferDecisionSchema,
  transferListQuerySchema,
  transferPageSchema,
  transferRefusalSchema,
  transferSchema,
} from '@jiuye/contracts';
import type { ModuleOptions } from '../../module-options.ts';
import { actorOf } from '../auth/actor.ts';
import {
  changeHousehold,
  createHousehold,
  getHouseholdDetail,
  listVisibleHouseholds,
} from './household.service.ts';
import { listLaborerHistory } from './laborer-history.service.ts';
import { getLaborerDetail, listVisibleLaborers } from './laborer-read.service.ts';
import { revealSensitiveField } from './laborer-reveal.service.ts';
import { changeLaborer, createLaborer } from './laborer.service.ts';
import { listDictionaryItems, listOccupations } from './reference.repository.ts';
import { acceptTransfer, listVisibleTransfers, refuseTransfer, requestTransfer } from './transfer.service.ts';

/** The real-name registry (实名制台账): reference data, households, labourers, history and transfers. */
export const registryRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db, keyRing }) => {
  app.get(
    '/dictionaries',
    {
      schema: {
        tags: ['registry'],
        summary: '字典（全部代码表，含排序与年代）',
        response: { 200: dictionariesSchema },
      },
    },
    async () => {
      const dictionaries: Record<
        string,
        Array<Omit<Awaited<ReturnType<typeof listDictionaryItems>>[number], 'type'>>
      > = {};
      for (const { type, ...item } of await listDictionaryItems(db)) (dictionaries[type] ??= []).push(item);
      return { dictionaries };
    },
  );

  app.get(
    '/occupations',
    {
      schema: {
        tags: ['registry'],
        summary: '国家职业分类大典（2022）：下级或搜索',
        querystring: occupationQuerySchema,
        response: { 200: occupationListSchema },
      },
    },
    async (request) => ({ items: await listOccupations(db, request.query) }),
  );

  // Households
  app.get(
    '/households',
    {
      config: { permission: 'registry:read' },
      schema: {
        tags: ['registry'],
        summary: '户列表（本人查看范围内）',
        querystring: householdListQuerySchema,
        response: { 200: householdPageSchema },
      },
    },
    async (request) => listVisibleHouseholds(db, actorOf(request), request.query),
  );

  app.get(
    '/households/:id',
    {
      config: { permission: 'registry:read' },
      schema: {
        tags: ['registry'],
        summary: '户详情及成员',
        params: idParamsSchema,
        response: { 200: householdDetailSchema },
      },
    },
    async (request) => getHouseholdDetail(db, actorOf(request), request.params.id),
  );

  app.post(
    '/households',
    {
      config: { permission: 'registry:write', audit: 'registry.household.create' },
      schema: {
        tags: ['registry'],
        summary: '新增户（区划到村，须在本人录入范围内；户编号县内唯一）',
        body: householdCreateSchema,
        response: { 201: householdSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createHousehold(db, actorOf(request), request.body)),
  );

  app.patch(
    '/households/:id',
    {
      config: { permission: 'registry:write', audit: 'registry.household.update' },
      schema: {
        tags: ['registry'],
        summary: '修改户',
        params: idParamsSchema,
        body: householdUpdateSchema,
        response: { 200: householdSchema },
      },
    },
    async (request) => changeHousehold(db, actorOf(request), request.params.id, request.body),
  );

  // Labourers
  app.get(
    '/laborers',
    {
      config: { permission: 'registry:read' },
      schema: {
        tags: ['registry'],
        summary: '劳动力列表（证件号码、电话均脱敏）',
        querystring: laborerListQuerySchema,
        response: { 200: laborerPageSchema },
      },
    },
    async (request) => listVisibleLaborers(db, actorOf(request), request.query),
  );

  app.get(
    '/laborers/:id',
    {
      config: { permission: 'registry:read' },
      schema: {
        tags: ['registry'],
        summary: '劳动力详情（按纸质表分组）',
        params: idParamsSchema,
        response: { 200: laborerDetailSchema },
      },
    },
    async (request) => getLaborerDetail(db, actorOf(request), request.params.id),
  );

  app.post(
    '/laborers',
    {
      config: { permission: 'registry:write', audit: 'registry.laborer.create' },
      schema: {
        tags: ['registry'],
        summary:
          '新增劳动力（错误400；需确认的提示409 CONFIRMATION_REQUIRED；证件号码已登记409 ID_NUMBER_EXISTS）',
        body: laborerCreateSchema,
        response: { 201: laborerDetailSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createLaborer(db, keyRing, actorOf(request), request.body)),
  );

  app.patch(
    '/laborers/:id',
    {
      config: { permission: 'registry:write', audit: 'registry.laborer.update' },
      schema: {
        tags: ['registry'],
        summary: '修改劳动力（只传要改的字段；spells 传入时整体替换）',
        params: idParamsSchema,
        body: laborerUpdateSchema,
        response: { 200: laborerDetailSchema },
      },
    },
    async (request) => changeLaborer(db, keyRing, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/laborers/:id/reveal',
    {
      config: { permission: 'registry:reveal', audit: 'registry.laborer.reveal' },
      schema: {
        tags: ['registry'],
        summary: '查看完整证件号码/电话/银行账号（须说明用途，记入敏感信息查看日志）',
        params: idParamsSchema,
        body: revealSchema,
        response: { 200: revealResultSchema },
      },
    },
    async (request) => revealSensitiveField(db, keyRing, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/laborers/:id/history',
    {
      config: { permission: 'registry:read' },
      schema: {
        tags: ['registry'],
        summary: '修改记录（敏感字段脱敏）',
        params: idParamsSchema,
        querystring: laborerHistoryQuerySchema,
        response: { 200: laborerHistorySchema },
      },
    },
    async (request) =>
      listLaborerHistory(db, actorOf(request), request.params.id, request.query.page, request.query.pageSize),
  );

  // Transfers
  app.post(
    '/registry/transfers',
    {
      config: { permission: 'registry:write', audit: 'registry.transfer.request' },
      schema: {
        tags: ['registry'],
        summary: '申请将已在其他地区登记的劳动力转入本地',
        body: transferCreateSchema,
        response: { 201: transferSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await requestTransfer(db, keyRing, actorOf(request), request.body)),
  );

  app.get(
    '/registry/transfers',
    {
      config: { permission: 'registry:read' },
      schema: {
        tags: ['registry'],
        summary: '转移申请：incoming 待本地处理，outgoing 本地发出',
        querystring: transferListQuerySchema,
        response: { 200: transferPageSchema },
      },
    },
    async (request) => listVisibleTransfers(db, actorOf(request), request.query),
  );

  app.post(
    '/registry/transfers/:id/accept',
    {
      config: { permission: 'registry:write', audit: 'registry.transfer.accept' },
      schema: {
        tags: ['registry'],
        summary: '同意转出（户籍地改为申请地区）',
        params: idParamsSchema,
        body: transferDecisionSchema,
        response: { 200: transferSchema },
      },
    },
    async (request) => acceptTransfer(db, actorOf(request), request.params.id, request.body.note),
  );

  app.post(
    '/registry/transfers/:id/refuse',
    {
      config: { permission: 'registry:write', audit: 'registry.transfer.refuse' },
      schema: {
        tags: ['registry'],
        summary: '拒绝转出（须填写原因）',
        params: idParamsSchema,
        body: transferRefusalSchema,
        response: { 200: transferSchema },
      },
    },
    async (request) => refuseTransfer(db, actorOf(request), request.params.id, request.body.note),
  );
};
