import { describe, expect, it } from 'vitest';
import { canGrantRole, checkRoleSet, hasPermission, ROLES, ROLE_PERMISSIONS } from './roles.ts';

describe('roles', () => {
  it('keeps the three administrators apart (三员分立)', () => {
    expect(checkRoleSet(['system_admin', 'audit_admin'])).toBe('admin_combined');
    expect(checkRoleSet(['security_admin', 'county_staff'])).toBe('admin_combined');
    expect(checkRoleSet(['audit_admin'])).toBeUndefined();
    expect(checkRoleSet([])).toBe('empty');
    expect(checkRoleSet(['county_staff', 'employer'])).toBeUndefined();
  });

  it('lets staff grant only roles within their own rights', () => {
    expect(canGrantRole(['county_staff'], 'township_staff')).toBe(true);
    expect(canGrantRole(['county_staff'], 'village_staff')).toBe(true);
    expect(canGrantRole(['county_staff'], 'audit_admin')).toBe(false);
    expect(canGrantRole(['village_staff'], 'village_staff')).toBe(false);
    expect(canGrantRole(['audit_admin'], 'county_staff')).toBe(false);
    expect(canGrantRole(['security_admin'], 'village_staff')).toBe(false);
    expect(canGrantRole(['system_admin'], 'audit_admin')).toBe(true);
  });

  it('gives no administrator the personal data of the registry', () => {
    for (const role of ['system_admin', 'security_admin', 'audit_admin'] as const) {
      expect(hasPermission([role], 'registry:read')).toBe(false);
    }
    expect(hasPermission(['audit_admin'], 'audit:read')).toBe(true);
    expect(hasPermission(['system_admin'], 'audit:read')).toBe(false);
  });

  it('defines permissions for every role', () => {
    for (const role of ROLES) expect(ROLE_PERMISSIONS[role].length).toBeGreaterThan(0);
  });
});
