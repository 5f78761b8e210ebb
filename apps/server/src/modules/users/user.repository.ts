import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { UserDto } from '@jiuye/contracts';
import type { Role } from '@jiuye/domain';
import type { Database, Db } from '../../db/database.ts';
import { NO_PASSWORD } from '../auth/password-hash.ts';
import { toBoolean } from '../../db/create-db.ts';
import { regionRangeCondition, type ScopeKind } from '../../lib/scope.ts';
import { containsText } from '../../lib/sql-text.ts';
import { findRolesAndScopes } from './user-access.repository.ts';
import type { AppUserUpdate, NewAppUser } from './user.table.ts';

export type UserRecord = UserDto & { roles: Role[] };

export interface UserFilter {
  /** A user is listed when one of their view-scope codes lies in these regions. */
  scope: readonly string[];
  /** Also list accounts without any view scope (待授权, waiting for their grant). */
  includeUnscoped?: boolean;
  username?: string | undefined;
  displayName?: string | undefined;
  role?: Role | undefined;
  isActive?: boolean | undefined;
  page: number;
  pageSize: number;
}

const COLUMNS = [
  'appUser.id',
  'appUser.username',
  'appUser.displayName',
  'appUser.organizationId',
  'organization.name as organizationName',
  'appUser.phone',
  'appUser.isActive',
  'appUser.lockedUntil',
  'appUser.mustChangePassword',
  'appUser.passwordChangedAt',
  'appUser.passwordExpiresAt',
  'appUser.createdAt',
  'appUser.updatedAt',
] as const;

function fromUsers(db: Db) {
  return db.selectFrom('appUser').leftJoin('organization', 'organization.id', 'appUser.organizationId');
}

/** Whether the account has a password, without reading the hash. */
function hasPasswordColumn(eb: ExpressionBuilder<Database, 'appUser'>) {
  return eb.case().when('appUser.passwordHash', '=', NO_PASSWORD).then(0).else(1).end().as('hasPassword');
}

function selectUsers(db: Db) {
  return fromUsers(db).select(COLUMNS).select(hasPasswordColumn);
}

type UserRow = Awaited<ReturnType<ReturnType<typeof selectUsers>['executeTakeFirstOrThrow']>>;

/** Rows with their roles and scopes, booleans normalised, `isLocked` computed at `now`. */
async function withAccess(db: Db, rows: UserRow[]): Promise<UserRecord[]> {
  const access = await findRolesAndScopes(
    db,
    rows.map((row) => row.id),
  );
  const now = Date.now();
  return rows.map((row): UserRecord => {
    const { roles, viewScope, captureScope } = access.get(row.id)!;
    const isActive = toBoolean(row.isActive);
    const hasPassword = Number(row.hasPassword) === 1;
    return {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      roles,
      viewScope,
      captureScope,
      organizationId: row.organizationId,
      organizationName: row.organizationName ?? null,
      phone: row.phone,
      isActive,
      status: !isActive ? 'inactive' : roles.length === 0 || !hasPassword ? 'pending' : 'active',
      hasPassword,
      passwordExpiresAt: row.passwordExpiresAt ?? null,
      isLocked: row.lockedUntil !== null && Date.parse(row.lockedUntil) > now,
      lockedUntil: row.lockedUntil,
      mustChangePassword: toBoolean(row.mustChangePassword),
      passwordChangedAt: row.passwordChangedAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  });
}

export async function listUsers(db: Db, filter: UserFilter): Promise<{ items: UserRecord[]; total: number }> {
  const filtered = fromUsers(db).where((eb) => {
    const inScope = eb.exists(
      eb
        .selectFrom('userScope')
        .select('userScope.userId')
        .whereRef('userScope.userId', '=', 'appUser.id')
        .where('userScope.kind', '=', 'view' satisfies ScopeKind)
        .where(regionRangeCondition('userScope.regionCode', filter.scope)),
    );
    const unscoped = eb.not(
      eb.exists(
        eb
          .selectFrom('userScope')
          .select('userScope.userId')
          .whereRef('userScope.userId', '=', 'appUser.id')
          .where('userScope.kind', '=', 'view' satisfies ScopeKind),
      ),
    );
    const conditions: Array<Expression<SqlBool>> = [
      filter.includeUnscoped ? eb.or([inScope, unscoped]) : inScope,
    ];
    if (filter.username) conditions.push(containsText('appUser.username', filter.username));
    if (filter.displayName) conditions.push(containsText('appUser.displayName', filter.displayName));
    if (filter.role) {
      conditions.push(
        eb.exists(
          eb
            .selectFrom('userRole')
            .select('userRole.userId')
            .whereRef('userRole.userId', '=', 'appUser.id')
            .where('userRole.role', '=', filter.role),
        ),
      );
    }
    if (filter.isActive !== undefined) conditions.push(eb('appUser.isActive', '=', filter.isActive));
    return eb.and(conditions);
  });
  const [count, rows] = await Promise.all([
    filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    filtered
      .select(COLUMNS)
      .select(hasPasswordColumn)
      .orderBy('appUser.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
  ]);
  return { items: await withAccess(db, rows), total: Number(count.total) };
}

export async function findUser(db: Db, id: number): Promise<UserRecord | undefined> {
  const row = await selectUsers(db).where('appUser.id', '=', id).executeTakeFirst();
  return row && (await withAccess(db, [row]))[0];
}

/** Usernames are unique regardless of case (`Zhang` and `zhang` would be confused at login). */
export async function findUserIdByUsername(db: Db, username: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('appUser')
    .select('id')
    .where(sql`lower(${sql.ref('username')})`, '=', username.toLowerCase())
    .executeTakeFirst();
  return row?.id;
}

export async function insertUser(db: Db, values: NewAppUser): Promise<number> {
  const { id } = await db.insertInto('appUser').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateUser(db: Db, id: number, changes: AppUserUpdate): Promise<void> {
  await db.updateTable('appUser').set(changes).where('id', '=', id).execute();
}

export async function replaceUserRoles(db: Db, userId: number, roles: readonly Role[]): Promise<void> {
  await db.deleteFrom('userRole').where('userId', '=', userId).execute();
  if (roles.length === 0) return;
  await db
    .insertInto('userRole')
    .values(roles.map((role) => ({ userId, role })))
    .execute();
}

export async function replaceUserScope(
  db: Db,
  userId: number,
  kind: ScopeKind,
  regionCodes: readonly string[],
): Promise<void> {
  await db.deleteFrom('userScope').where('userId', '=', userId).where('kind', '=', kind).execute();
  if (regionCodes.length === 0) return;
  await db
    .insertInto('userScope')
    .values(regionCodes.map((regionCode) => ({ userId, kind, regionCode })))
    .execute();
}

export async function clearLockout(db: Db, id: number, updatedAt: string): Promise<void> {
  await db
    .updateTable('appUser')
    .set({ lockedUntil: null, failedLoginCount: 0, updatedAt })
    .where('id', '=', id)
    .execute();
}
