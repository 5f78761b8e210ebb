import type { FastifyRequest } from 'fastify';
import { permissionsOf, type Permission, type Role } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { AppError, forbidden } from '../../lib/errors.ts';
import { findAuthUser, type AuthUser } from '../users/user-access.repository.ts';

/** How the actor came: the web app (header X-Jiuye-Client: web), another API client, or the `jiuye` command. */
export type Channel = 'web' | 'api' | 'cli';

/** Where an action comes from: all the audit row knows of a request without a session. */
export interface Caller {
  /** The id of the request in the server log; null on the command line. */
  readonly requestId: string | null;
  /** The client address; null on the command line. */
  readonly ip: string | null;
  readonly channel: Channel;
}

/**
 * Whoever acts, and all that services, scope checks and the audit writer need to know of them: built once per
 * request by the auth hook (`actorOf(request)`), once per command by `actorForCli`. Nothing of the transport goes
 * below the routes.
 */
export interface Actor extends Caller {
  readonly userId: number;
  readonly username: string;
  readonly displayName: string;
  readonly organizationId: number | null;
  readonly roles: readonly Role[];
  readonly permissions: ReadonlySet<Permission>;
  /** Region codes the actor may read in. */
  readonly viewScope: readonly string[];
  /** Region codes the actor may enter and change data in. */
  readonly captureScope: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The actor of a request with a session, made by actorOf at its first use. */
    actor?: Actor;
  }
}

/** The permissions of a user record, worked out once: the session cache hands the same record to every request. */
const permissionsByUser = new WeakMap<AuthUser, ReadonlySet<Permission>>();

function permissionsOfUser(user: AuthUser): ReadonlySet<Permission> {
  let permissions = permissionsByUser.get(user);
  if (!permissions) {
    permissions = permissionsOf(user.roles);
    permissionsByUser.set(user, permissions);
  }
  return permissions;
}

function actorFromUser(user: AuthUser, origin: Caller): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    organizationId: user.organizationId,
    roles: user.roles,
    permissions: permissionsOfUser(user),
    viewScope: user.viewScope,
    captureScope: user.captureScope,
    ...origin,
  };
}

export function callerOf(request: FastifyRequest): Caller {
  const channel: Channel = request.headers['x-jiuye-client'] === 'web' ? 'web' : 'api';
  return { requestId: request.id, ip: request.ip, channel };
}

/** The actor of a request whose session the auth hook has accepted. */
function actorOfSession(request: FastifyRequest, user: AuthUser): Actor {
  return actorFromUser(user, callerOf(request));
}

/**
 * The actor of a request that passed the auth hook, made at its first use and then the same value for the rest of
 * the request (a read that needs none pays for none); UNAUTHENTICATED for a request without a session.
 */
export function actorOf(request: FastifyRequest): Actor {
  const actor = findActor(request);
  if (!actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  return actor;
}

/** The actor of a request with a session, else undefined (the error handler and the auth hook's refusals). */
export function findActor(request: FastifyRequest): Actor | undefined {
  if (!request.actor && request.auth) request.actor = actorOfSession(request, request.auth.user);
  return request.actor;
}

/**
 * The actor of a `jiuye` command: the active user it is run as (`--user` or JIUYE_USER), whose permissions, scopes
 * and audit rows are then exactly those of the same user on the web. VALIDATION_FAILED without a user name,
 * UNAUTHENTICATED for an unknown or disabled one.
 */
export async function actorForCli(db: Db, username: string | undefined): Promise<Actor> {
  if (!username) {
    throw new AppError(
      'VALIDATION_FAILED',
      '请用 --user 指定以哪个用户的身份执行（其权限、管辖范围和操作日志以该用户为准），或设置 JIUYE_USER',
      [{ field: 'user', message: '缺少用户名' }],
    );
  }
  const row = await db.selectFrom('appUser').select('id').where('username', '=', username).executeTakeFirst();
  const user = row ? await findAuthUser(db, row.id) : undefined;
  if (!user || !user.isActive) throw new AppError('UNAUTHENTICATED', `用户 ${username} 不存在或已停用`);
  return actorFromUser(user, { requestId: null, ip: null, channel: 'cli' });
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

/** FORBIDDEN unless the actor holds the permission (the routes check it too; a service is reached from the CLI). */
export function assertCan(actor: Actor, permission: Permission, message = '您没有执行此操作的权限'): void {
  if (!can(actor, permission)) throw forbidden(message);
}
