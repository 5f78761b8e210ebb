import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponseSchema, laborerExportQuerySchema } from '@jiuye/contracts';
import { hasPermission } from '@jiuye/domain';
import type { ModuleOptions } from '../../../app.ts';
import { AppError, forbidden } from '../../../lib/errors.ts';
import { currentUser, resolveRegionFilter } from '../../../lib/scope.ts';
import { recordOperation, recordSensitiveRead } from '../../audit/audit.service.ts';
import { countLaborersForExport, writeLaborerExport } from './laborer-export.ts';

export const laborerExportRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db, keyRing }) => {
  app.get(
    '/laborers/export.xlsx',
    {
      config: { permission: 'registry:read', audit: 'registry.export' },
      schema: {
        tags: ['registry'],
        summary: '导出劳动力台账（xlsx，流式）',
        description:
          'The labourers the list selects with the same filters (visibility: 户籍地 and/or 务工所在地 in the caller’s view scope). ID numbers are masked unless `reveal=idNumber` with a `purpose` and the registry:reveal permission. Every export is in the operation log.',
        querystring: laborerExportQuerySchema,
        response: { 400: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const user = currentUser(request);
      const reveal = query.reveal === 'idNumber';
      if (reveal && !hasPermission(user.roles, 'registry:reveal'))
        throw forbidden('您没有查看完整证件号码的权限');
      if (reveal && !query.purpose) {
        throw new AppError('VALIDATION_FAILED', '导出完整证件号码须说明用途', [
          { field: 'purpose', message: '请说明用途（至少2个字）' },
        ]);
      }
      const scope = resolveRegionFilter(request, query.regionCode, 'view');
      const rows = await countLaborersForExport(db, query, scope);
      await db.transaction().execute(async (trx) => {
        await recordOperation(trx, request, {
          action: 'registry.export',
          targetType: 'laborer',
          detail: { filter: query, scope, rows, reveal },
        });
        if (reveal) {
          await recordSensitiveRead(trx, request, {
            targetType: 'laborer_export',
            targetId: scope.join(','),
            field: 'idNumber',
            purpose: query.purpose!,
          });
        }
      });
      const stream = new PassThrough();
      const name = encodeURIComponent(`劳动力台账_${new Date().toISOString().slice(0, 10)}.xlsx`);
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="laborers.xlsx"; filename*=UTF-8''${name}`)
        .header('cache-control', 'no-store');
      writeLaborerExport(db, keyRing, { query, scope, reveal }, stream).catch((error: unknown) => {
        request.log.error({ err: error }, 'export failed');
        stream.destroy(error as Error);
      });
      return reply.send(stream as never);
    },
  );
};
