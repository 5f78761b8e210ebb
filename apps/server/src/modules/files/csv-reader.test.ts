import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { HostileFileError, type InspectedFile } from './file-guard.ts';
import { readRows } from './file-reader.ts';

/**
 * The csv reader (Papa Parse's core parser fed piece by piece) against csv-parse, which it replaced, with the
 * options the import used: both must give the same records for every well-formed file, whatever its line endings,
 * quotes, embedded line breaks, Chinese text and size (records cut between two reads of the file included).
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-csv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;

function csvFile(
  text: string,
  encoding: 'utf8' | 'gbk' = 'utf8',
): { file: string; inspected: InspectedFile } {
  const file = path.join(dir, `f${(files += 1)}.csv`);
  fs.writeFileSync(file, encoding === 'gbk' ? iconv.encode(text, 'gb18030') : text);
  return { file, inspected: { kind: 'csv', size: 0, sha256: '', encoding, lines: 0 } };
}

async function read(text: string, encoding: 'utf8' | 'gbk' = 'utf8'): Promise<string[][]> {
  const { file, inspected } = csvFile(text, encoding);
  const rows: string[][] = [];
  let expected = 1;
  for await (const row of readRows(file, inspected)) {
    expect(row.rowNumber).toBe(expected++);
    rows.push(row.cells as string[]);
  }
  return rows;
}

function reference(text: string): string[][] {
  return parse(text, {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  }) as string[][];
}

const quote = (cell: string) => (/[",\r\n]/u.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
const cellText = fc.stringMatching(/^[a-z0-9 ,"\n\r\u4e00-\u4e09（）－]{0,12}$/u);
const csvText = fc
  .record({
    rows: fc.array(fc.array(cellText, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
    newline: fc.constantFrom('\r\n', '\n'),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
  })
  .map(({ rows, newline, bom, finalNewline }) => {
    const body = rows.map((row) => row.map(quote).join(',')).join(newline);
    return `${bom ? '\uFEFF' : ''}${body}${finalNewline ? newline : ''}`;
  });

describe('csv reader', () => {
  it('reads the same records as csv-parse for any well-formed file', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, async (text) => {
        expect(await read(text)).toEqual(reference(text));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a large file whose records and characters are cut between reads', async () => {
    // Over 1.5 MB: seven reads of 256 KB, with quoted line breaks and three-byte characters everywhere.
    const rows = Array.from({ length: 30_000 }, (_, i) => [
      String(i),
      `张${'三'.repeat(i % 7)}`,
      i % 5 === 0 ? `第一行\n第二行, "引号"` : '山西省忻州市',
      '1409'.repeat(i % 9),
      '',
    ]);
    const text = `\uFEFF${rows.map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(1.5 * 1024 * 1024);
    const read1 = await read(text);
    expect(read1).toEqual(rows);
    expect(await read(text, 'gbk')).toEqual(rows);
  });

  it('keeps a stray quote inside an unquoted cell, as csv-parse with relax_quotes did', async () => {
    const text = '姓名,备注\r\n张三,身高"175"\r\n李四,a"b\r\n';
    expect(await read(text)).toEqual(reference(text));
  });

  it('refuses a record that never ends (an unclosed quote) instead of reading the file into memory', async () => {
    const text = `姓名,备注\r\n张三,"${'很长的备注，'.repeat(60_000)}\r\n`;
    await expect(read(text)).rejects.toThrow(HostileFileError);
    await expect(read(text)).rejects.toThrow(/第2行超过256 KB/u);
  });
});
