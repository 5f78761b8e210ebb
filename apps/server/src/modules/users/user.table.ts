import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  displayName: string;
  passwordHash: string;
  passwordChangedAt: string;
  mustChangePassword: boolean;
  failedLoginCount: number;
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
  /** 'view' or 'capture' (DESIGN.md §3, after DHIS2). */
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
