import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { KeyRing } from './lib/field-crypto.ts';
import { responseSerializerCompiler } from './lib/response-serializer.ts';
import { authPlugin } from './plugins/auth.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerSecurityHeaders } from './plugins/security.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { regionRoutes } from './modules/regions/region.routes.ts';
import { organizationRoutes } from './modules/organizations/organization.routes.ts';
import { userRoutes } from './modules/users/user.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { registryRoutes } from './modules/registry/registry.routes.ts';
import { registryImportRoutes } from './modules/imports/import.routes.ts';
import { laborerExportRoutes } from './modules/registry/export/laborer-export.routes.ts';
import { policyRoutes } from './modules/policy/policy.routes.ts';

export interface AppOptions {
  db: Db;
  config: Config;
  /** Keys for the sensitive fields (lib/field-crypto.ts). */
  keyRing: KeyRing;
  /** Pino logger options, or false for none (tests). */
  logger?: boolean | object;
}

export type App = FastifyInstance;

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function buildApp({ db, config, keyRing, logger = false }: AppOptions): Promise<App> {
  const app = Fastify({
    logger,
    // Fastify's two lines per request (received, completed) cost a fifth of a simple GET (bench/README.md); the
    // reverse proxy keeps the access log and the audit log every operation. One line per request at `debug`.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  if (app.log.level === 'debug' || app.log.level === 'trace') {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.debug(
        { method: request.method, url: request.url, statusCode: reply.statusCode, ms: reply.elapsedTime },
        'request',
      );
      done();
    });
  }
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);

  registerErrorHandler(app, db);
  await registerSecurityHeaders(app, config);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  // Before any route is declared: it guards every /api route as it is declared, the documentation's included.
  await app.register(authPlugin, { db, sessionCacheMs: config.sessionCacheMs });
  await app.register(swagger, {
    openapi: {
      info: { title: 'jiuye 就业帮扶信息平台 API', version: '0.1.0' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'jiuye_sid' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  // Every module, in one explicit list (STYLE.md).
  const modules = [
    healthRoutes,
    authRoutes,
    regionRoutes,
    organizationRoutes,
    userRoutes,
    auditRoutes,
    registryRoutes,
    registryImportRoutes,
    laborerExportRoutes,
    policyRoutes,
  ];
  for (const module of modules) {
    await app.register(module, { prefix: '/api', db, config, keyRing });
  }

  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: 'index.html' });
  app.setNotFoundHandler((request, reply) => {
    // The web app routes in the browser: any other GET outside /api gets its index.html.
    if (hasWeb && request.method === 'GET' && !request.url.startsWith('/api/'))
      return reply.sendFile('index.html');
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: '接口不存在', details: [] } });
  });
  return app;
}
