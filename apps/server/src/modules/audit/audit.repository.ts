import type { Db } from '../../db/database.ts';
import type { NewOperationLog } from './audit.table.ts';
import { nowIso } from '../../db/create-db.ts';

export async function insertOperationLog(db: Db, row: Omit<NewOperationLog, 'occurredAt'>): Promise<void> {
  await db
    .insertInto('operationLog')
    .values({ ...row, occurredAt: nowIso() })
    .execute();
}

export async function insertLoginLog(
  db: Db,
  row: {
    username: string;
    userId: number | null;
    success: boolean;
    reason: string;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await db
    .insertInto('loginLog')
    .values({ ...row, occurredAt: nowIso() })
    .execute();
}

export async function insertSensitiveReadLog(
  db: Db,
  row: {
    userId: number;
    username: string;
    targetType: string;
    targetId: string;
    field: string;
    purpose: string;
    ip: string | null;
  },
): Promise<void> {
  await db
    .insertInto('sensitiveReadLog')
    .values({ ...row, occurredAt: nowIso() })
    .execute();
}
