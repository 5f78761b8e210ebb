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
  });

  it('三员分立: the security administrator grants every role, the system administrator none', () => {
    for (const role of ROLES) {
      expect(canGrantRole(['security_admin'], role)).toBe(true);
      expect(canGrantRole(['system_admin'], role)).toBe(false);
      expect(canGrantRole(['audit_admin'], role)).toBe(false);
    }
  });

  it('三员分立: accounts (system), grants and passwords (security), logs (audit) are held apart', () => {
    expect(hasPermission(['system_admin'], 'user:write')).toBe(true);
    expect(hasPermission(['system_admin'], 'user:grant')).toBe(false);
    expect(hasPermission(['security_admin'], 'user:grant')).toBe(true);
    expect(hasPermission(['security_admin'], 'user:write')).toBe(false);
    expect(hasPermission(['audit_admin'], 'user:write')).toBe(false);
    expect(hasPermission(['audit_admin'], 'user:grant')).toBe(false);
    expect(hasPermission(['county_staff'], 'user:grant')).toBe(true);
    expect(hasPermission(['village_staff'], 'user:grant')).toBe(false);
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
