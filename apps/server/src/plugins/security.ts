import type { FastifyInstance } from 'fastify';

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
 * Security headers of the web pages (OWASP ASVS 14.4): the set @fastify/helmet would send with the CSP above, frame
 * denial and no HSTS (TLS ends at the reverse proxy, which sets it). They are all constant, so they are built once
 * and set in one hook: @fastify/helmet rebuilds its middleware chain on every request, which halved the throughput
 * of a plain route in our measurement (bench/README.md).
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
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

/**
 * Security headers of the JSON API, as the OWASP REST Security Cheat Sheet lists them: a JSON answer runs no script
 * and loads nothing, so its policy allows nothing at all; every answer may carry personal data, so none is stored
 * (等保 剩余信息保护, ASVS 8.2.1). The page-only headers above (DNS prefetch, IE download options, the XSS auditor …)
 * mean nothing to a JSON answer and each costs node:http a header check on every request.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** Whether a URL is the API's, not its documentation's (an HTML page with scripts). */
export function isApiUrl(url: string): boolean {
  return url.startsWith('/api/') && !url.startsWith('/api/docs');
}

/**
 * Security headers on every answer, chosen by the URL in one synchronous hook (a callback hook costs no promise).
 * An API route reached by a percent-encoded URL (`/%61pi/…`) gets the API headers from its guard (plugins/auth.ts).
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(isApiUrl(request.url) ? API_SECURITY_HEADERS : PAGE_SECURITY_HEADERS);
    done();
  });
}
