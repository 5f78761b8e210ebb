import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponseSchema, laborerExportBodySchema, laborerExportQuerySchema } from '@jiuye/contracts';
import type { ModuleOptions } from '../../../module-options.ts';
import { AppError } from '../../../lib/errors.ts';
import { actorOf } from '../../auth/actor.ts';
import { startLaborerExport, type LoggedExport } from './laborer-export.service.ts';

const EXPORT_PATH = '/laborers/export.xlsx';
const REVEAL_BY_POST =
  '完整证件号码须用 POST /api/laborers/export.xlsx 导出，查询条件和用途放在请求体中（用途不得出现在网址中）';

const errors = { 400: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema };

/** Streams the workbook of an export already logged (startLaborerExport). */
function sendWorkbook(request: FastifyRequest, reply: FastifyReply, exported: LoggedExport) {
  const stream = new PassThrough();
  const name = encodeURIComponent(`劳动力台账_${new Date().toISOString().slice(0, 10)}.xlsx`);
  reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="laborers.xlsx"; filename*=UTF-8''${name}`)
    .header('cache-control', 'no-store');
  exported.write(stream).catch((error: unknown) => {
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
      const exported = await startLaborerExport(db, keyRing, actorOf(request), { filters, reveal: false });
      return sendWorkbook(request, reply, exported);
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
      const exported = await startLaborerExport(db, keyRing, actorOf(request), { filters, reveal, purpose });
      return sendWorkbook(request, reply, exported);
    },
  );
};
