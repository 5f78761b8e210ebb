import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  displayName: string;
  /** argon2id; NO_PASSWORD ('') while the account has none (待授权). */
  passwordHash: string;
  passwordChangedAt: string;
  mustChangePassword: boolean;
  /** When the one-time password expires (it must be changed before); null for a chosen password. */
  passwordExpiresAt: Generated<string | null>;
  /** Unused since failures are counted per name and address (login_lockout); kept at 0. */
  failedLoginCount: number;
  /** The latest lock of the account's name from any address (for the user list); lifted by unlocking. */
  lockedUntil: string | null;
  organizationId: number | null;
  phone: string | null;
  isActive: boolean;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface UserRoleTable {
  userId: number;
  role: string;
}

export interface UserScopeTable {
  userId: number;
  /** 'view' or 'capture': separate scopes for reading and for writing, after DHIS2. */
  kind: string;
  regionCode: string;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  userId: number;
  passwordHash: string;
  createdAt: string;
}

export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
