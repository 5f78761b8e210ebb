import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../module-options.ts';
import { dialectOf } from '../../db/create-db.ts';

export const healthRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: '健康检查',
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['sqlite', 'postgres']),
            time: z.string(),
          }),
        },
      },
    },
    async () => {
      await sql`select 1`.execute(db);
      return { status: 'ok' as const, database: dialectOf(db), time: new Date().toISOString() };
    },
  );
};
