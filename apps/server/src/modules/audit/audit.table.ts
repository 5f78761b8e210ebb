import type { Generated, Insertable, Selectable } from 'kysely';

/** Append-only: database triggers refuse UPDATE, and DELETE of rows younger than the retention period. */
export interface OperationLogTable {
  id: Generated<number>;
  occurredAt: string;
  userId: number | null;
  username: string | null;
  /** Comma-separated roles of the actor at the time. */
  roles: string | null;
  /** The actor's primary region. */
  regionCode: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** 'success' or 'failure'. */
  result: string;
  /** JSON with the error code, changed fields … */
  detail: string | null;
  ip: string | null;
  /** web, api or cli (null for rows older than the column and for the system's own actions). */
  channel: 'web' | 'api' | 'cli' | null;
  /** The id of the request in the server log; null on the command line. */
  requestId: string | null;
}

export interface LoginLogTable {
  id: Generated<number>;
  occurredAt: string;
  username: string;
  userId: number | null;
  success: boolean;
  /** ok, unknown_user, wrong_password, locked, inactive, rate_limited, logout … */
  reason: string;
  ip: string | null;
  userAgent: string | null;
}

export interface SensitiveReadLogTable {
  id: Generated<number>;
  occurredAt: string;
  userId: number;
  username: string;
  targetType: string;
  targetId: string;
  field: string;
  purpose: string;
  ip: string | null;
  channel: 'web' | 'api' | 'cli' | null;
  requestId: string | null;
}

export type OperationLog = Selectable<OperationLogTable>;
export type NewOperationLog = Insertable<OperationLogTable>;
export type LoginLog = Selectable<LoginLogTable>;
export type SensitiveReadLog = Selectable<SensitiveReadLogTable>;
