import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  errorResponseSchema,
  importJobParamsSchema,
  importJobSchema,
  importRowPageSchema,
  importRowsQuerySchema,
  laborerImportFieldsSchema,
} from '@jiuye/contracts';
import type { ModuleOptions } from '../../module-options.ts';
import { AppError } from '../../lib/errors.ts';
import { actorOf, type Actor } from '../auth/actor.ts';
import { importLimits, UPLOAD_LIMITS } from '../files/file-guard.ts';
import { listImportJobRows } from './import-job.repository.ts';
import { buildTemplate, writeErrorWorkbook } from './import-workbooks.ts';
import {
  protectClearRows,
  purgeExpiredImports,
  PURGE_INTERVAL_MS,
  sweepOrphanUploads,
} from './import-retention.ts';
import { multipartLimits, receiveUpload } from '../files/upload-receiver.ts';
import { getOwnImportJob, jobView, resumeImport, runImportJob, startImport } from './import.service.ts';

const tags = ['registry'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Jobs running in this process: a resume request for one of them is refused. */
const activeJobs = new Set<number>();

function startInBackground(
  { db, config, keyRing }: ModuleOptions,
  jobId: number,
  actor: Actor,
  log: (error: unknown) => void,
) {
  activeJobs.add(jobId);
  runImportJob(db, keyRing, jobId, actor, {
    limits: importLimits(UPLOAD_LIMITS, config),
    lanes: config.importLanes,
  })
    .catch((error: unknown) => {
      if (!(error instanceof AppError)) log(error);
    })
    .finally(() => activeJobs.delete(jobId));
}

export const registryImportRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, options) => {
  const { db, config, keyRing } = options;
  const limits = importLimits(UPLOAD_LIMITS, config);
  const retentionDays = config.importRetentionDays;
  const directoryCap = config.importDirectoryCapBytes;

  // At start: rows kept in clear by an older version are encrypted, expired job rows and
  // files purged, and uploads of no job that may still run swept; then the purge runs again every few hours.
  let purgeTimer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    const protectedRows = await protectClearRows(db, keyRing);
    const purged = await purgeExpiredImports(db, { retentionDays, active: activeJobs });
    const swept = await sweepOrphanUploads(db, config.importDirectory);
    if (protectedRows + purged.jobs + swept > 0)
      app.log.info({ protectedRows, purgedJobs: purged.jobs, sweptFiles: swept }, 'import housekeeping');
    purgeTimer = setInterval(() => {
      purgeExpiredImports(db, { retentionDays, active: activeJobs }).catch((error: unknown) =>
        app.log.error({ err: error }, 'import purge failed'),
      );
    }, PURGE_INTERVAL_MS);
    purgeTimer.unref();
  });
  app.addHook('onClose', async () => clearInterval(purgeTimer));

  await app.register(multipart, {
    limits: multipartLimits(limits.maxFileBytes),
  });

  /** A job whose row report was purged (import-retention.ts) has no rows and no error workbook any more: 410. */
  function refusePurged(job: { rowsPurgedAt: string | null }) {
    if (job.rowsPurgedAt !== null)
      throw new AppError(
        'GONE',
        `该导入任务的逐行结果和错误报告已按保留期限（${retentionDays} 天）删除；如需修改，请用原文件重新试运行`,
      );
  }

  app.get(
    '/registry/import/template',
    { config: { permission: 'registry:write' }, schema: { tags, summary: '下载导入模板（xlsx）' } },
    async (_request, reply) => {
      reply
        .header('content-type', XLSX)
        .header(
          'content-disposition',
          `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent('劳动力台账导入模板.xlsx')}`,
        );
      return reply.send(await buildTemplate());
    },
  );

  app.post(
    '/registry/import',
    {
      config: { permission: 'registry:write', audit: 'registry.import' },
      schema: {
        tags,
        summary: '导入劳动力台账（xlsx 或 csv；multipart：file, dryRun, update, regionCode）',
        description:
          'Checks the file (size, type, zip bomb) before parsing, creates a job and runs it in the background: poll GET /registry/import/{jobId}.',
        response: {
          202: importJobSchema,
          400: errorResponseSchema,
          404: errorResponseSchema,
          413: errorResponseSchema,
          507: errorResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const stored = await receiveUpload(request, {
        directory: config.importDirectory,
        maxFileBytes: limits.maxFileBytes,
        directoryCapBytes: directoryCap,
      });
      const { fields } = stored;
      try {
        const parsed = laborerImportFieldsSchema.safeParse(fields);
        if (!parsed.success) {
          throw new AppError(
            'VALIDATION_FAILED',
            '提交的数据有误，请检查标出的字段',
            parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
          );
        }
        const jobId = await startImport(db, actor, {
          path: stored.path,
          fileName: stored.fileName,
          options: parsed.data,
          ownsFile: true,
          limits,
        });
        startInBackground(options, jobId, actor, (error) =>
          request.log.error({ err: error }, 'import failed'),
        );
        return reply.status(202).send(jobView(await getOwnImportJob(db, actor, jobId)));
      } catch (error) {
        fs.rmSync(stored.path, { force: true });
        throw error;
      }
    },
  );

  app.get(
    '/registry/import/:jobId',
    {
      config: { permission: 'registry:write' },
      schema: {
        tags,
        summary: '导入任务进度',
        params: importJobParamsSchema,
        response: { 200: importJobSchema, 404: errorResponseSchema },
      },
    },
    async (request) => jobView(await getOwnImportJob(db, actorOf(request), request.params.jobId)),
  );

  app.get(
    '/registry/import/:jobId/rows',
    {
      config: { permission: 'registry:write' },
      schema: {
        tags,
        summary: '逐行结果（试运行：全部行；正式导入：被拒绝和有提示的行）',
        params: importJobParamsSchema,
        querystring: importRowsQuerySchema,
        response: { 200: importRowPageSchema, 404: errorResponseSchema, 410: errorResponseSchema },
      },
    },
    async (request) => {
      refusePurged(await getOwnImportJob(db, actorOf(request), request.params.jobId));
      const { outcome, page, pageSize } = request.query;
      const { total, rows } = await listImportJobRows(db, request.params.jobId, { outcome, page, pageSize });
      return {
        items: rows.map((row) => ({
          row: row.rowNumber,
          outcome: row.outcome as 'create' | 'update' | 'skip' | 'reject',
          messages: JSON.parse(row.messages ?? '[]') as string[],
        })),
        total,
        page,
        pageSize,
      };
    },
  );

  app.get(
    '/registry/import/:jobId/errors.xlsx',
    {
      config: { permission: 'registry:write' },
      schema: { tags, summary: '错误报告（被拒绝的行原样 + 错误说明）', params: importJobParamsSchema },
    },
    async (request, reply) => {
      refusePurged(await getOwnImportJob(db, actorOf(request), request.params.jobId));
      const stream = new PassThrough();
      reply
        .header('content-type', XLSX)
        .header(
          'content-disposition',
          `attachment; filename="errors.xlsx"; filename*=UTF-8''${encodeURIComponent('导入错误报告.xlsx')}`,
        );
      writeErrorWorkbook(db, keyRing, request.params.jobId, stream).catch((error: unknown) =>
        stream.destroy(error as Error),
      );
      return reply.send(stream);
    },
  );

  app.post(
    '/registry/import/:jobId/resume',
    {
      config: { permission: 'registry:write', audit: 'registry.import.resume' },
      schema: {
        tags,
        summary: '继续中断的导入（从最后提交的批次之后）',
        params: importJobParamsSchema,
        response: { 202: importJobSchema, 404: errorResponseSchema, 409: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const job = await resumeImport(db, actor, request.params.jobId, activeJobs);
      startInBackground(options, job.id, actor, (error) =>
        request.log.error({ err: error }, 'import failed'),
      );
      return reply.status(202).send(jobView(await getOwnImportJob(db, actor, job.id)));
    },
  );
};
