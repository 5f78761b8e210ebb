import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Db } from '../../../db/database.ts';
import { IMPORT_COLUMNS } from './import-columns.ts';
import { decryptField, type KeyRing } from '../../../lib/field-crypto.ts';
import { isProtected } from './import-retention.ts';
import { decodeCells } from './import-store.ts';

/**
 * The workbooks of the import dialog (every import has 下载模板, a dry run and a downloadable error workbook): the
 * template with dropdowns for every coded column and a 说明 sheet, and the error workbook with the rejected rows as
 * they came plus a 错误说明 column.
 */

const TEMPLATE_ROWS = 5000;

function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

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
  let listColumn = 0;
  IMPORT_COLUMNS.forEach((column, index) => {
    const labels = column.dictionary
      ? column.dictionary.entries.map((entry) => entry.label)
      : column.isBoolean
        ? ['是', '否']
        : undefined;
    if (!labels) return;
    const letter = columnLetter(listColumn);
    lists.getCell(1, listColumn + 1).value = column.header;
    labels.forEach((label, row) => {
      lists.getCell(row + 2, listColumn + 1).value = label;
    });
    listColumn += 1;
    const target = columnLetter(index);
    const isMulti = column.key === 'serviceNeeds';
    (
      sheet as unknown as { dataValidations: { add: (range: string, rule: ExcelJS.DataValidation) => void } }
    ).dataValidations.add(`${target}3:${target}${TEMPLATE_ROWS}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`代码表!$${letter}$2:$${letter}$${labels.length + 1}`],
      showErrorMessage: !isMulti,
      errorStyle: 'stop',
      errorTitle: column.header,
      error: `请从下拉列表中选择${column.header}`,
    });
  });

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
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useSharedStrings: false,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet('错误行');
  const header = await db
    .selectFrom('importJobRow')
    .select(['cells'])
    .where('jobId', '=', jobId)
    .where('outcome', '=', 'header')
    .executeTakeFirst();
  const headerCells = cellsOf(ring, header?.cells ?? null);
  const width = headerCells.length;
  const headerRow = sheet.addRow([...headerCells, '原行号', '错误说明']);
  headerRow.font = { bold: true };
  headerRow.commit();
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('importJobRow')
      .select(['rowNumber', 'cells', 'messages'])
      .where('jobId', '=', jobId)
      .where('outcome', '=', 'reject')
      .where('rowNumber', '>', after)
      .orderBy('rowNumber')
      .limit(1000)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const cells = cellsOf(ring, row.cells);
      while (cells.length < width) cells.push(null);
      const messages = JSON.parse(row.messages ?? '[]') as string[];
      sheet.addRow([...cells, row.rowNumber, messages.join('；')]).commit();
      after = row.rowNumber;
    }
  }
  sheet.getColumn(width + 2).width = 80;
  sheet.commit();
  await workbook.commit();
}
