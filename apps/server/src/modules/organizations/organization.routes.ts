import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../app.ts';

export const organizationRoutes: FastifyPluginAsyncZod<ModuleOptions> = async () => {};
