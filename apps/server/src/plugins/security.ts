import type { FastifyInstance } from 'fastify';
import { isApiRequest } from './auth.ts';

/** Content-Security-Policy: only our own scripts; Ant Design injects its CSS-in-JS styles at run time. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
].join(';');

/**
 * Security headers (OWASP ASVS 14.4): the set @fastify/helmet would send with the CSP above, frame denial and no
 * HSTS (TLS ends at the reverse proxy, which sets it). They are all constant, so they are built once and set in one
 * hook: @fastify/helmet rebuilds its middleware chain on every request, which halved the throughput of a plain
 * route in our measurement (bench/README.md).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

/** Security headers on every answer, and `Cache-Control: no-store` on every API answer (any may carry personal data). */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  app.addHook('onSend', async (request, reply) => {
    if (isApiRequest(request) && !(request.routeOptions.url ?? request.url).startsWith('/api/docs')) {
      reply.header('Cache-Control', 'no-store');
    }
  });
}
