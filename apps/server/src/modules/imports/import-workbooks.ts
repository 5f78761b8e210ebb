import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/database.ts';
import { decryptField, type KeyRing } from '../../lib/field-crypto.ts';
import type { CellValue } from '../files/sheet-row.ts';
import { addChoiceLists, streamWorkbook, type ColumnChoices } from '../files/xlsx-writer.ts';
import { decodeCells } from './chunk-row.ts';
import { IMPORT_COLUMNS } from './import-columns.ts';
import { findHeaderCells, listRejectedRows } from './import-job.repository.ts';
import { isProtected } from './import-retention.ts';

/**
 * The workbooks of the import dialog (every import has 下载模板, a dry run and a downloadable error workbook): the
 * template with dropdowns for every coded column and a 说明 sheet, and the error workbook with the rejected rows as
 * they came plus a 错误说明 column.
 */

const TEMPLATE_ROWS = 5000;

export async function buildTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'jiuye 就业帮扶信息平台';
  const sheet = workbook.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 2 }] });
  const lists = workbook.addWorksheet('代码表', { state: 'veryHidden' });
  const guide = workbook.addWorksheet('说明');

  // Row 1: the title (the importer looks for the header within the first 10 rows); row 2: the header.
  sheet.mergeCells(1, 1, 1, IMPORT_COLUMNS.length);
  sheet.getCell(1, 1).value =
    '农村劳动力实名制登记台账（导入模板）：带 * 的列必填；证件号码请按文本填写；第3行起填写数据';
  sheet.getCell(1, 1).font = { bold: true, size: 13 };
  sheet.getRow(2).values = IMPORT_COLUMNS.map((column) =>
    column.required ? `*${column.header}` : column.header,
  );
  sheet.getRow(2).font = { bold: true };
  IMPORT_COLUMNS.forEach((column, index) => {
    sheet.getColumn(index + 1).width = column.width ?? 12;
  });
  const idColumn = IMPORT_COLUMNS.findIndex((column) => column.key === 'idNumber') + 1;
  sheet.getColumn(idColumn).numFmt = '@';
  const phoneColumn = IMPORT_COLUMNS.findIndex((column) => column.key === 'phone') + 1;
  sheet.getColumn(phoneColumn).numFmt = '@';

  // Dropdown lists live on a hidden sheet: an inline list is limited to 255 characters (与户主关系 has 80 entries).
  const choices: ColumnChoices[] = [];
  IMPORT_COLUMNS.forEach((column, index) => {
    const labels = column.dictionary
      ? column.dictionary.entries.map((entry) => entry.label)
      : column.isBoolean
        ? ['是', '否']
        : undefined;
    if (!labels) return;
    // 就业服务需求 takes several values: its list only suggests.
    choices.push({
      column: index,
      header: column.header,
      choices: labels,
      strict: column.key !== 'serviceNeeds',
    });
  });
  addChoiceLists(sheet, lists, choices, { firstRow: 3, lastRow: TEMPLATE_ROWS });

  guide.columns = [
    { header: '列名', width: 16 },
    { header: '是否必填', width: 10 },
    { header: '填写说明', width: 60 },
    { header: '可选值', width: 80 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const column of IMPORT_COLUMNS) {
    guide.addRow([
      column.header,
      column.required ? '必填' : '',
      [column.note, column.aliases.length > 0 ? `（也可识别：${column.aliases.join('、')}）` : '']
        .filter(Boolean)
        .join(''),
      column.dictionary
        ? column.dictionary.entries.map((entry) => entry.label).join('、')
        : column.isBoolean
          ? '是、否'
          : '',
    ]);
  }
  guide.addRow([]);
  for (const line of [
    '1. 支持 .xlsx（Excel、WPS、LibreOffice 保存）和 .csv（UTF-8 或 GBK 编码）；表头可在前10行内，上方可有标题行。',
    '2. 户籍地填写12位区划代码（到村），或填写县(市、区)、乡(镇)、行政村名称（须在您的管辖范围内）。',
    '3. 编码列可填写名称或代码；日期可写为 2024-03-05、2024/3/5、2024年3月5日；年月写为 2024-03。',
    '4. 同一证件号码在文件中只能出现一次；已登记的人员按“是否更新已经存在的数据”的选择更新或跳过。',
    '5. 导入前可先“试运行”查看每行结果；被拒绝的行可下载错误报告，修改后重新导入。',
  ]) {
    guide.addRow([line]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A stored row's cells: decrypted when kept encrypted (rejected rows), as they are otherwise (the header). */
function cellsOf(ring: KeyRing, stored: string | null) {
  return decodeCells(stored && isProtected(stored) ? decryptField(ring, stored) : stored);
}

/** Header row + rejected rows exactly as read, each with its 错误说明; streamed to `output`. */
export async function writeErrorWorkbook(
  db: Db,
  ring: KeyRing,
  jobId: number,
  output: Writable,
): Promise<void> {
  const headerCells = cellsOf(ring, await findHeaderCells(db, jobId));
  const width = headerCells.length;
  async function* rejected(): AsyncGenerator<CellValue[]> {
    let after = 0;
    for (;;) {
      const rows = await listRejectedRows(db, jobId, after, 1000);
      if (rows.length === 0) return;
      for (const row of rows) {
        const cells = cellsOf(ring, row.cells);
        while (cells.length < width) cells.push(null);
        const messages = JSON.parse(row.messages ?? '[]') as string[];
        yield [...cells, row.rowNumber, messages.join('；')];
        after = row.rowNumber;
      }
    }
  }
  await streamWorkbook(
    output,
    '错误行',
    [...headerCells, '原行号', '错误说明'],
    rejected(),
    new Map([[width + 2, 80]]),
  );
}
