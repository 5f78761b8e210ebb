import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  errorResponseSchema,
  laborerExportBodySchema,
  laborerExportQuerySchema,
  type LaborerExportFilters,
} from '@jiuye/contracts';
import { hasPermission } from '@jiuye/domain';
import type { ModuleOptions } from '../../../module-options.ts';
import type { Db } from '../../../db/database.ts';
import type { KeyRing } from '../../../lib/field-crypto.ts';
import { AppError, forbidden } from '../../../lib/errors.ts';
import { currentUser, resolveRegionFilter } from '../../../lib/scope.ts';
import { recordOperation, recordSensitiveRead } from '../../audit/audit.service.ts';
import { countLaborersForExport, listRevealedLaborerIds, writeLaborerExport } from './laborer-export.ts';

const EXPORT_PATH = '/laborers/export.xlsx';
const REVEAL_BY_POST =
  '完整证件号码须用 POST /api/laborers/export.xlsx 导出，查询条件和用途放在请求体中（用途不得出现在网址中）';

const errors = { 400: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema };

/**
 * Logs the export (operation log; with `purpose`, one sensitive-read row naming every labourer revealed), then
 * streams the workbook. Both rows are committed before the first byte is sent.
 */
async function sendExport(
  context: { db: Db; keyRing: KeyRing },
  request: FastifyRequest,
  reply: FastifyReply,
  filters: LaborerExportFilters,
  purpose: string | undefined,
) {
  const { db, keyRing } = context;
  const scope = resolveRegionFilter(request, filters.regionCode, 'view');
  const rows = await countLaborersForExport(db, filters, scope);
  const revealIds = purpose === undefined ? undefined : await listRevealedLaborerIds(db, filters, scope);
  await db.transaction().execute(async (trx) => {
    await recordOperation(trx, request, {
      action: 'registry.export',
      targetType: 'laborer',
      detail: {
        filter: filters,
        scope,
        rows,
        reveal: purpose !== undefined,
        ...(revealIds ? { revealed: revealIds.length } : {}),
      },
    });
    if (revealIds && revealIds.length > 0) {
      await recordSensitiveRead(trx, request, {
        targetType: 'laborer_export',
        targetId: revealIds.join(','),
        field: 'idNumber',
        purpose: purpose!,
      });
    }
  });
  const stream = new PassThrough();
  const name = encodeURIComponent(`劳动力台账_${new Date().toISOString().slice(0, 10)}.xlsx`);
  reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="laborers.xlsx"; filename*=UTF-8''${name}`)
    .header('cache-control', 'no-store');
  writeLaborerExport(
    db,
    keyRing,
    { query: filters, scope, ...(revealIds ? { revealIds: new Set(revealIds) } : {}) },
    stream,
  ).catch((error: unknown) => {
    request.log.error({ err: error }, 'export failed');
    stream.destroy(error as Error);
  });
  return reply.send(stream as never);
}

export const laborerExportRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db, keyRing }) => {
  app.get(
    EXPORT_PATH,
    {
      config: { permission: 'registry:read', audit: 'registry.export' },
      schema: {
        tags: ['registry'],
        summary: '导出劳动力台账（xlsx，流式，证件号码脱敏）',
        description:
          'The labourers the list selects with the same filters (visibility: 户籍地 and/or 务工所在地 in the caller’s view scope), ID numbers masked. `reveal` or `purpose` here is refused (400): full ID numbers are exported by POST, the purpose in the body (OWASP ASVS V8.3.1). Every export is in the operation log.',
        querystring: laborerExportQuerySchema,
        response: errors,
      },
    },
    async (request, reply) => {
      const { reveal, purpose, ...filters } = request.query;
      if (reveal !== undefined || purpose !== undefined) {
        throw new AppError('VALIDATION_FAILED', REVEAL_BY_POST, [
          { field: reveal !== undefined ? 'reveal' : 'purpose', message: REVEAL_BY_POST },
        ]);
      }
      return sendExport({ db, keyRing }, request, reply, filters, undefined);
    },
  );

  app.post(
    EXPORT_PATH,
    {
      config: { permission: 'registry:read', audit: 'registry.export' },
      schema: {
        tags: ['registry'],
        summary: '导出劳动力台账（xlsx，流式；可含完整证件号码）',
        description:
          'The same export with the filters in the JSON body. With `reveal: true`, a `purpose` and the registry:reveal permission, the ID numbers of the labourers registered (户籍地) in the caller’s scope are in full; those only working there stay masked. One sensitive-read row names every labourer revealed (targetType laborer_export, targetId their ids, comma-separated). Needs the CSRF token, as every POST.',
        body: laborerExportBodySchema,
        response: errors,
      },
    },
    async (request, reply) => {
      const { reveal, purpose, ...filters } = request.body;
      if (!reveal) return sendExport({ db, keyRing }, request, reply, filters, undefined);
      if (!hasPermission(currentUser(request).roles, 'registry:reveal'))
        throw forbidden('您没有查看完整证件号码的权限');
      if (!purpose) {
        throw new AppError('VALIDATION_FAILED', '导出完整证件号码须说明用途', [
          { field: 'purpose', message: '请说明用途（至少2个字）' },
        ]);
      }
      return sendExport({ db, keyRing }, request, reply, filters, purpose);
    },
  );
};
