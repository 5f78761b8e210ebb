import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  insertTestUser,
  login,
  testDialects,
  type Agent,
  type TestContext,
} from './helper.ts';
import { CLI_LIMITS, inspectImportFile } from '../src/modules/files/file-guard.ts';
import { upload } from './fixtures/registry-import-kit.ts';

const PASSWORD = 'County-Pass-2026';

/** A zip written by hand, so the test controls what the central directory declares. */
function zipOf(entries: Array<{ name: string; data: Buffer; declaredSize?: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const compressed = zlib.deflateRawSync(entry.data);
    const name = Buffer.from(entry.name);
    const size = entry.declaredSize ?? entry.data.length;
    const crc = typeof zlib.crc32 === 'function' ? zlib.crc32(entry.data) : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const xlsxParts = [
  { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
  { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
];

describe.each(testDialects())('hostile import files (%s)', (dialect) => {
  let context: TestContext;
  let county: Agent;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-hostile-'));

  beforeAll(async () => {
    context = await createTestApp(dialect);
    await insertTestUser(context.db, {
      username: 'xinfu',
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: ['140902000000'],
    });
    county = await login(context.app, 'xinfu', PASSWORD);
  });
  afterAll(async () => {
    fs.rmSync(directory, { recursive: true, force: true });
    await context?.close();
  });

  async function refused(content: Buffer, name: string) {
    const response = await upload(county, { name, content });
    const jobs = await context.db.selectFrom('importJob').select('id').execute();
    expect(jobs).toEqual([]);
    return response;
  }

  it('refuses a zip bomb by its compression ratio before parsing', async () => {
    const bomb = zipOf([
      ...xlsxParts,
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const response = await refused(bomb, 'bomb.xlsx');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/压缩比为 \d+:1，超过上限 200:1（疑似压缩炸弹）/u);
  });

  it('refuses a zip whose directory understates what its parts inflate to', async () => {
    const liar = zipOf([
      ...xlsxParts,
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x20), declaredSize: 4096 },
    ]);
    const response = await refused(liar, 'liar.xlsx');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/解压后超过其声明的大小/u);
  });

  it('refuses .xls, other zips and binary files by their first bytes', async () => {
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
    ]);
    const first = await refused(xls, 'ledger.xlsx');
    expect(first.statusCode).toBe(400);
    expect(first.json().error.message).toMatch(/不支持 Excel 97-2003（\.xls）格式/u);

    const docx = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'word/document.xml', data: Buffer.from('<w/>') },
    ]);
    expect((await refused(docx, 'ledger.xlsx')).json().error.message).toMatch(/不是 Excel 工作簿/u);

    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      Buffer.alloc(100),
    ]);
    expect((await refused(png, 'ledger.csv')).json().error.message).toMatch(/含有二进制内容/u);
  });

  it('refuses oversize files and csv with absurd lines', async () => {
    const big = path.join(directory, 'big.csv');
    fs.writeFileSync(big, `姓名,证件号码\n${'张三,1\n'.repeat(2000)}`);
    await expect(inspectImportFile(big, { ...CLI_LIMITS, maxFileBytes: 4096 })).rejects.toThrow(
      /文件过大.*不能超过/u,
    );

    const long = path.join(directory, 'long.csv');
    fs.writeFileSync(long, `姓名,证件号码\n张三,${'1'.repeat(200_000)}\n`);
    const response = await refused(fs.readFileSync(long), 'long.csv');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/csv 第 2 行超过 64 KB/u);
  });

  it('fails a job whose file has no recognisable header, changing nothing', async () => {
    const response = await upload(county, { name: 'x.csv', content: Buffer.from('a,b,c\n1,2,3\n') });
    expect(response.statusCode).toBe(202);
    let job;
    for (let i = 0; i < 100; i += 1) {
      job = (await county.request('GET', `/api/registry/import/${response.json().id}`)).json();
      if (job.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(job).toMatchObject({ status: 'failed', message: expect.stringMatching(/找不到表头/u) });
  });
});
