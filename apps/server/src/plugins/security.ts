import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.ts';

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
 * denial, and HSTS when the server runs behind HTTPS (HSTS_HEADER). They are all constant, so they are built once
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

/**
 * HTTP Strict Transport Security (RFC 6797; OWASP ASVS 14.4.5, HSTS Cheat Sheet: one year, subdomains included), sent
 * on every answer when the session cookie is Secure (JIUYE_SECURE_COOKIES), i.e. the site is reached over HTTPS. Over
 * plain HTTP it is not sent: a browser ignores it there, and it would lock out a site that has no TLS yet.
 */
export const HSTS_HEADER = 'max-age=31536000; includeSubDomains';

const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The origin (scheme://host[:port], default port dropped, as browsers send it) of an http(s) URL, or undefined for
 * anything else: `null` (sandboxed frames, privacy-sensitive redirects), other schemes, unparseable text.
 */
export function originOf(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
}

/** The origins of JIUYE_ALLOWED_ORIGINS, normalised; a value that is not an http(s) origin stops the start. */
export function parseAllowedOrigins(values: readonly string[]): ReadonlySet<string> {
  const origins = new Set<string>();
  for (const value of values) {
    const origin = originOf(value);
    const url = origin === undefined ? undefined : new URL(value);
    if (!url || url.pathname !== '/' || url.search || url.hash || url.username) {
      throw new Error(
        `JIUYE_ALLOWED_ORIGINS: "${value}" is not an origin (scheme://host[:port], e.g. https://jiuye.example.gov.cn)`,
      );
    }
    origins.add(url.origin);
  }
  return origins;
}

/**
 * The server's own origin as the request reached it: the scheme and Host header, or X-Forwarded-Proto and
 * X-Forwarded-Host when JIUYE_TRUST_PROXY is on (Fastify's trustProxy decides which request.protocol and
 * request.host read).
 */
function ownOriginOf(request: FastifyRequest): string | undefined {
  return request.host ? originOf(`${request.protocol}://${request.host}`) : undefined;
}

/**
 * Why a state-changing request comes from a foreign page, or undefined when it may go on. OWASP CSRF Prevention
 * Cheat Sheet, "Verifying origin with standard headers", as a defence in depth beside the CSRF token: the Origin
 * header, else the Referer's origin, must be the server's own or one of JIUYE_ALLOWED_ORIGINS. A request with
 * neither header (a script, curl, an old browser) passes to the token check as before.
 */
export function foreignOriginOf(request: FastifyRequest, allowed: ReadonlySet<string>): string | undefined {
  const claimed = request.headers.origin ?? request.headers.referer;
  if (claimed === undefined) return undefined;
  const origin = originOf(claimed);
  if (origin !== undefined && (origin === ownOriginOf(request) || allowed.has(origin))) return undefined;
  return claimed.slice(0, 200);
}

export interface SecurityOptions {
  /** Behind HTTPS: HSTS on every answer. */
  secureCookies: boolean;
  /** Origins besides the server's own that may send state-changing requests (JIUYE_ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
}

/** Whether a URL is the API's, not its documentation's (an HTML page with scripts). */
export function isApiUrl(url: string): boolean {
  return url.startsWith('/api/') && !url.startsWith('/api/docs');
}

/**
 * Security headers on every answer, chosen by the URL in one synchronous hook (a callback hook costs no promise),
 * and the Origin check of state-changing requests, before any route's own hooks (authentication, rate limit) run.
 * An API route reached by a percent-encoded URL (`/%61pi/…`) gets the API headers from its guard (plugins/auth.ts).
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  const hsts = options.secureCookies ? { 'strict-transport-security': HSTS_HEADER } : {};
  const apiHeaders = { ...API_SECURITY_HEADERS, ...hsts };
  const pageHeaders = { ...PAGE_SECURITY_HEADERS, ...hsts };
  const allowed = parseAllowedOrigins(options.allowedOrigins);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(isApiUrl(request.url) ? apiHeaders : pageHeaders);
    if (!STATE_CHANGING_METHODS.has(request.method)) return done();
    const foreign = foreignOriginOf(request, allowed);
    if (foreign === undefined) return done();
    request.log.warn(
      { origin: foreign, url: request.url },
      'state-changing request from a foreign origin refused',
    );
    done(new AppError('ORIGIN_REJECTED', '请求来源不是本系统的页面，已拒绝。请直接打开本系统的网址后重试'));
  });
}
