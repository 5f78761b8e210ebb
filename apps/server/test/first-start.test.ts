import { afterEach, describe, expect, it } from 'vitest';
import { initialize } from '../src/setup/first-start.ts';
import { createMigratedTestDb, testDialects, type TestDb } from './helper.ts';

// JIUYE_ADMIN_PASSWORD meets the rule every password change meets: the 等保 classes and the common-password check.
describe.each(testDialects())('first start on %s', (dialect) => {
  let testDb: TestDb | undefined;
  afterEach(async () => testDb?.destroy());

  const admins = async (db: TestDb['db']) =>
    db.selectFrom('appUser').select('username').where('username', '=', 'admin').execute();

  it('refuses a common JIUYE_ADMIN_PASSWORD and creates no administrator', async () => {
    testDb = await createMigratedTestDb(dialect);
    const lines: string[] = [];
    // `Password1` has three classes, so only the common-password check refuses it.
    await expect(
      initialize(testDb.db, { adminPassword: 'Password1' }, { demo: false, log: (line) => lines.push(line) }),
    ).rejects.toThrow(/JIUYE_ADMIN_PASSWORD[\s\S]*密码过于常见或容易被猜到/);
    expect(await admins(testDb.db)).toEqual([]);
    expect(lines.join('\n')).not.toContain('Password1');
  });

  it('creates the administrator with a JIUYE_ADMIN_PASSWORD that passes', async () => {
    testDb = await createMigratedTestDb(dialect);
    await initialize(testDb.db, { adminPassword: 'Qiao-Lin-Shan-2026' }, { demo: false, log: () => {} });
    expect(await admins(testDb.db)).toEqual([{ username: 'admin' }]);
  });
});
