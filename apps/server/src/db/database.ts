import type { Kysely } from 'kysely';
import type {
  OperationLogTable,
  LoginLogTable,
  SensitiveReadLogTable,
} from '../modules/audit/audit.table.ts';
import type {
  DictionaryItemTable,
  EmploymentSpellTable,
  HouseholdTable,
  LaborerChangeTable,
  LaborerTable,
  OccupationTable,
  TransferRequestTable,
} from '../modules/registry/registry.table.ts';
import type {
  ImportJobMessageColumn,
  ImportJobRetentionColumn,
  ImportJobRowTable,
  ImportJobTable,
} from '../modules/imports/import-job.table.ts';
import type { SessionTable } from '../modules/auth/session.table.ts';
import type { LoginLockoutTable } from '../modules/auth/login-lockout.table.ts';
import type { PolicyGrantTable, PolicyValueFileTable } from '../modules/policy/policy.table.ts';
import type { DataKeyTable } from '../modules/keys/data-key.table.ts';
import type { OrganizationTable } from '../modules/organizations/organization.table.ts';
import type { RegionTable } from '../modules/regions/region.table.ts';
import type {
  AppUserTable,
  PasswordHistoryTable,
  UserRoleTable,
  UserScopeTable,
} from '../modules/users/user.table.ts';

export interface Database {
  region: RegionTable;
  organization: OrganizationTable;
  appUser: AppUserTable;
  userRole: UserRoleTable;
  userScope: UserScopeTable;
  passwordHistory: PasswordHistoryTable;
  session: SessionTable;
  loginLockout: LoginLockoutTable;
  operationLog: OperationLogTable;
  loginLog: LoginLogTable;
  sensitiveReadLog: SensitiveReadLogTable;
  dictionaryItem: DictionaryItemTable;
  occupation: OccupationTable;
  household: HouseholdTable;
  laborer: LaborerTable;
  employmentSpell: EmploymentSpellTable;
  laborerChange: LaborerChangeTable;
  transferRequest: TransferRequestTable;
  importJob: ImportJobTable & ImportJobMessageColumn & ImportJobRetentionColumn;
  importJobRow: ImportJobRowTable;
  policyGrant: PolicyGrantTable;
  policyValueFile: PolicyValueFileTable;
  dataKey: DataKeyTable;
}

export type Dialect = 'sqlite' | 'postgres';

export type Db = Kysely<Database>;
