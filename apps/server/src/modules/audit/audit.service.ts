import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../lib/errors.ts';
import {
  AUDIT_TABLES,
  countLogsBefore,
  deleteLogsBefore,
  insertOperationLog,
  insertSensitiveReadLog,
  type AuditTable,
} from './audit.repository.ts';

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
  request.audited = true;
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

/** Records that a user saw a sensitive value in full, and why: every unmasking writes a sensitive-read row. */
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

/** 等保 2.0 三级 8.1.4.3 c): audit records are kept at least six months (the database triggers say the same). */
export const AUDIT_RETENTION_DAYS = 180;

export type PruneCounts = Record<AuditTable, number>;

/**
 * Deletes (or with `dryRun` only counts) the audit records older than `before`, which must itself be older than
 * the retention period, and records the pruning in the operation log.
 */
export async function pruneAuditLogs(
  db: Db,
  before: Date,
  options: { dryRun: boolean; now?: Date },
): Promise<PruneCounts> {
  const now = options.now ?? new Date();
  if (before.getTime() > now.getTime() - AUDIT_RETENTION_DAYS * 86_400_000) {
    throw new AppError(
      'VALIDATION_FAILED',
      `审计日志至少保留 ${AUDIT_RETENTION_DAYS} 天，不能删除更近的记录`,
      [{ field: 'before', message: `清理截止时间须早于 ${AUDIT_RETENTION_DAYS} 天前` }],
    );
  }
  const cutoff = before.toISOString();
  if (options.dryRun) {
    const counts = {} as PruneCounts;
    for (const table of AUDIT_TABLES) counts[table] = await countLogsBefore(db, table, cutoff);
    return counts;
  }
  return db.transaction().execute(async (trx) => {
    const counts = {} as PruneCounts;
    for (const table of AUDIT_TABLES) counts[table] = await deleteLogsBefore(trx, table, cutoff);
    await insertOperationLog(trx, {
      userId: null,
      username: null,
      roles: null,
      regionCode: null,
      action: 'audit.prune',
      targetType: null,
      targetId: null,
      result: 'success',
      detail: JSON.stringify({ before: cutoff, deleted: counts }),
      ip: null,
    });
    return counts;
  });
}
