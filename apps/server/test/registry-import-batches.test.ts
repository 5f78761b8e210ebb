import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptField } from '../src/lib/field-crypto.ts';
import {
  createTestApp,
  insertTestUser,
  login,
  testDialects,
  type Agent,
  type TestContext,
} from './helper.ts';
import {
  csvOf,
  idNumber,
  importFile,
  LEDGER_HEADER,
  ledgerRow,
  villagesOf,
  type Village,
} from './fixtures/registry-import-kit.ts';

// The import writes in multi-row statements of 50 rows (SQLite) and reads existing rows once per chunk: a file
// longer than a few statements, with shared households, must still put every spell, household and change on the
// labourer of its own row.

const PASSWORD = 'County-Pass-2026';
const ROWS = 137;

describe.each(testDialects())('ledger import in batches (%s)', (dialect) => {
  let context: TestContext;
  let county: Agent;
  let home: Village[];

  beforeAll(async () => {
    context = await createTestApp(dialect);
    await insertTestUser(context.db, {
      username: 'xinfu',
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: ['140902000000'],
      captureScope: ['140902000000'],
    });
    county = await login(context.app, 'xinfu', PASSWORD);
    home = await villagesOf(context.db, '140902', 3);
  });
  afterAll(async () => context?.close());

  // Rows 1…137; two labourers a household (rows 2k and 2k+1 share one), each with its own income.
  const rows = (education: string) =>
    Array.from({ length: ROWS }, (_, i) => {
      const sequence = 500 + i;
      return ledgerRow(home[i % 3]!, sequence, {
        户编号: `HB${Math.floor(i / 2)}`,
        '县(市、区)': '',
        '乡(镇)': '',
        行政村: '',
        区划代码: home[(Math.floor(i / 2) * 2) % 3]!.code,
        证件号码: idNumber(sequence, { county: '140902' }),
        与户主关系: i % 2 === 0 ? '户主' : '配偶',
        '月收入(元)': String(3000 + i),
        文化程度: education,
      });
    });
  const file = (education: string) => ({
    name: 'ledger.csv',
    content: Buffer.from(csvOf([LEDGER_HEADER, ...rows(education)])),
  });

  it('puts each row on its own labourer, household and spell, and updates them all once', async () => {
    const created = await importFile(county, file('初中'));
    expect(created.job).toMatchObject({ status: 'finished', createdCount: ROWS, rejectedCount: 0 });

    const laborers = await context.db
      .selectFrom('laborer')
      .innerJoin('employmentSpell', 'employmentSpell.laborerId', 'laborer.id')
      .innerJoin('household', 'household.id', 'laborer.householdId')
      .select([
        'laborer.id',
        'laborer.idNumberCipher',
        'laborer.idNumberIndex',
        'laborer.education',
        'household.householdNumber',
        'employmentSpell.monthlyIncomeFen',
      ])
      .execute();
    expect(laborers).toHaveLength(ROWS);
    const byIdNumber = new Map(
      laborers.map((row) => [decryptField(context.keyRing, row.idNumberCipher), row]),
    );
    for (let i = 0; i < ROWS; i += 1) {
      const row = byIdNumber.get(idNumber(500 + i, { county: '140902' }));
      expect(row, `row ${i + 2}`).toMatchObject({
        householdNumber: `HB${Math.floor(i / 2)}`,
        monthlyIncomeFen: (3000 + i) * 100,
        education: '70',
      });
    }
    expect(new Set(laborers.map((row) => row.householdNumber)).size).toBe(Math.ceil(ROWS / 2));

    const again = await importFile(county, file('初中'));
    expect(again.job).toMatchObject({ createdCount: 0, skippedCount: ROWS, rejectedCount: 0 });

    const updated = await importFile(county, file('高中'), { update: 'true' });
    expect(updated.job).toMatchObject({ createdCount: 0, updatedCount: ROWS, rejectedCount: 0 });
    const changes = await context.db
      .selectFrom('laborerChange')
      .select(['laborerId', 'field', 'oldValue', 'newValue'])
      .execute();
    expect(changes).toHaveLength(ROWS);
    expect(new Set(changes.map((change) => change.laborerId)).size).toBe(ROWS);
    expect(changes.every((c) => c.field === 'education' && c.oldValue === '70' && c.newValue === '60')).toBe(
      true,
    );
    const spells = await context.db.selectFrom('employmentSpell').select(['laborerId']).execute();
    expect(spells).toHaveLength(ROWS);
    expect(new Set(spells.map((spell) => spell.laborerId)).size).toBe(ROWS);
  });
});
