import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  errorResponseSchema,
  policyEvaluateSchema,
  policyEvaluationSchema,
  policyGrantListSchema,
  policyGrantImportSummarySchema,
  policyGrantQuerySchema,
  policyGrantSearchSchema,
  policyGrantRecordSchema,
  policyGrantSchema,
  policyLibrarySchema,
  policyValueFileListSchema,
  policyValueFileSchema,
  policyValuesFileSchema,
  policyWhatIfJobParamsSchema,
  policyWhatIfJobSchema,
  policyWhatIfSchema,
  policyWhatIfStartedSchema,
} from '@jiuye/contracts';
import type { ModuleOptions } from '../../module-options.ts';
import { actorOf } from '../auth/actor.ts';
import { importLimits, UPLOAD_LIMITS } from '../files/file-guard.ts';
import { multipartLimits, receiveUpload } from '../files/upload-receiver.ts';
import { importGrants } from './grant-import.ts';
import { buildGrantTemplate, listGrants, recordGrant } from './grant-ledger.ts';
import { buildLibrary, loadRuleset } from './policy-ruleset.ts';
import { getWhatIfJob, startWhatIf } from './policy-whatif.ts';
import { listValueFiles } from './policy.repository.ts';
import { addParameterValues, evaluatePolicy } from './policy.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The policy engine: evaluation with explanations, the policy library, added values, grants. */
export const policyRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, options) => {
  const { db, keyRing } = options;
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
        summary:
          '发放台账：本人查看范围内各地发放的记录（按待遇、所属期、证件号码筛选），或台账劳动力已享受的全部待遇（laborerId）',
        querystring: policyGrantQuerySchema,
        response: { 200: policyGrantListSchema, 400: errorResponseSchema, 404: errorResponseSchema },
      },
    },
    async (request) => listGrants(db, keyRing, actorOf(request), request.query),
  );

  app.post(
    '/policy/grants/search',
    {
      config: { permission: 'policy:read' },
      schema: {
        tags: ['policy'],
        summary:
          '发放台账按证件号码精确查询（证件号码放在请求体中，不出现在网址里），其余筛选同 GET /policy/grants',
        body: policyGrantSearchSchema,
        response: { 200: policyGrantListSchema, 400: errorResponseSchema, 404: errorResponseSchema },
      },
    },
    async (request) => listGrants(db, keyRing, actorOf(request), request.body),
  );

  app.post(
    '/policy/grants',
    {
      config: { permission: 'policy:grant', audit: 'policy.grants.record' },
      schema: {
        tags: ['policy'],
        summary: '按测算结果登记发放：重新评估该待遇，不能享受时拒绝并说明原因',
        body: policyGrantRecordSchema,
        response: {
          201: policyGrantSchema,
          400: errorResponseSchema,
          404: errorResponseSchema,
          409: errorResponseSchema,
        },
      },
    },
    async (request, reply) => reply.status(201).send(await recordGrant(db, actorOf(request), request.body)),
  );

  app.get(
    '/policy/grants/template',
    {
      config: { permission: 'policy:grant' },
      schema: { tags: ['policy'], summary: '下载发放记录导入模板（xlsx）' },
    },
    async (_request, reply) => {
      reply
        .header('content-type', XLSX)
        .header(
          'content-disposition',
          `attachment; filename="grants-template.xlsx"; filename*=UTF-8''${encodeURIComponent('发放记录导入模板.xlsx')}`,
        );
      return reply.send(await buildGrantTemplate(db));
    },
  );

  // The upload takes multipart; the parser is registered for this route only.
  await app.register(async (upload) => {
    const limits = importLimits(UPLOAD_LIMITS, options.config);
    await upload.register(multipart, {
      limits: { ...multipartLimits(limits.maxFileBytes), fields: 5, parts: 6 },
    });
    upload.post(
      '/policy/grants/import',
      {
        config: { permission: 'policy:grant', audit: 'policy.grants.import' },
        schema: {
          tags: ['policy'],
          summary: '上传发放记录（xlsx 或 csv，multipart：file）：整份导入或不导入，422 列出每个错误的行和列',
          response: {
            200: policyGrantImportSummarySchema,
            400: errorResponseSchema,
            413: errorResponseSchema,
            422: errorResponseSchema,
          },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        // The file waits in a private temporary directory while it is checked and read, then goes.
        const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-grants-'));
        try {
          const stored = await receiveUpload(request, { directory, maxFileBytes: limits.maxFileBytes });
          return await importGrants(db, keyRing, actor, stored.path, limits, path.basename(stored.fileName));
        } finally {
          fs.rmSync(directory, { recursive: true, force: true });
        }
      },
    );
  });

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
