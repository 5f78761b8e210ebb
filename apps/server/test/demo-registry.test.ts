import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRegions } from '../src/modules/regions/region.import.ts';
import { generateKeyText, parseKeyRing } from '../src/lib/field-crypto.ts';
import { seedDemo } from '../src/setup/demo.ts';
import { seedDemoRegistry } from '../src/setup/demo-registry.ts';
import { createMigratedTestDb, testDialects, type TestDb } from './helper.ts';

// `npm start` (--demo) loads a demo ledger for 忻府区 through the real import: every row must pass its checks.
describe.each(testDialects())('demo ledger on %s', (dialect) => {
  let test: TestDb;
  const ring = parseKeyRing(generateKeyText());
  beforeAll(async () => {
    test = await createMigratedTestDb(dialect);
    // `npm start` loads all of 山西; the test regions are 忻州 and 临汾: 太原 too, where the demo's people work.
    await importRegions(test.db, { prefixes: ['1401'] });
    await seedDemo(test.db, () => {}, '');
  });
  afterAll(async () => test?.destroy());

  const count = async (table: 'laborer' | 'household' | 'employmentSpell') =>
    Number(
      (
        await test.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('imports every row of the demo ledger, once', async () => {
    const lines: string[] = [];
    await seedDemoRegistry(test.db, ring, (line) => lines.push(line));
    expect(lines.join('\n')).not.toContain('未通过校验');
    const laborers = await count('laborer');
    expect(laborers).toBeGreaterThan(50);
    expect(await count('household')).toBeGreaterThan(20);
    expect(await count('employmentSpell')).toBeGreaterThan(20);
    const job = await test.db.selectFrom('importJob').selectAll().executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'finished', rejectedCount: 0, createdCount: laborers });

    await seedDemoRegistry(test.db, ring, (line) => lines.push(line));
    expect(await count('laborer')).toBe(laborers);
  });
});
