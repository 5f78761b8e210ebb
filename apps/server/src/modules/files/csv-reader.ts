import fs from 'node:fs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { HostileFileError } from './file-guard.ts';
import type { SheetRow } from './sheet-row.ts';

/** The longest csv record read (as csv-parse's max_record_size was): a quote never closed cannot fill memory. */
const MAX_CSV_RECORD = 256 * 1024;

/**
 * csv through Papa Parse's core parser (Papa.Parser), fed one decoded piece of the file at a time: each call parses
 * the complete records of the text so far and the rest waits for the next piece, as Papa's own streamers do. Papa's
 * streamers are not used: paused, they keep queueing the file's data in memory, and they decode each Buffer read on
 * its own (a character split between two reads would be garbled). The text here is decoded before Papa sees it
 * (Node's StringDecoder for UTF-8, iconv-lite for GBK). Papa instead of csv-parse because the import's reading
 * thread spent most of its time in csv-parse: 16 µs against 4.7 µs a row of the synthetic 100,000-row ledger, same
 * records (test: csv-reader.test.ts).
 */
export async function* readCsvRows(file: string, encoding: 'utf8' | 'gbk'): AsyncGenerator<SheetRow> {
  const source = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const text = (
    encoding === 'gbk' ? source.pipe(iconv.decodeStream('gb18030')) : source.setEncoding('utf8')
  ) as AsyncIterable<string>;
  let parser: Papa.Parser | undefined;
  let partial = '';
  let rowNumber = 0;
  try {
    for await (let piece of text) {
      if (!parser) {
        if (piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
        parser = new Papa.Parser({ delimiter: ',', newline: lineEnding(piece), quoteChar: '"' });
      }
      const aggregate = partial + piece;
      const { data, meta } = parser.parse(aggregate, 0, true) as Papa.ParseResult<string[]>;
      partial = aggregate.slice(meta.cursor);
      if (partial.length > MAX_CSV_RECORD) throw recordTooLong(rowNumber + data.length + 1);
      for (const cells of data) yield { rowNumber: ++rowNumber, cells };
    }
    if (parser && partial !== '') {
      for (const cells of (parser.parse(partial, 0, false) as Papa.ParseResult<string[]>).data)
        yield { rowNumber: ++rowNumber, cells };
    }
  } finally {
    source.destroy();
  }
}

/** The file's line ending, from its first one outside quotes (as csv-parse detected it): \r\n, \n or \r. */
function lineEnding(text: string): '\r\n' | '\n' | '\r' {
  const unquoted = text.replace(/"[^"]*"/gu, '');
  const lf = unquoted.indexOf('\n');
  const cr = unquoted.indexOf('\r');
  if (cr < 0 || (lf >= 0 && lf < cr)) return '\n';
  return unquoted[cr + 1] === '\n' || cr + 1 === unquoted.length ? '\r\n' : '\r';
}

function recordTooLong(rowNumber: number): HostileFileError {
  return new HostileFileError(
    'VALIDATION_FAILED',
    `第${rowNumber}行超过${MAX_CSV_RECORD / 1024} KB（可能有未闭合的引号），不是正常的台账文件`,
  );
}
