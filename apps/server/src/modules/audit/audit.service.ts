import type { Db } from '../../db/database.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor, Caller } from '../auth/actor.ts';
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

/** Who an operation-log row names: an actor, a request without a session (its origin only), or the system. */
export type AuditSubject = Actor | Caller | null;

const audited = new WeakSet<Actor | Caller>();

/** Whether an operation-log row was written for this actor (one per request: the error handler then adds none). */
export function wasAudited(subject: Actor | Caller): boolean {
  return audited.has(subject);
}

function isActor(subject: AuditSubject): subject is Actor {
  return subject !== null && 'userId' in subject;
}

/** The one writer of operation-log rows. */
async function writeOperationLog(
  db: Db,
  subject: AuditSubject,
  entry: AuditEntry,
  result: 'success' | 'failure',
  detail: Record<string, unknown> | undefined,
): Promise<void> {
  if (subject) audited.add(subject);
  const actor = isActor(subject) ? subject : null;
  await insertOperationLog(db, {
    userId: actor?.userId ?? null,
    username: actor?.username ?? null,
    roles: actor ? actor.roles.join(',') : null,
    regionCode: actor?.viewScope[0] ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId === undefined ? null : String(entry.targetId),
    result,
    detail: detail ? JSON.stringify(detail) : null,
    ip: subject?.ip ?? null,
    channel: subject?.channel ?? null,
    requestId: subject?.requestId ?? null,
  });
}

/**
 * Writes the operation-log row of a successful action. Call it with the transaction that makes the change, so the
 * change and its record commit together (等保 2.0 三级 8.1.4.3 安全审计). `null` is the system itself.
 */
export async function recordOperation(db: Db, subject: AuditSubject, entry: AuditEntry): Promise<void> {
  await writeOperationLog(db, subject, entry, 'success', entry.detail);
}

/** Writes the operation-log row of a refused or failed attempt (nothing was changed). */
export async function recordFailure(
  db: Db,
  subject: AuditSubject,
  entry: AuditEntry & { code: string },
): Promise<void> {
  await writeOperationLog(db, subject, entry, 'failure', { code: entry.code, ...entry.detail });
}

/** Records that a user saw a sensitive value in full, and why: every unmasking writes a sensitive-read row. */
export async function recordSensitiveRead(
  db: Db,
  actor: Actor,
  entry: { targetType: string; targetId: string | number; field: string; purpose: string },
): Promise<void> {
  await insertSensitiveReadLog(db, {
    userId: actor.userId,
    username: actor.username,
    targetType: entry.targetType,
    targetId: String(entry.targetId),
    field: entry.field,
    purpose: entry.purpose,
    ip: actor.ip,
    channel: actor.channel,
    requestId: actor.requestId,
  });
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
    await recordOperation(trx, null, { action: 'audit.prune', detail: { before: cutoff, deleted: counts } });
    return counts;
  });
}
