import { loadConfig } from '../src/config.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_RULESET } from '@jiuye/domain/policy/index.ts';
import type { CliIo } from '../src/cli-command.ts';
import { runGrantsImport } from '../src/modules/policy/policy.cli.ts';
import { insertGrants } from '../src/modules/policy/policy.repository.ts';
import { idNumberIndexOf } from '../src/modules/registry/laborer.mapping.ts';
import {
  createTestApp,
  insertTestUser,
  login,
  testDialects,
  type Agent,
  type TestContext,
} from './helper.ts';
import { DONGDAJIE, makeIdNumber, PASSWORD, XINFU, XIURONG } from './registry-fixtures.ts';

const HEADER = [
  '主体类型',
  '主体编号',
  '证件号码',
  '姓名',
  '待遇',
  '所属期起',
  '所属期止',
  '金额（元）',
  '月数',
  '决定日期',
  '依据',
];
const label = (benefitId: string) => SEED_RULESET.index.benefits.get(benefitId)!.label;

function csv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return rows
    .map((row) => row.map((cell) => `"${String(cell).replaceAll('"', '""')}"`).join(','))
    .join('\r\n');
}

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    print: (line) => out.push(line),
    printError: (line) => err.push(line),
    config: loadConfig({}),
  };
}

describe.each(testDialects())('grant ledger import on %s', (dialect) => {
  let ctx: TestContext;
  let county: Agent;
  let dir: string;
  let laborerId: number;
  let idNumber: string;
  const employerId = '91140902MA0L0000X1';

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    await insertTestUser(ctx.db, {
      username: 'xinfu',
      roles: ['county_staff'],
      viewScope: [XINFU],
      password: PASSWORD,
    });
    await insertTestUser(ctx.db, {
      username: 'xiurong',
      roles: ['township_staff'],
      viewScope: [XIURONG],
      password: PASSWORD,
    });
    county = await login(ctx.app, 'xinfu', PASSWORD);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-grants-'));
    const household = await county.request('POST', '/api/households', {
      householdNumber: 'H-GRANTS-1',
      regionCode: DONGDAJIE,
      householdType: 'alleviated',
    });
    expect(household.statusCode, household.body).toBe(201);
    idNumber = makeIdNumber('1985-07-09');
    const laborer = await county.request('POST', '/api/laborers', {
      regionCode: DONGDAJIE,
      householdId: household.json().id,
      name: '赵六',
      idNumber,
      laborCapacity: 'full',
      spells: [
        {
          startMonth: '2026-02',
          employmentForm: 'employee',
          workArea: 'out_of_province',
          workRegionCode: '110105000000',
          employerName: '北京某物业公司',
          channel: 'migrant_work',
        },
      ],
      confirmWarnings: true,
    });
    expect(laborer.statusCode, laborer.body).toBe(201);
    laborerId = laborer.json().id;
  });
  afterAll(async () => {
    await ctx?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, content: string | Buffer): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  }

  async function grantRows() {
    return ctx.db
      .selectFrom('policyGrant')
      .select([
        'subjectKind',
        'subjectId',
        'personIdIndex',
        'benefitId',
        'periodStart',
        'periodEnd',
        'amountFen',
        'months',
        'decidedOn',
        'source',
        'origin',
      ])
      .orderBy('id')
      .execute();
  }

  async function importFile(file: string, user = 'xinfu') {
    const io = captureIo();
    const code = await runGrantsImport(ctx.db, ctx.keyRing, [file, '--user', user], io);
    return { code, io };
  }

  it('refuses a bad file whole, naming each bad cell by row and column, and writes nothing', async () => {
    const good = [
      '劳动者',
      '',
      idNumber,
      '赵六',
      label('cross_province_transport'),
      '2026-01-05',
      '',
      '800',
      '',
      '2026-01-20',
      '忻府区台账',
    ];
    const badCheckDigit = `${idNumber.slice(0, 17)}${idNumber[17] === '0' ? '1' : '0'}`;
    const rows = [
      HEADER,
      good,
      [
        '劳动者',
        '',
        badCheckDigit,
        '',
        'cross_province_transport',
        '2025-01-05',
        '',
        '800',
        '',
        '2025-01-20',
        '',
      ], // 3 id
      ['劳动者', '', idNumber, '', '不存在的补贴', '2025-01-05', '', '800', '', '2025-01-20', ''], // 4 benefit
      ['劳动者', '', idNumber, '', 'cross_province_transport', '2025-02-30', '', '800', '', '2025-01-20', ''], // 5 date
      [
        '劳动者',
        '',
        idNumber,
        '',
        'cross_province_transport',
        '2024-01-05',
        '',
        '800.555',
        '',
        '2024-01-20',
        '',
      ], // 6 amount
      ['合作社', '', idNumber, '', 'cross_province_transport', '2023-01-05', '', '800', '', '2023-01-20', ''], // 7 kind
      ['用人单位', '', idNumber, '', 'absorption_subsidy', '2025-01-01', '', '1000', '', '2025-07-01', ''], // 8 subject id
      [
        '用人单位',
        employerId,
        idNumber,
        '',
        'cross_province_transport',
        '2025-01-01',
        '',
        '800',
        '',
        '2025-07-01',
        '',
      ], // 9 kind
      [
        '劳动者',
        '',
        idNumber,
        '',
        'labor_export_social_insurance',
        '2025-01-01',
        '2024-12-31',
        '100',
        '十二',
        '2025-03-01',
        '',
      ], // 10 end, months
      ['劳动者', '', '', '', 'cross_province_transport', '2022-01-05', '', '800', '', '2099-01-20', ''], // 11 id, future
      good, // 12 duplicate of row 2
      ['劳动者', '', idNumber, '', 'cross_province_transport', '2021-01-05', '', '-5', '', '', ''], // 13 amount, date
    ];
    const file = write('bad.csv', csv(rows));
    const { code, io } = await importFile(file);
    expect(code).toBe(1);
    const text = io.err.join('\n');
    const expected: Array<[number, string]> = [
      [3, '证件号码'],
      [4, '待遇'],
      [5, '所属期起'],
      [6, '金额（元）'],
      [7, '主体类型'],
      [8, '主体编号'],
      [9, '待遇'],
      [10, '所属期止'],
      [10, '月数'],
      [11, '证件号码'],
      [11, '决定日期'],
      [13, '金额（元）'],
      [13, '决定日期'],
    ];
    for (const [row, column] of expected)
      expect(text, `row ${row} ${column}`).toContain(`第${row}行 ${column}：`);
    expect(text).toContain('第12行 与第2行是同一笔发放记录');
    expect(text).not.toContain('第2行 ');
    expect(await grantRows()).toEqual([]);
    // No success is recorded; the refusal is, as the upload route records it.
    const log = await ctx.db
      .selectFrom('operationLog')
      .select(['result', 'channel', 'detail'])
      .where('action', '=', 'policy.grants.import')
      .execute();
    expect(log.map((row) => [row.result, row.channel, JSON.parse(row.detail ?? '{}').code])).toEqual([
      ['failure', 'cli', 'FILE_REJECTED'],
    ]);
  });

  it('refuses a file without the required columns, without data rows, or of the wrong type', async () => {
    const noAmount = write(
      'no-amount.csv',
      csv([
        ['证件号码', '待遇', '所属期起', '决定日期'],
        [idNumber, 'cross_province_transport', '2025-01-01', '2025-01-02'],
      ]),
    );
    const refused = await importFile(noAmount);
    expect(refused.code).toBe(1);
    expect(refused.io.err.join('\n')).toContain('表头缺少“金额（元）”列');
    const empty = await importFile(write('empty.csv', csv([HEADER])));
    expect(empty.code).toBe(1);
    expect(empty.io.err.join('\n')).toContain('没有数据行');
    const noHeader = await importFile(
      write(
        'no-header.csv',
        csv([
          ['a', 'b'],
          ['1', '2'],
        ]),
      ),
    );
    expect(noHeader.code).toBe(1);
    expect(noHeader.io.err.join('\n')).toContain('表头');
    const xls = await importFile(
      write('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])),
    );
    expect(xls.code).toBe(1);
    expect(xls.io.err.join('\n')).toContain('.xls');
    expect(await grantRows()).toEqual([]);
  });

  it('refuses a row of another county, naming its row and the region column', async () => {
    const rows = [
      [...HEADER, '区划代码'],
      [
        '劳动者',
        '',
        idNumber,
        '赵六',
        'free_training',
        '2023-03-01',
        '',
        '0',
        '',
        '2023-03-02',
        '',
        '141002',
      ],
      ['劳动者', '', idNumber, '赵六', 'free_training', '2023-04-01', '', '0', '', '2023-04-02', '', XINFU],
    ];
    const { code, io } = await importFile(write('other-county.csv', csv(rows)));
    expect(code).toBe(1);
    const text = io.err.join('\n');
    expect(text).toContain('第2行 区划代码：141002000000 不在您的录入范围内');
    expect(text).not.toContain('第3行');
    expect(await grantRows()).toEqual([]);
  });

  it('asks for an accountable user with the right', async () => {
    const file = write('any.csv', csv([HEADER]));
    expect(await runGrantsImport(ctx.db, ctx.keyRing, [file], captureIo())).toBe(2);
    expect((await importFile(file, 'xiurong')).code).toBe(2);
    expect((await importFile(file, 'nobody')).code).toBe(2);
  });

  it('imports a good csv (UTF-8, title row, labels or ids) and is idempotent on re-import', async () => {
    const rows = [
      ['2026年已发放待遇台账'],
      HEADER,
      [
        '劳动者',
        '',
        idNumber,
        '赵六',
        label('cross_province_transport'),
        '2026/1/5',
        '',
        '800',
        '',
        '2026年1月20日',
        '忻府区台账',
      ],
      [
        '用人单位',
        employerId,
        idNumber,
        '赵六',
        'absorption_subsidy',
        '2025-01-01',
        '2025-06-30',
        '1,000.00',
        '',
        '20250705',
        '',
      ],
      [
        '劳动者',
        '',
        idNumber.toLowerCase(),
        '赵六',
        'labor_export_social_insurance',
        '2025-01-01',
        '2025-12-31',
        '1234.5',
        '12',
        '2026-01-10',
        '',
      ],
    ];
    const file = write('good.csv', `\uFEFF${csv(rows)}`);
    const first = await importFile(file);
    expect(first.code, first.io.err.join('\n')).toBe(0);
    expect(first.io.out.join('\n')).toContain('新增 3 条');
    const index = idNumberIndexOf(ctx.keyRing, idNumber);
    expect(await grantRows()).toEqual([
      {
        subjectKind: 'person',
        subjectId: null,
        personIdIndex: index,
        benefitId: 'cross_province_transport',
        periodStart: '2026-01-05',
        periodEnd: null,
        amountFen: 80_000,
        months: null,
        decidedOn: '2026-01-20',
        source: '忻府区台账',
        origin: 'import',
      },
      {
        subjectKind: 'employer',
        subjectId: employerId,
        personIdIndex: index,
        benefitId: 'absorption_subsidy',
        periodStart: '2025-01-01',
        periodEnd: '2025-06-30',
        amountFen: 100_000,
        months: null,
        decidedOn: '2025-07-05',
        source: null,
        origin: 'import',
      },
      {
        subjectKind: 'person',
        subjectId: null,
        personIdIndex: index,
        benefitId: 'labor_export_social_insurance',
        periodStart: '2025-01-01',
        periodEnd: '2025-12-31',
        amountFen: 123_450,
        months: 12,
        decidedOn: '2026-01-10',
        source: null,
        origin: 'import',
      },
    ]);
    const again = await importFile(file);
    expect(again.code).toBe(0);
    expect(again.io.out.join('\n')).toContain('新增 0 条，已存在跳过 3 条');
    expect(await grantRows()).toHaveLength(3);
    const log = await ctx.db
      .selectFrom('operationLog')
      .select(['result', 'detail'])
      .where('action', '=', 'policy.grants.import')
      .where('result', '=', 'success') // the refusals of the tests above are logged too
      .orderBy('id')
      .execute();
    expect(log.map((row) => [row.result, JSON.parse(row.detail ?? '{}').inserted])).toEqual([
      ['success', 3],
      ['success', 0],
    ]);
  });

  it('skips a grant key written meanwhile (another import committing first) instead of failing', async () => {
    const file = write(
      'meanwhile.csv',
      csv([
        HEADER,
        [
          '劳动者',
          '',
          idNumber,
          '赵六',
          'cross_province_transport',
          '2023-01-05',
          '',
          '800',
          '',
          '2023-01-20',
          '',
        ],
        [
          '劳动者',
          '',
          idNumber,
          '赵六',
          'cross_province_transport',
          '2024-01-05',
          '',
          '800',
          '',
          '2024-01-20',
          '',
        ],
      ]),
    );
    const first = await importFile(file);
    expect(first.code, first.io.err.join('\n')).toBe(0);
    const written = await ctx.db
      .selectFrom('policyGrant')
      .selectAll()
      .where('periodStart', 'in', ['2023-01-05', '2024-01-05'])
      .execute();
    expect(written).toHaveLength(2);
    // What the import's transaction does when another one wrote the same grants between its look-up and its insert.
    const again = written.map(({ id: _id, ...row }) => row);
    expect(await ctx.db.transaction().execute((trx) => insertGrants(trx, again))).toBe(0);
    await ctx.db.deleteFrom('policyGrant').where('periodStart', 'in', ['2023-01-05', '2024-01-05']).execute();
  });

  it('reads GBK csv and xlsx, skipping the rows already held', async () => {
    const gbk = write(
      'gbk.csv',
      iconv.encode(
        csv([
          HEADER,
          [
            '劳动者',
            '',
            idNumber,
            '赵六',
            label('cross_province_transport'),
            '2026-01-05',
            '',
            '800',
            '',
            '2026-01-20',
            '忻府区台账',
          ],
          [
            '劳动者',
            '',
            idNumber,
            '赵六',
            'training_living_allowance',
            '2025-05-01',
            '2025-05-12',
            '180',
            '',
            '2025-06-01',
            '',
          ],
        ]),
        'gbk',
      ),
    );
    const fromGbk = await importFile(gbk);
    expect(fromGbk.code, fromGbk.io.err.join('\n')).toBe(0);
    expect(fromGbk.io.out.join('\n')).toContain('新增 1 条，已存在跳过 1 条');

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('发放记录');
    sheet.addRow(HEADER);
    sheet.addRow([
      '劳动者',
      null,
      idNumber,
      '赵六',
      'free_training',
      new Date(Date.UTC(2024, 2, 1)),
      null,
      0,
      null,
      new Date(Date.UTC(2024, 2, 15)),
      '',
    ]);
    const xlsx = path.join(dir, 'grants.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const fromXlsx = await importFile(xlsx);
    expect(fromXlsx.code, fromXlsx.io.err.join('\n')).toBe(0);
    expect(fromXlsx.io.out.join('\n')).toContain('新增 1 条');
    const rows = await grantRows();
    expect(rows).toHaveLength(5);
    expect(rows.at(-1)).toMatchObject({
      benefitId: 'free_training',
      periodStart: '2024-03-01',
      decidedOn: '2024-03-15',
      amountFen: 0,
    });
  });

  it('caps a registry labourer by the imported grants', async () => {
    const response = await county.request('POST', '/api/policy/evaluate', {
      laborerId,
      asOf: '2026-03-15',
      benefitIds: ['cross_province_transport'],
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.laborer.ledgerGrantCount).toBe(5);
    expect(body.results[0].status).toBe('cap_reached');
    expect(body.results[0].explanation.limits[0].ledgerRows).toEqual([
      expect.objectContaining({
        benefitId: 'cross_province_transport',
        periodStart: '2026-01-05',
        amountFen: 80_000,
      }),
    ]);
  });
});
