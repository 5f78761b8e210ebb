import crypto from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
import { cacheSession, getCachedSession } from '../lib/session-cache.ts';

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
    /** Set once the success of this request is in the operation log. */
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

/** Starts a new session (a fresh id at every login: no session fixation) and sets its cookie. */
export async function startSession(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: number,
  secureCookies: boolean,
): Promise<Session> {
  const id = crypto.randomBytes(32).toString('base64url');
  const now = new Date();
  const session: Session = {
    idHash: hashSessionId(id),
    userId,
    csrfToken: crypto.randomBytes(32).toString('base64url'),
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
  return session;
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

async function resolveSession(
  db: Db,
  request: FastifyRequest,
  sessionCacheMs: number,
): Promise<'none' | 'expired' | 'ok'> {
  const id = request.cookies[SESSION_COOKIE];
  if (!id) return 'none';
  const idHash = hashSessionId(id);
  const now = Date.now();
  const cached = sessionCacheMs > 0 ? getCachedSession(idHash, sessionCacheMs, now) : undefined;
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
  if (!cached && sessionCacheMs > 0) cacheSession(idHash, session, user, now);
  request.auth = { user, session, passwordExpired: isPasswordExpired(user.passwordChangedAt, new Date(now)) };
  return 'ok';
}

/**
 * Authentication, password-change gate, CSRF and permission checks for every /api route, in one place. Routes
 * say what they need in their `config`; nothing is reachable by default.
 */
export const authPlugin = fp(async (app: FastifyInstance, options: { db: Db; sessionCacheMs: number }) => {
  const { db, sessionCacheMs } = options;

  app.addHook('onRequest', async (request) => {
    if (!isApiRequest(request)) return;
    const config = request.routeOptions.config;
    const state = await resolveSession(db, request, sessionCacheMs);
    // The API documentation (@fastify/swagger-ui's own routes) describes the API and holds no data.
    if (config.public || request.routeOptions.url?.startsWith('/api/docs')) return;

    const action = config.audit ?? `${request.method} ${request.routeOptions.url ?? request.url}`;
    if (state !== 'ok') {
      if (state === 'expired') await recordFailure(db, request, { action, code: 'SESSION_EXPIRED' });
      throw state === 'expired'
        ? new AppError('SESSION_EXPIRED', '登录已过期，请重新登录')
        : new AppError('UNAUTHENTICATED', '请先登录');
    }
    const auth = request.auth!;

    if (STATE_CHANGING.has(request.method)) {
      const token = request.headers['x-csrf-token'];
      if (typeof token !== 'string' || !safeEqual(token, auth.session.csrfToken)) {
        await recordFailure(db, request, { action, code: 'CSRF_FAILED' });
        throw new AppError('CSRF_FAILED', '请求校验失败，请刷新页面后重试');
      }
    }

    if ((auth.user.mustChangePassword || auth.passwordExpired) && !config.allowPendingPasswordChange) {
      throw new AppError(
        'PASSWORD_CHANGE_REQUIRED',
        auth.user.mustChangePassword ? '首次登录请先修改密码' : '密码已超过90天未修改，请先修改密码',
      );
    }

    if (config.permission && !hasPermission(auth.user.roles, config.permission)) {
      await recordFailure(db, request, {
        action,
        code: 'FORBIDDEN',
        detail: { permission: config.permission },
      });
      throw new AppError('FORBIDDEN', '您没有执行此操作的权限');
    }
  });
});
