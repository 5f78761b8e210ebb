/**
 * Roles and permissions. The service network of 忻州市脱贫劳动力务工就业促增收实施方案 (2022) 四(一): 市人力资源服务产业园,
 * 县就业帮扶服务中心, 乡镇就业服务站, 村就业服务专人; plus employers, training providers and the three separated
 * administrators of 等保 2.0 三级 (系统管理员 / 安全管理员 / 审计管理员, 三员分立).
 */

export const ROLES = [
  'province_staff',
  'city_staff',
  'county_staff',
  'township_staff',
  'village_staff',
  'employer',
  'training_provider',
  'system_admin',
  'security_admin',
  'audit_admin',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  province_staff: '省级工作人员',
  city_staff: '市级工作人员',
  county_staff: '县级工作人员',
  township_staff: '乡镇工作人员',
  village_staff: '村级专人',
  employer: '用人单位',
  training_provider: '培训机构',
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
};

export const ADMIN_ROLES = [
  'system_admin',
  'security_admin',
  'audit_admin',
] as const satisfies readonly Role[];

export const PERMISSIONS = [
  'region:read',
  'region:import',
  'organization:read',
  'organization:write',
  'user:read',
  // Create accounts and edit their profile (姓名, organisation, phone), disable and enable them.
  'user:write',
  // Grant roles and scopes and issue one-time passwords (等保 2.0 三级 8.1.4.2: 安全管理员).
  'user:grant',
  'user:unlock',
  'session:manage',
  'audit:read',
  'audit:prune',
  'registry:read',
  'registry:write',
  'registry:reveal',
  // Policy engine: read the library and evaluate; add parameter values; import earlier grants.
  'policy:read',
  'policy:write',
  'policy:grant',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const STAFF_MANAGING: Permission[] = [
  'region:read',
  'organization:read',
  'organization:write',
  'user:read',
  // Create accounts and edit their profile (姓名, organisation, phone), disable and enable them.
  'user:write',
  // Grant roles and scopes and issue one-time passwords (等保 2.0 三级 8.1.4.2: 安全管理员).
  'user:grant',
  'user:unlock',
  'registry:read',
  'registry:write',
];

// 查看完整证件号码、电话、银行账号 (unmasking needs a permission): staff of the county and above,
// who own the ledger and pay subsidies; townships and villages work with masked values.
const STAFF_REVEALING: Permission[] = [...STAFF_MANAGING, 'registry:reveal'];

// Every staff level reads the policies and evaluates; counties and above pay subsidies and keep the grant ledger;
// the province and the cities set parameter values (具体标准由市级制定). Administrators get none of them.
const STAFF_POLICY_COUNTY: Permission[] = ['policy:read', 'policy:grant'];
const STAFF_POLICY_SETTING: Permission[] = [...STAFF_POLICY_COUNTY, 'policy:write'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  province_staff: [...STAFF_REVEALING, ...STAFF_POLICY_SETTING],
  city_staff: [...STAFF_REVEALING, ...STAFF_POLICY_SETTING],
  county_staff: [...STAFF_REVEALING, ...STAFF_POLICY_COUNTY],
  township_staff: [...STAFF_MANAGING, 'policy:read'],
  // A village specialist keeps the ledger of one village and manages nobody.
  village_staff: ['region:read', 'organization:read', 'registry:read', 'registry:write', 'policy:read'],
  employer: ['region:read'],
  training_provider: ['region:read'],
  // 三员分立 (GB/T 22239-2019 8.1.4.2): the system administrator creates, edits and disables accounts and keeps the
  // organisations, but gives no role, scope or password; the security administrator grants roles and scopes, issues
  // one-time passwords, unlocks and ends sessions, but creates no account; the audit administrator reads the logs.
  // None of them reads the personal data of the registry.
  system_admin: [
    'region:read',
    'region:import',
    'organization:read',
    'organization:write',
    'user:read',
    'user:write',
  ],
  security_admin: [
    'region:read',
    'organization:read',
    'user:read',
    'user:grant',
    'user:unlock',
    'session:manage',
  ],
  audit_admin: ['region:read', 'organization:read', 'user:read', 'audit:read', 'audit:prune'],
};

/** The region level a staff role works at (1 province … 5 village); undefined for other roles. */
export const ROLE_LEVEL: Partial<Record<Role, number>> = {
  province_staff: 1,
  city_staff: 2,
  county_staff: 3,
  township_staff: 4,
  village_staff: 5,
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]));
}

const permissionLists = new Map<string, readonly Permission[]>();

/** The sorted permissions of a role set, computed once per distinct set (it is asked on every session answer). */
export function sortedPermissionsOf(roles: readonly Role[]): readonly Permission[] {
  const key = roles.join(',');
  let list = permissionLists.get(key);
  if (!list) {
    list = Object.freeze([...permissionsOf(roles)].sort());
    permissionLists.set(key, list);
  }
  return list;
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}

export type RoleSetProblem = 'empty' | 'admin_combined';

/** 三员分立: an administrator role stands alone, never combined with another role. */
export function checkRoleSet(roles: readonly Role[]): RoleSetProblem | undefined {
  if (roles.length === 0) return 'empty';
  const admins = roles.filter((role) => (ADMIN_ROLES as readonly Role[]).includes(role));
  if (admins.length > 0 && roles.length > 1) return 'admin_combined';
  return undefined;
}

/**
 * Whether an actor may grant a role (GB/T 22239-2019 8.1.4.2, 三员分立). The security administrator grants every
 * role, the three administrator roles included (checkRoleSet still keeps them apart); the system and audit
 * administrators grant none. Staff grant only roles whose every permission they hold themselves, never an
 * administrator role.
 */
export function canGrantRole(actorRoles: readonly Role[], role: Role): boolean {
  if (!hasPermission(actorRoles, 'user:grant')) return false;
  if (actorRoles.includes('security_admin')) return true;
  if ((ADMIN_ROLES as readonly Role[]).includes(role)) return false;
  const held = permissionsOf(actorRoles);
  return ROLE_PERMISSIONS[role].every((permission) => held.has(permission));
}

export function isAdminRole(role: Role): boolean {
  return (ADMIN_ROLES as readonly Role[]).includes(role);
}
