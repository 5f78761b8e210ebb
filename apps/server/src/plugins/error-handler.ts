import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { Db } from '../db/database.ts';
import { AppError, type ErrorDetail } from '../lib/errors.ts';
import { recordFailure, wasAudited } from '../modules/audit/audit.service.ts';
import { callerOf, findActor } from '../modules/auth/actor.ts';
import { isApiRequest, STATE_CHANGING } from './auth.ts';

function send(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details: ErrorDetail[] = [],
) {
  return reply.status(status).send({ error: { code, message, details } });
}

/** Turns every error into `{ error: { code, message, details } }` and logs refused changes. */
export function registerErrorHandler(app: FastifyInstance, db: Db): void {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    let status: number;
    let code: string;
    let message: string;
    let details: ErrorDetail[] = [];

    if (error instanceof AppError) {
      ({ code, message, details } = error);
      status = error.statusCode;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      status = 400;
      code = 'VALIDATION_FAILED';
      message = '提交的数据有误，请检查标出的字段';
      details = error.validation.map((issue) => ({
        field: [error.validationContext, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
        message: issue.message ?? '格式不正确',
      }));
    } else if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response does not match its schema');
      status = 500;
      code = 'INTERNAL';
      message = '服务器内部错误';
    } else if (error.statusCode === 429) {
      status = 429;
      code = 'RATE_LIMITED';
      message = '请求过于频繁，请稍后再试';
    } else if (error.statusCode === 413) {
      status = 413;
      code = 'PAYLOAD_TOO_LARGE';
      message = '提交的内容过大';
    } else if (error.statusCode === 415) {
      status = 415;
      code = 'UNSUPPORTED_MEDIA_TYPE';
      message = '不支持的内容类型';
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      code = 'BAD_REQUEST';
      message = '请求格式不正确';
      details = [{ message: error.message }];
    } else {
      request.log.error({ err: error }, 'unexpected error');
      status = 500;
      code = 'INTERNAL';
      message = '服务器内部错误，请稍后重试';
    }

    // A refused or failed change is logged once: not again when the auth hook (request.audited) or a service (for
    // this actor) logged it already. Anonymous requests (no session at all) are not logged, so nobody can flood the log;
    // nor are those from a foreign origin, refused before the session is read (plugins/security.ts, server log only).
    const isAnonymous = code === 'UNAUTHENTICATED' || code === 'ORIGIN_REJECTED';
    if (
      STATE_CHANGING.has(request.method) &&
      !request.audited &&
      !(request.actor !== undefined && wasAudited(request.actor)) &&
      !isAnonymous &&
      isApiRequest(request)
    ) {
      const action =
        request.routeOptions.config.audit ?? `${request.method} ${request.routeOptions.url ?? request.url}`;
      try {
        await recordFailure(db, findActor(request) ?? callerOf(request), {
          action,
          code,
          detail: details.length > 0 ? { details: details.slice(0, 20) } : {},
        });
      } catch (logError) {
        request.log.error({ err: logError }, 'could not write the operation log');
      }
    }
    return send(reply, status, code, message, details);
  });
}
