import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  changePasswordBodySchema,
  errorResponseSchema,
  loginBodySchema,
  logoutAllResponseSchema,
  okSchema,
  sessionInfoSchema,
} from '@jiuye/contracts';
import type { ModuleOptions } from '../../module-options.ts';
import { AppError } from '../../lib/errors.ts';
import {
  clearSessionCookie,
  csrfTokenOf,
  hashSessionId,
  SESSION_COOKIE,
  startSession,
} from '../../plugins/auth.ts';
import { actorOf } from './actor.ts';
import {
  changePassword,
  login,
  logout,
  logoutEverywhere,
  recordRateLimitedLogin,
  toSessionInfo,
  type Client,
} from './auth.service.ts';
import { prepareDummyHash } from './password-hash.ts';
import { preparePasswordChecker } from './password-guessability.ts';
import { SESSION_SWEEP_INTERVAL_MS, sweepExpiredSessions } from './session-sweep.ts';

/** The address and browser a login-log row names. */
function clientOf(request: FastifyRequest): Client {
  return { ip: request.ip, userAgent: request.headers['user-agent']?.slice(0, 300) ?? null };
}

export const authRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db, config }) => {
  // The first login of an unknown user must not take longer than the others (see verifyDummy).
  await prepareDummyHash();
  preparePasswordChecker();

  // Expired sessions are refused when presented, but only the sweep deletes the ones never presented again:
  // at start, then every few minutes.
  let sweepTimer: NodeJS.Timeout | undefined;
  const sweep = async () => {
    const deleted = await sweepExpiredSessions(db);
    app.log[deleted > 0 ? 'info' : 'debug']({ deletedSessions: deleted }, 'expired sessions swept');
  };
  app.addHook('onReady', async () => {
    await sweep();
    sweepTimer = setInterval(() => {
      sweep().catch((error: unknown) => app.log.error({ err: error }, 'session sweep failed'));
    }, SESSION_SWEEP_INTERVAL_MS);
    sweepTimer.unref();
  });
  app.addHook('onClose', async () => clearInterval(sweepTimer));

  // Login attempts per client address per minute. Checked after the body is parsed, so that the login log names
  // the account, and awaited, so that the record is written before the answer leaves.
  const loginRateLimit = app.createRateLimit({ max: config.loginRateLimit, timeWindow: 60_000 });

  app.post(
    '/auth/login',
    {
      config: { public: true, audit: 'auth.login' },
      preValidation: async (request, reply) => {
        const limit = await loginRateLimit(request);
        if (!limit.isAllowed && limit.isExceeded) {
          reply.header('Retry-After', String(limit.ttlInSeconds));
          await recordRateLimitedLogin(
            db,
            clientOf(request),
            (request.body as { username?: unknown } | undefined)?.username,
          );
          throw new AppError('RATE_LIMITED', '请求过于频繁，请稍后再试');
        }
      },
      schema: {
        tags: ['auth'],
        summary: '登录',
        description:
          'Starts a session (HttpOnly cookie). `mustChangePassword` says whether the password must be changed first.',
        body: loginBodySchema,
        response: {
          200: sessionInfoSchema,
          401: errorResponseSchema.describe(
            'INVALID_CREDENTIALS: the same answer for every wrong name or password',
          ),
          423: errorResponseSchema.describe(
            'ACCOUNT_LOCKED: 5 failed logins of a name from one address lock it there for 30 minutes, known or not',
          ),
          429: errorResponseSchema.describe('RATE_LIMITED: too many attempts from this address in a minute'),
        },
      },
    },
    async (request, reply) => {
      const previous = request.cookies[SESSION_COOKIE];
      const { user, passwordExpired } = await login(db, clientOf(request), {
        ...request.body,
        previousSessionIdHash: previous ? hashSessionId(previous) : undefined,
      });
      const { session, csrfToken } = await startSession(db, request, reply, user.id, config.secureCookies);
      // A failure later in this request is logged under the user (findActor reads request.auth).
      request.auth = { user, session, passwordExpired };
      return toSessionInfo(user, session, csrfToken, passwordExpired);
    },
  );

  app.get(
    '/auth/session',
    {
      config: { allowPendingPasswordChange: true },
      schema: { tags: ['auth'], summary: '当前会话与用户', response: { 200: sessionInfoSchema } },
    },
    async (request) => {
      const { user, session, passwordExpired } = request.auth!;
      // The token is derived from the session id in the cookie; the database holds only its hash.
      return toSessionInfo(user, session, csrfTokenOf(request.cookies[SESSION_COOKIE]!), passwordExpired);
    },
  );

  app.post(
    '/auth/password',
    {
      config: { allowPendingPasswordChange: true, audit: 'auth.password.change' },
      schema: {
        tags: ['auth'],
        summary: '修改密码',
        description:
          'At least 8 characters of 3 classes, without the username, not a common or easily guessed one (zxcvbn ' +
          'score 3 or more), none of the last 5. Ends every other session ' +
          'and continues this one under a new id (new cookie and CSRF token).',
        body: changePasswordBodySchema,
        response: {
          200: sessionInfoSchema,
          400: errorResponseSchema.describe('WEAK_PASSWORD or PASSWORD_REUSED'),
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      let user;
      try {
        user = await changePassword(db, actor, clientOf(request), request.body);
      } catch (error) {
        // Locked by a wrong old password: the service ended every session of the account, this one included.
        if (error instanceof AppError && error.code === 'ACCOUNT_LOCKED') clearSessionCookie(reply);
        throw error;
      }
      const { session, csrfToken } = await startSession(
        db,
        request,
        reply,
        actor.userId,
        config.secureCookies,
      );
      return toSessionInfo(user, session, csrfToken, false);
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { allowPendingPasswordChange: true, audit: 'auth.logout' },
      schema: { tags: ['auth'], summary: '退出登录', response: { 200: okSchema } },
    },
    async (request, reply) => {
      await logout(db, actorOf(request), clientOf(request), request.auth!.session.idHash);
      clearSessionCookie(reply);
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/logout-all',
    {
      config: { allowPendingPasswordChange: true, audit: 'auth.logout_all' },
      schema: {
        tags: ['auth'],
        summary: '退出我的全部会话',
        response: { 200: logoutAllResponseSchema },
      },
    },
    async (request, reply) => {
      const sessions = await logoutEverywhere(db, actorOf(request), clientOf(request));
      clearSessionCookie(reply);
      return { ok: true as const, sessions };
    },
  );
};
