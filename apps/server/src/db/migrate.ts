import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Db } from './database.ts';
import * as foundation from './migrations/2026_11_22_000000_foundation.ts';
import * as registry from './migrations/2026_11_22_010000_registry.ts';
import * as registryImport from './migrations/2026_11_22_020000_registry_import.ts';
import * as registryPerformance from './migrations/2026_11_22_030000_registry_performance.ts';
import * as policyGrants from './migrations/2026_11_22_040000_policy_grants.ts';
import * as policyGrantRegion from './migrations/2026_11_22_060000_policy_grant_region.ts';
import * as dataKey from './migrations/2026_12_04_000000_data_key.ts';
import * as accounts from './migrations/2026_12_04_010000_accounts.ts';
import * as importHardening from './migrations/2026_12_04_020000_import_hardening.ts';
import * as auditChannel from './migrations/2026_12_05_000000_audit_channel.ts';

// An explicit list rather than a folder scan: migrations run the same from tsx, tests and bundles.
const migrations: Record<string, Migration> = {
  '2026_11_22_000000_foundation': foundation,
  '2026_11_22_010000_registry': registry,
  '2026_11_22_020000_registry_import': registryImport,
  '2026_11_22_030000_registry_performance': registryPerformance,
  '2026_11_22_040000_policy_grants': policyGrants,
  '2026_11_22_060000_policy_grant_region': policyGrantRegion,
  '2026_12_04_000000_data_key': dataKey,
  '2026_12_04_010000_accounts': accounts,
  '2026_12_04_020000_import_hardening': importHardening,
  '2026_12_05_000000_audit_channel': auditChannel,
};

/** Names of the migrations this version knows (a restored backup may hold no other). */
export function knownMigrationNames(): string[] {
  return Object.keys(migrations);
}

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
