import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_LIMITS, inspectImportFile } from '../src/modules/files/file-guard.ts';
import { readRows } from '../src/modules/files/file-reader.ts';

// ExcelJS 4.4's streaming reader decoded each zip chunk on its own, so a Chinese character split across two chunks
// came out as two U+FFFD (exceljs#2063): names and employers were imported garbled. The import now reads xlsx with
// its own reader (xlsx-reader.ts), which decodes each value from its whole bytes; patches/exceljs+4.4.0.patch still
// fixes ExcelJS for the tests that read exported workbooks with it.
describe('xlsx text across stream chunks', () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-xlsx-text-'));
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('reads every Chinese character of a large sheet exactly as written', async () => {
    const file = path.join(directory, 'names.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const sheet = writer.addWorksheet('台账');
    const expected: string[][] = [];
    const given = '建国志强海平国栋晓东文斌永刚鹏飞俊杰丽娟秀英海燕晓红玉兰春梅慧敏桂香雪芳';
    for (let i = 0; i < 6000; i++) {
      // Varying lengths shift the byte offsets, so chunk boundaries fall inside characters.
      const name = `${'王李张刘赵杨郭武'[i % 8]}${given.slice(i % 30, (i % 30) + 1 + (i % 3))}`;
      const employer = `忻州市第${i}号建筑工程有限责任公司（${'一二三四五'.repeat(1 + (i % 4))}）`;
      expected.push([name, employer]);
      sheet.addRow([name, employer]).commit();
    }
    sheet.commit();
    await writer.commit();

    const inspected = await inspectImportFile(file, CLI_LIMITS);
    const read: string[][] = [];
    for await (const row of readRows(file, inspected)) read.push(row.cells.map((cell) => String(cell)));
    expect(read.filter((cells) => cells.some((cell) => cell.includes('\uFFFD')))).toEqual([]);
    expect(read).toEqual(expected);
  });
});
