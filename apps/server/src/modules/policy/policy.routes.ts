import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  policyEvaluateSchema,
  policyEvaluationSchema,
  policyGrantListSchema,
  policyGrantQuerySchema,
  policyLibrarySchema,
  policyValueFileListSchema,
  policyValueFileSchema,
  policyValuesFileSchema,
  policyWhatIfJobParamsSchema,
  policyWhatIfJobSchema,
  policyWhatIfSchema,
  policyWhatIfStartedSchema,
} from '@jiuye/contracts';
import type { ModuleOptions } from '../../app.ts';
import { buildLibrary, loadRuleset } from './policy-ruleset.ts';
import { getWhatIfJob, startWhatIf } from './policy-whatif.ts';
import { listValueFiles } from './policy.repository.ts';
import { actorOf, addParameterValues, evaluatePolicy, listLaborerGrants } from './policy.service.ts';

/** The policy engine (DESIGN.md §5): evaluation with explanations, the policy library, added values, grants. */
export const policyRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.post(
    '/policy/evaluate',
    {
      config: { permission: 'policy:read', audit: 'policy.evaluate' },
      schema: {
        tags: ['policy'],
        summary: '评估待遇：情形（主体、事实、评估日、区划、已享受记录）或台账劳动力（laborerId）',
        body: policyEvaluateSchema,
        response: { 200: policyEvaluationSchema },
      },
    },
    async (request) => evaluatePolicy(db, actorOf(request), request.body),
  );

  app.get(
    '/policy/library',
    {
      config: { permission: 'policy:read' },
      schema: {
        tags: ['policy'],
        summary: '政策库：文件与条款、参数（有效期、实施范围、引用待遇）、待遇与情形、事实',
        response: { 200: policyLibrarySchema },
      },
    },
    async () => buildLibrary(await loadRuleset(db)),
  );

  app.get(
    '/policy/value-files',
    {
      config: { permission: 'policy:read' },
      schema: {
        tags: ['policy'],
        summary: '管理员添加的参数文件',
        response: { 200: policyValueFileListSchema },
      },
    },
    async () => ({ items: await listValueFiles(db), rulesetVersion: (await loadRuleset(db)).version }),
  );

  app.post(
    '/policy/values',
    {
      config: { permission: 'policy:write', audit: 'policy.values.add' },
      schema: {
        tags: ['policy'],
        summary: '添加参数取值（新文件的标准、出处与有效期）；有效期重叠、缺少出处或实施范围未知时整份拒绝',
        body: policyValuesFileSchema,
        response: { 201: policyValueFileSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addParameterValues(db, actorOf(request), request.body)),
  );

  app.get(
    '/policy/grants',
    {
      config: { permission: 'policy:read' },
      schema: {
        tags: ['policy'],
        summary: '台账劳动力已享受的待遇（发放台账）',
        querystring: policyGrantQuerySchema,
        response: { 200: policyGrantListSchema },
      },
    },
    async (request) => listLaborerGrants(db, actorOf(request), request.query.laborerId),
  );

  app.post(
    '/policy/whatif',
    {
      config: { permission: 'policy:read', audit: 'policy.whatif' },
      schema: {
        tags: ['policy'],
        summary:
          '政策测算：参数调整（参数文件格式）在台账全体劳动力上与现行标准对比，按待遇、区划汇总；异步任务',
        body: policyWhatIfSchema,
        response: { 202: policyWhatIfStartedSchema },
      },
    },
    async (request, reply) => reply.status(202).send(await startWhatIf(db, actorOf(request), request.body)),
  );

  app.get(
    '/policy/whatif/:jobId',
    {
      config: { permission: 'policy:read' },
      schema: {
        tags: ['policy'],
        summary: '政策测算任务的进度与结果（仅创建者可见）',
        params: policyWhatIfJobParamsSchema,
        response: { 200: policyWhatIfJobSchema },
      },
    },
    async (request) => getWhatIfJob(db, actorOf(request), request.params.jobId),
  );
};
