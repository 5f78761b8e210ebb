import { sql } from 'kysely';
import type { LoginLogQuery, OperationLogQuery, SensitiveReadLogQuery } from '@jiuye/contracts';
import type { Db } from '../../db/database.ts';
import type { LoginLog, NewOperationLog, OperationLog, SensitiveReadLog } from './audit.table.ts';
import { nowIso, toBoolean } from '../../db/create-db.ts';

export const AUDIT_TABLES = ['operationLog', 'loginLog', 'sensitiveReadLog'] as const;
export type AuditTable = (typeof AUDIT_TABLES)[number];

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

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
    channel: 'web' | 'api' | 'cli' | null;
    requestId: string | null;
  },
): Promise<void> {
  await db
    .insertInto('sensitiveReadLog')
    .values({ ...row, occurredAt: nowIso() })
    .execute();
}

// Timestamps are compared as ISO-8601 UTC text on SQLite: normalise `+08:00` and the like first.
const utc = (value: string) => new Date(value).toISOString();
const offsetOf = (query: { page: number; pageSize: number }) => (query.page - 1) * query.pageSize;
/** LIKE pattern matching a dotted prefix literally (`_` and `%` occur in action names). */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;

/** Newest first. `action` matches itself or any action below it (`auth` → `auth.login`, `auth.password.change`). */
export async function listOperationLogs(db: Db, query: OperationLogQuery): Promise<Page<OperationLog>> {
  const filtered = db
    .selectFrom('operationLog')
    .$if(query.from !== undefined, (qb) => qb.where('occurredAt', '>=', utc(query.from!)))
    .$if(query.to !== undefined, (qb) => qb.where('occurredAt', '<', utc(query.to!)))
    .$if(query.username !== undefined, (qb) => qb.where('username', '=', query.username!))
    .$if(query.result !== undefined, (qb) => qb.where('result', '=', query.result!))
    .$if(query.action !== undefined, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('action', '=', query.action!),
          sql<boolean>`${sql.ref('action')} like ${likePrefix(query.action!)} escape '\\'`,
        ]),
      ),
    );
  const [count, items] = await Promise.all([
    filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    filtered
      .select([
        'id',
        'occurredAt',
        'userId',
        'username',
        'roles',
        'regionCode',
        'action',
        'targetType',
        'targetId',
        'result',
        'detail',
        'ip',
        'channel',
        'requestId',
      ])
      .orderBy('occurredAt', 'desc')
      .orderBy('id', 'desc')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
  ]);
  return { items, total: Number(count.total), page: query.page, pageSize: query.pageSize };
}

export async function listLoginLogs(db: Db, query: LoginLogQuery): Promise<Page<LoginLog>> {
  const filtered = db
    .selectFrom('loginLog')
    .$if(query.from !== undefined, (qb) => qb.where('occurredAt', '>=', utc(query.from!)))
    .$if(query.to !== undefined, (qb) => qb.where('occurredAt', '<', utc(query.to!)))
    .$if(query.username !== undefined, (qb) => qb.where('username', '=', query.username!))
    .$if(query.success !== undefined, (qb) => qb.where('success', '=', query.success === 'true'));
  const [count, rows] = await Promise.all([
    filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    filtered
      .select(['id', 'occurredAt', 'username', 'userId', 'success', 'reason', 'ip', 'userAgent'])
      .orderBy('occurredAt', 'desc')
      .orderBy('id', 'desc')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
  ]);
  const items = rows.map((row) => ({ ...row, success: toBoolean(row.success) }));
  return { items, total: Number(count.total), page: query.page, pageSize: query.pageSize };
}

export async function listSensitiveReadLogs(
  db: Db,
  query: SensitiveReadLogQuery,
): Promise<Page<SensitiveReadLog>> {
  const filtered = db
    .selectFrom('sensitiveReadLog')
    .$if(query.from !== undefined, (qb) => qb.where('occurredAt', '>=', utc(query.from!)))
    .$if(query.to !== undefined, (qb) => qb.where('occurredAt', '<', utc(query.to!)))
    .$if(query.username !== undefined, (qb) => qb.where('username', '=', query.username!));
  const [count, items] = await Promise.all([
    filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    filtered
      .select([
        'id',
        'occurredAt',
        'userId',
        'username',
        'targetType',
        'targetId',
        'field',
        'purpose',
        'ip',
        'channel',
        'requestId',
      ])
      .orderBy('occurredAt', 'desc')
      .orderBy('id', 'desc')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
  ]);
  return { items, total: Number(count.total), page: query.page, pageSize: query.pageSize };
}

export async function countLogsBefore(db: Db, table: AuditTable, before: string): Promise<number> {
  const { total } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('occurredAt', '<', before)
    .executeTakeFirstOrThrow();
  return Number(total);
}

/** Only `jiuye audit prune` deletes; the database refuses rows younger than 180 days whatever the caller. */
export async function deleteLogsBefore(db: Db, table: AuditTable, before: string): Promise<number> {
  const result = await db.deleteFrom(table).where('occurredAt', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
