import crypto from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  hasPermission,
  isPasswordExpired,
  SESSION_ABSOLUTE_HOURS,
  SESSION_IDLE_MINUTES,
  type Permission,
} from '@jiuye/domain';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/create-db.ts';
import { AppError } from '../lib/errors.ts';
import { findAuthUser, type AuthUser } from '../modules/users/user-access.repository.ts';
import {
  deleteSession,
  findSession,
  insertSession,
  touchSession,
} from '../modules/auth/session.repository.ts';
import type { Session } from '../modules/auth/session.table.ts';
import { recordFailure } from '../modules/audit/audit.service.ts';
import { callerOf, findActor } from '../modules/auth/actor.ts';
import { cacheSession, getCachedSession } from '../lib/session-cache.ts';
import { API_SECURITY_HEADERS, isApiUrl } from './security.ts';

export const SESSION_COOKIE = 'jiuye_sid';
export const STATE_CHANGING: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** lastSeenAt is written at most this often, so a busy session does not write on every read. */
const TOUCH_INTERVAL_MS = 30_000;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (login, health, public pages). */
    public?: boolean;
    /** Reachable while the password must be changed (me, change password, logout). */
    allowPendingPasswordChange?: boolean;
    /** Permission the caller must hold. */
    permission?: Permission;
    /** Action name written to the operation log when the request fails. */
    audit?: string;
  }
  interface FastifyRequest {
    auth?: { user: AuthUser; session: Session; passwordExpired: boolean };
    /** Set once the auth hook has logged the refusal of this request. */
    audited?: boolean;
  }
}

/**
 * Whether a request is for the API. Decided by the matched route, not the raw URL: the router decodes
 * `/%61pi/…` to the `/api/…` route, whose request.url does not start with `/api/`. Unmatched URLs fall back to the
 * raw URL.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  return (request.routeOptions.url ?? request.url).startsWith('/api/');
}

export function hashSessionId(id: string): string {
  return crypto.createHash('sha256').update(id).digest('base64url');
}

/**
 * The CSRF token of a session: an HMAC of the session id (OWASP CSRF Prevention Cheat Sheet, signed token bound to
 * the session), so that the page can be given it again after a reload while the database keeps only its hash.
 */
export function csrfTokenOf(sessionId: string): string {
  return crypto.createHmac('sha256', sessionId).update('jiuye-csrf-token').digest('base64url');
}

export function hashCsrfToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}

/**
 * Starts a new session (a fresh id at every login: no session fixation) and sets its cookie. Answers the session
 * and its CSRF token, which only the answer carries.
 */
export async function startSession(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: number,
  secureCookies: boolean,
): Promise<{ session: Session; csrfToken: string }> {
  const id = crypto.randomBytes(32).toString('base64url');
  const now = new Date();
  const csrfToken = csrfTokenOf(id);
  const session: Session = {
    idHash: hashSessionId(id),
    userId,
    csrfTokenHash: hashCsrfToken(csrfToken),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_HOURS * 3_600_000).toISOString(),
    ip: request.ip,
    userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
  };
  await insertSession(db, session);
  reply.setCookie(SESSION_COOKIE, id, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: secureCookies || request.protocol === 'https',
  });
  return { session, csrfToken };
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

type SessionState = 'none' | 'expired' | 'ok';

/**
 * The session from the cache alone, without a promise: 'none' without a cookie, 'ok' for a cached session that
 * needs no write (not expired, not due for a touch), undefined when the database must be asked.
 */
function resolveCachedSession(request: FastifyRequest, sessionCacheMs: number): SessionState | undefined {
  const id = request.cookies[SESSION_COOKIE];
  if (!id) return 'none';
  if (sessionCacheMs <= 0) return undefined;
  const now = Date.now();
  const cached = getCachedSession(id, sessionCacheMs, now);
  if (!cached) return undefined;
  const { session, user } = cached;
  const lastSeen = Date.parse(session.lastSeenAt);
  if (now >= Date.parse(session.expiresAt) || now - lastSeen > TOUCH_INTERVAL_MS) return undefined;
  request.auth = { user, session, passwordExpired: isPasswordExpired(user.passwordChangedAt, new Date(now)) };
  return 'ok';
}

async function resolveSession(
  db: Db,
  request: FastifyRequest,
  sessionCacheMs: number,
): Promise<SessionState> {
  const id = request.cookies[SESSION_COOKIE];
  if (!id) return 'none';
  const now = Date.now();
  const cached = sessionCacheMs > 0 ? getCachedSession(id, sessionCacheMs, now) : undefined;
  const idHash = cached?.session.idHash ?? hashSessionId(id);
  let session = cached?.session ?? (await findSession(db, idHash));
  if (!session) return 'expired';
  const idleLimit = Date.parse(session.lastSeenAt) + SESSION_IDLE_MINUTES * 60_000;
  if (now >= Date.parse(session.expiresAt) || now >= idleLimit) {
    await deleteSession(db, idHash);
    return 'expired';
  }
  const user = cached?.user ?? (await findAuthUser(db, session.userId));
  if (!user || !user.isActive) {
    await deleteSession(db, idHash);
    return 'expired';
  }
  if (now - Date.parse(session.lastSeenAt) > TOUCH_INTERVAL_MS) {
    session = { ...session, lastSeenAt: nowIso() };
    await touchSession(db, idHash, session.lastSeenAt);
  }
  if (!cached && sessionCacheMs > 0) cacheSession(id, session, user, now);
  request.auth = { user, session, passwordExpired: isPasswordExpired(user.passwordChangedAt, new Date(now)) };
  return 'ok';
}

/**
 * Authentication, password-change gate, CSRF and permission checks for every /api route, in one place. Routes
 * say what they need in their `config`; nothing is reachable by default. The guard is attached to each API route
 * as it is declared (including the HEAD route Fastify adds for a GET), with the route's settings read once, so a
 * request pays for none of the route look-ups; routes are matched by their declared path, which is what makes
 * `/%61pi/…` no way around it.
 */
export const authPlugin = fp(async (app: FastifyInstance, options: { db: Db; sessionCacheMs: number }) => {
  const { db, sessionCacheMs } = options;

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const guard = routeGuard(db, sessionCacheMs, route.url, route.config ?? {});
    const own = route.onRequest;
    route.onRequest = own ? [guard, ...(Array.isArray(own) ? own : [own])] : [guard];
  });
});

interface Refusal {
  error: AppError;
  /** Written to the operation log as a failed attempt. */
  log?: { code: string; detail?: Record<string, unknown> };
}

/** Why a request may not go on, or undefined when it may. */
function refusalOf(
  state: SessionState,
  request: FastifyRequest,
  config: FastifyContextConfig,
): Refusal | undefined {
  if (state !== 'ok') {
    return state === 'expired'
      ? { error: new AppError('SESSION_EXPIRED', '登录已过期，请重新登录'), log: { code: 'SESSION_EXPIRED' } }
      : { error: new AppError('UNAUTHENTICATED', '请先登录') };
  }
  const auth = request.auth!;
  if (STATE_CHANGING.has(request.method)) {
    const token = request.headers['x-csrf-token'];
    if (typeof token !== 'string' || !safeEqual(hashCsrfToken(token), auth.session.csrfTokenHash)) {
      return {
        error: new AppError('CSRF_FAILED', '请求校验失败，请刷新页面后重试'),
        log: { code: 'CSRF_FAILED' },
      };
    }
  }
  if ((auth.user.mustChangePassword || auth.passwordExpired) && !config.allowPendingPasswordChange) {
    return {
      error: new AppError(
        'PASSWORD_CHANGE_REQUIRED',
        auth.user.mustChangePassword ? '首次登录请先修改密码' : '密码已超过90天未修改，请先修改密码',
      ),
    };
  }
  if (config.permission && !hasPermission(auth.user.roles, config.permission)) {
    return {
      error: new AppError('FORBIDDEN', '您没有执行此操作的权限'),
      log: { code: 'FORBIDDEN', detail: { permission: config.permission } },
    };
  }
  return undefined;
}

/**
 * The hook of one API route. A callback hook, so that a request whose session is in the cache passes without a
 * promise; the database is asked only on a cache miss, a touch, or to log a refusal.
 */
function routeGuard(db: Db, sessionCacheMs: number, url: string, config: FastifyContextConfig) {
  // The API documentation (@fastify/swagger-ui's own routes) describes the API and holds no data.
  const isDocs = url.startsWith('/api/docs');
  const isPublic = config.public === true || isDocs;

  const admit = (state: SessionState, request: FastifyRequest, done: (error?: Error) => void) => {
    const refusal = isPublic ? undefined : refusalOf(state, request, config);
    if (!refusal) return done();
    if (!refusal.log) return done(refusal.error);
    request.audited = true;
    recordFailure(db, findActor(request) ?? callerOf(request), {
      action: config.audit ?? `${request.method} ${url}`,
      code: refusal.log.code,
      ...(refusal.log.detail ? { detail: refusal.log.detail } : {}),
    }).then(
      () => done(refusal.error),
      (error: Error) => done(error),
    );
  };

  return function guard(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    // Reached by a percent-encoded URL, the security hook took it for a page.
    if (!isDocs && !isApiUrl(request.url)) reply.headers(API_SECURITY_HEADERS);
    const state = resolveCachedSession(request, sessionCacheMs);
    if (state !== undefined) return admit(state, request, done);
    resolveSession(db, request, sessionCacheMs).then(
      (resolved) => admit(resolved, request, done),
      (error: Error) => done(error),
    );
  };
}
