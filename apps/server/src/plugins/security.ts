import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import { isApiRequest } from './auth.ts';

/**
 * Security headers (OWASP ASVS 14.4): a strict CSP, nosniff, no framing, and `Cache-Control: no-store` on every API
 * answer, since any of them may carry personal data.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    frameguard: { action: 'deny' },
    hsts: false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (request, reply) => {
    if (isApiRequest(request) && !(request.routeOptions.url ?? request.url).startsWith('/api/docs')) {
      reply.header('Cache-Control', 'no-store');
    }
  });
}
