import { isRole, type Role } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { toBoolean } from '../../db/create-db.ts';

/** What the platform knows about a signed-in user on every request. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  viewScope: string[];
  captureScope: string[];
  organizationId: number | null;
  mustChangePassword: boolean;
  passwordChangedAt: string;
  isActive: boolean;
}

export async function findRolesAndScopes(
  db: Db,
  userIds: readonly number[],
): Promise<Map<number, { roles: Role[]; viewScope: string[]; captureScope: string[] }>> {
  const result = new Map<number, { roles: Role[]; viewScope: string[]; captureScope: string[] }>();
  if (userIds.length === 0) return result;
  for (const id of userIds) result.set(id, { roles: [], viewScope: [], captureScope: [] });
  const [roles, scopes] = await Promise.all([
    db
      .selectFrom('userRole')
      .select(['userId', 'role'])
      .where('userId', 'in', userIds)
      .orderBy('role')
      .execute(),
    db
      .selectFrom('userScope')
      .select(['userId', 'kind', 'regionCode'])
      .where('userId', 'in', userIds)
      .orderBy('regionCode')
      .execute(),
  ]);
  for (const { userId, role } of roles) if (isRole(role)) result.get(userId)?.roles.push(role);
  for (const { userId, kind, regionCode } of scopes) {
    const entry = result.get(userId);
    if (!entry) continue;
    (kind === 'capture' ? entry.captureScope : entry.viewScope).push(regionCode);
  }
  return result;
}

export async function findAuthUser(db: Db, userId: number): Promise<AuthUser | undefined> {
  const row = await db
    .selectFrom('appUser')
    .select([
      'id',
      'username',
      'displayName',
      'organizationId',
      'mustChangePassword',
      'passwordChangedAt',
      'isActive',
    ])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  const access = (await findRolesAndScopes(db, [userId])).get(userId)!;
  return {
    ...row,
    mustChangePassword: toBoolean(row.mustChangePassword),
    isActive: toBoolean(row.isActive),
    ...access,
  };
}
