import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { insertOperationLog, insertSensitiveReadLog } from './audit.repository.ts';

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string | number;
  detail?: Record<string, unknown>;
}

/**
 * Writes the operation-log row of a successful action. Call it with the transaction that makes the change, so the
 * change and its record commit together (等保 2.0 三级 8.1.4.3 安全审计).
 */
export async function recordOperation(db: Db, request: FastifyRequest, entry: AuditEntry): Promise<void> {
  request.audited = true;
  await insertOperationLog(db, {
    ...actorOf(request),
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId === undefined ? null : String(entry.targetId),
    result: 'success',
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
    ip: request.ip,
  });
}

/** Writes the operation-log row of a refused or failed attempt (nothing was changed). */
export async function recordFailure(
  db: Db,
  request: FastifyRequest,
  entry: AuditEntry & { code: string },
): Promise<void> {
  await insertOperationLog(db, {
    ...actorOf(request),
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId === undefined ? null : String(entry.targetId),
    result: 'failure',
    detail: JSON.stringify({ code: entry.code, ...entry.detail }),
    ip: request.ip,
  });
}

/** Records that a user saw a sensitive value in full, and why (DESIGN.md §3). */
export async function recordSensitiveRead(
  db: Db,
  request: FastifyRequest,
  entry: { targetType: string; targetId: string | number; field: string; purpose: string },
): Promise<void> {
  const user = request.auth?.user;
  if (!user) throw new Error('recordSensitiveRead needs an authenticated request');
  await insertSensitiveReadLog(db, {
    userId: user.id,
    username: user.username,
    targetType: entry.targetType,
    targetId: String(entry.targetId),
    field: entry.field,
    purpose: entry.purpose,
    ip: request.ip,
  });
}

function actorOf(request: FastifyRequest) {
  const user = request.auth?.user;
  return {
    userId: user?.id ?? null,
    username: user?.username ?? null,
    roles: user ? user.roles.join(',') : null,
    regionCode: user?.viewScope[0] ?? null,
  };
}
