import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  withBadCheckDigit,
  type Village,
} from './fixtures/registry-import-kit.ts';

const PASSWORD = 'County-Pass-2026';

describe.each(testDialects())('ledger import (%s)', (dialect) => {
  let context: TestContext;
  let county: Agent;
  let home: Village[];
  let elsewhere: Village;

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
    elsewhere = (await villagesOf(context.db, '141002', 1))[0]!;
  });
  afterAll(async () => context?.close());

  const csvFile = (rows: string[][], name = 'ledger.csv') => ({
    name,
    content: Buffer.from(csvOf([LEDGER_HEADER, ...rows])),
  });
  const count = async (table: 'laborer' | 'household' | 'employmentSpell' | 'laborerChange') =>
    Number(
      (
        await context.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('dry run reports every row and writes nothing', async () => {
    const { job, rows } = await importFile(
      county,
      csvFile([ledgerRow(home[0]!, 1), ledgerRow(home[0]!, 2)]),
      { dryRun: 'true' },
    );
    expect(job).toMatchObject({ status: 'finished', createdCount: 2, rejectedCount: 0 });
    expect(rows.map((row) => [row.row, row.outcome])).toEqual([
      [2, 'create'],
      [3, 'create'],
    ]);
    expect(await count('laborer')).toBe(0);
    expect(await count('household')).toBe(0);
  });

  it('imports rows: labourers, households and employment spells', async () => {
    const { job } = await importFile(
      county,
      csvFile([
        ledgerRow(home[0]!, 11),
        ledgerRow(home[1]!, 12, { 户编号: 'H-SHARED' }),
        ledgerRow(home[1]!, 13, {
          户编号: 'H-SHARED',
          与户主关系: '配偶',
          证件号码: idNumber(14, { birthDate: '1992-05-06' }),
        }),
      ]),
    );
    expect(job).toMatchObject({ status: 'finished', createdCount: 3, updatedCount: 0, rejectedCount: 0 });
    const laborers = await context.db
      .selectFrom('laborer')
      .select(['name', 'regionCode', 'householdId', 'employmentStatus', 'idNumberMasked'])
      .orderBy('id')
      .execute();
    expect(laborers).toHaveLength(3);
    expect(laborers[1]!.householdId).toBe(laborers[2]!.householdId);
    expect(laborers[0]!).toMatchObject({ regionCode: home[0]!.code, employmentStatus: 'employed' });
    expect(await count('employmentSpell')).toBe(3);
    const spell = await context.db
      .selectFrom('employmentSpell')
      .selectAll()
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect(spell).toMatchObject({
      startMonth: '2025-03',
      workArea: 'out_of_province',
      workRegionCode: '110105000000',
      monthlyIncomeFen: 450_000,
    });
  });

  it('rejects each bad cell naming the row and the column', async () => {
    const rows = [
      ledgerRow(home[0]!, 21, { 证件号码: withBadCheckDigit(idNumber(21)) }), // row 2
      ledgerRow(home[0]!, 22, { 姓名: ' ' }), // row 3
      ledgerRow(home[0]!, 23, { 性别: '女' }), // row 4: odd sequence = male
      ledgerRow(elsewhere, 24), // row 5: outside the capture scope
      ledgerRow(home[0]!, 25, { 文化程度: '博士后' }), // row 6
      ledgerRow(home[0]!, 26, { 开始年月: '2024.1' }), // row 7
      ledgerRow(home[0]!, 27, { 联系电话: '12345' }), // row 8
      ledgerRow(home[0]!, 28), // row 9: first of a duplicate pair
      ledgerRow(home[0]!, 29, { 证件号码: idNumber(28) }), // row 10: duplicate of row 9
      ledgerRow(home[0]!, 30, { 劳动技能: '丧失劳动力' }), // row 11: employed without capacity
      ledgerRow(home[0]!, 31, { '乡(镇)': '不存在镇', 行政村: '不存在村', 区划代码: '' }), // row 12
      ledgerRow(home[0]!, 32, { '月收入(元)': '50' }), // row 13: a warning only
      ledgerRow(home[0]!, 33, { 务工所在地: '990101' }), // row 14: no such province
      ledgerRow(home[0]!, 34, { 务工所在地: '140999000000', 务工地域: '省内县外' }), // row 15: not in loaded 山西
      ledgerRow(home[0]!, 35, { 务工所在地: '140902100999', 务工地域: '' }), // row 16: no such village of 忻府区
    ];
    const { job, rows: report } = await importFile(county, csvFile(rows));
    const messages = (row: number) => report.find((item) => item.row === row)?.messages ?? [];
    expect(messages(2)).toEqual([expect.stringMatching(/^第2行 证件号码：.*校验位不正确/u)]);
    expect(messages(3)).toEqual(['第3行 姓名：不能为空']);
    expect(messages(4)).toEqual([
      expect.stringMatching(/^第4行 性别：与证件号码不符：证件号码表示男，填写的是女$/u),
    ]);
    expect(messages(5)).toEqual([expect.stringMatching(/^第5行 区划代码：.*不在您的管辖范围内$/u)]);
    expect(messages(6)).toEqual([expect.stringMatching(/^第6行 文化程度：「博士后」不是有效的文化程度/u)]);
    expect(messages(7)).toEqual([
      expect.stringMatching(/^第7行 开始年月：「2024\.1」可能是2024年1月或10月/u),
    ]);
    expect(messages(8)[0]).toMatch(/^第8行 联系电话：/u);
    expect(messages(10)).toEqual(['第10行 证件号码：与第9行重复，同一证件号码只能出现一次']);
    expect(messages(11)[0]).toMatch(/^第11行 劳动技能：劳动技能为「丧失劳动力」的人员不能处于务工状态/u);
    expect(messages(12)[0]).toMatch(
      /^第12行 行政村：户籍地「.*不存在镇\/不存在村」不存在或不在您的管辖范围内/u,
    );
    expect(report.find((item) => item.row === 13)).toMatchObject({
      outcome: 'create',
      messages: [expect.stringMatching(/^第13行 月收入\(元\)：.*请确认/u)],
    });
    expect(messages(14)).toEqual([
      '第14行 务工所在地：第1段务工的务工所在地「990101000000」不是现行区划代码',
    ]);
    expect(messages(15)).toEqual([
      '第15行 务工所在地：第1段务工的务工所在地「140999000000」不是现行区划代码',
    ]);
    expect(messages(16)).toEqual([
      '第16行 务工所在地：第1段务工的务工所在地「140902100999」不是现行区划代码',
    ]);
    expect(job).toMatchObject({ createdCount: 2, rejectedCount: 13 });
    const outside = await context.db
      .selectFrom('laborer')
      .select('id')
      .where('regionCode', '=', elsewhere.code)
      .execute();
    expect(outside).toEqual([]);
  });

  it('skips existing labourers unless asked to update them, and records the changes', async () => {
    const first = ledgerRow(home[2]!, 41);
    await importFile(county, csvFile([first]));
    const before = await context.db
      .selectFrom('laborer')
      .select(['id', 'education', 'updatedAt'])
      .where('idLast4', '=', idNumber(41).slice(-4))
      .where('name', '=', first[7]!)
      .executeTakeFirstOrThrow();

    const changed = ledgerRow(home[2]!, 41, { 文化程度: '高中', 联系电话: '13800000041' });
    const skipped = await importFile(county, csvFile([changed]));
    expect(skipped.job).toMatchObject({ createdCount: 0, updatedCount: 0, skippedCount: 1 });
    expect(
      await context.db
        .selectFrom('laborer')
        .select('education')
        .where('id', '=', before.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ education: '70' });

    const updated = await importFile(county, csvFile([changed]), { update: 'true' });
    expect(updated.job).toMatchObject({ createdCount: 0, updatedCount: 1, skippedCount: 0 });
    expect(
      await context.db
        .selectFrom('laborer')
        .select('education')
        .where('id', '=', before.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ education: '60' });
    const changes = await context.db
      .selectFrom('laborerChange')
      .select(['field', 'oldValue', 'newValue', 'source', 'username'])
      .where('laborerId', '=', before.id)
      .orderBy('field')
      .execute();
    expect(changes).toEqual([
      { field: 'education', oldValue: '70', newValue: '60', source: 'import', username: 'xinfu' },
      {
        field: 'phone',
        oldValue: expect.stringMatching(/^139\*{4}/u),
        newValue: '138****0041',
        source: 'import',
        username: 'xinfu',
      },
    ]);
    // The same spell again: replaced, not doubled.
    expect(
      Number(
        (
          await context.db
            .selectFrom('employmentSpell')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('laborerId', '=', before.id)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(1);
  });

  it('a file with no valid row changes nothing', async () => {
    const [laborers, households, spells] = [
      await count('laborer'),
      await count('household'),
      await count('employmentSpell'),
    ];
    const { job } = await importFile(
      county,
      csvFile([ledgerRow(home[0]!, 51, { 证件号码: '123' }), ledgerRow(elsewhere, 52)]),
      { update: 'true' },
    );
    expect(job).toMatchObject({ status: 'finished', createdCount: 0, rejectedCount: 2 });
    expect([await count('laborer'), await count('household'), await count('employmentSpell')]).toEqual([
      laborers,
      households,
      spells,
    ]);
  });

  it('reads GBK csv, full-width digits, lower-case x and names instead of codes', async () => {
    const id = idNumber(61, { birthDate: '1985-07-09' });
    const lowerX = (() => {
      for (let sequence = 62; sequence < 999; sequence += 1) {
        const candidate = idNumber(sequence, { birthDate: '1986-02-03' });
        if (candidate.endsWith('X')) return candidate.toLowerCase();
      }
      throw new Error('no X');
    })();
    const fullWidth = id.replace(/\d/gu, (digit) => String.fromCharCode(0xff10 + Number(digit)));
    const text = csvOf([
      ['台账标题：忻府区农村劳动力实名制台账'],
      LEDGER_HEADER,
      ledgerRow(home[0]!, 61, {
        姓名: '王  芳',
        证件号码: ` ${fullWidth} `,
        区划代码: '',
        出生日期: '1985/7/9',
        开始年月: '2025年3月',
      }),
      ledgerRow(home[0]!, 63, { 姓名: '李强', 证件号码: lowerX, 户类型: 'alleviated', 文化程度: '70' }),
    ]);
    const { job, rows } = await importFile(county, { name: 'gbk.csv', content: iconv.encode(text, 'gbk') });
    expect(rows.filter((row) => row.outcome === 'reject')).toEqual([]);
    expect(job).toMatchObject({ createdCount: 2, rejectedCount: 0 });
    const names = await context.db
      .selectFrom('laborer')
      .select(['name', 'idLast4', 'regionCode'])
      .where('name', 'in', ['王芳', '李强'])
      .orderBy('name')
      .execute();
    expect(names).toEqual([
      { name: '李强', idLast4: lowerX.slice(-4).toUpperCase(), regionCode: home[0]!.code },
      { name: '王芳', idLast4: id.slice(-4), regionCode: home[0]!.code },
    ]);
  });

  it('reads an xlsx with a title row, a two-row header and merged cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    const header = [
      '户编号',
      '户类型',
      '姓名',
      '身份证号码',
      '区划代码',
      '与户主关系',
      '劳动技能',
      '是否务工',
    ];
    sheet.mergeCells('A1:H1');
    sheet.getCell('A1').value = '2026年忻府区脱贫劳动力台账';
    sheet.mergeCells('A2:B2');
    sheet.getCell('A2').value = '户信息';
    sheet.mergeCells('C2:H2');
    sheet.getCell('C2').value = '成员信息';
    sheet.getRow(3).values = header;
    sheet.getRow(4).values = [
      'HX-7',
      '监测户',
      '赵大',
      idNumber(71),
      home[1]!.code,
      '户主',
      '普通劳动力',
      '否',
    ];
    sheet.getRow(5).values = [
      null,
      null,
      '赵二',
      idNumber(73, { birthDate: '1995-12-01' }),
      null,
      '子',
      '技能劳动力',
      '否',
    ];
    sheet.mergeCells('A4:A5');
    sheet.mergeCells('B4:B5');
    sheet.mergeCells('E4:E5');
    // A date cell and a number-typed ID (safe integer: 15 digits) read as well.
    sheet.getRow(6).values = [
      'HX-8',
      '脱贫户',
      '钱三',
      idNumber(75),
      home[1]!.code,
      '户主',
      '普通劳动力',
      '否',
    ];
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const { job, rows } = await importFile(county, { name: 'merged.xlsx', content });
    expect(rows.filter((row) => row.outcome === 'reject')).toEqual([]);
    expect(job).toMatchObject({ createdCount: 3, rejectedCount: 0 });
    const members = await context.db
      .selectFrom('laborer')
      .innerJoin('household', 'household.id', 'laborer.householdId')
      .select(['laborer.name', 'household.householdNumber', 'household.householdType', 'household.headName'])
      .where('household.householdNumber', 'in', ['HX-7', 'HX-8'])
      .orderBy('laborer.id')
      .execute();
    expect(members).toEqual([
      { name: '赵大', householdNumber: 'HX-7', householdType: 'monitored', headName: '赵大' },
      { name: '赵二', householdNumber: 'HX-7', householdType: 'monitored', headName: '赵大' },
      { name: '钱三', householdNumber: 'HX-8', householdType: 'alleviated', headName: '钱三' },
    ]);
  });

  it('the error workbook holds exactly the rejected rows as they came, with 错误说明', async () => {
    const rows = [
      ledgerRow(home[0]!, 81),
      ledgerRow(home[0]!, 82, { 证件号码: 'abc' }),
      ledgerRow(elsewhere, 83, { 姓名: '=HYPERLINK("x")' }),
    ];
    const { job } = await importFile(county, csvFile(rows), { dryRun: 'true' });
    const response = await county.request('GET', `/api/registry/import/${job.id}/errors.xlsx`);
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(1)).toEqual([...LEDGER_HEADER, '原行号', '错误说明']);
    expect(sheet.rowCount).toBe(3);
    expect(values(2).slice(0, LEDGER_HEADER.length)).toEqual(
      rows[1]!.map((cell) => (cell === '' ? undefined : cell)),
    );
    expect(values(2).at(-2)).toBe(3);
    expect(values(2).at(-1)).toMatch(/^第3行 证件号码：/u);
    expect(values(3)[7]).toBe('=HYPERLINK("x")');
    expect(values(3).at(-1)).toMatch(/不在您的管辖范围内/u);
  });

  it('serves the template with dropdowns and a 说明 sheet', async () => {
    const response = await county.request('GET', '/api/registry/import/template');
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('台账')!;
    const header = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(header).toContain('*证件号码');
    expect(header).toContain('文化程度');
    const validations = (
      sheet as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }
    ).dataValidations.model;
    const educationColumn = String.fromCharCode(65 + header.indexOf('文化程度'));
    expect(
      validations[`${educationColumn}3:${educationColumn}5000`] ??
        Object.entries(validations).find(([range]) => range.startsWith(`${educationColumn}3`))?.[1],
    ).toMatchObject({ type: 'list' });
    expect(workbook.getWorksheet('说明')).toBeDefined();
  });

  it('is only for the importer: another user gets 404 for the job', async () => {
    const { job } = await importFile(county, csvFile([ledgerRow(home[0]!, 91)]), { dryRun: 'true' });
    await insertTestUser(context.db, {
      username: 'other',
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: ['140902000000'],
    });
    const other = await login(context.app, 'other', PASSWORD);
    expect((await other.request('GET', `/api/registry/import/${job.id}`)).statusCode).toBe(404);
  });
});
