/**
 * The bytes of XML as the xlsx reader scans them: markup is ASCII and no byte of a UTF-8 multi-byte sequence is
 * ASCII, so tags are told by their bytes and only values are decoded, each whole (xlsx-reader.ts).
 */

/** Longest markup or text kept across chunks: a cell's text is at most 32,767 characters (§18.3.1.96 note). */
export const MAX_CARRY = 4 * 1024 * 1024;

/** A reason the XML cannot be read; reported as a HostileFileError naming the part. */
export class XmlError extends Error {}

/** What takes a part's bytes: XmlScanner, or the worksheet's own SheetReader. */
export interface ChunkSink {
  write(chunk: Buffer): void;
  /** The part has ended: throws when it ended inside markup or inside an element that must close. */
  end(): void;
}

export const EMPTY = Buffer.alloc(0);

export const LT = 60;
export const GT = 62;
export const SLASH = 47;
export const BANG = 33;
export const QUESTION = 63;
export const COLON = 58;
export const EQUALS = 61;
export const DOUBLE_QUOTE = 34;
export const SINGLE_QUOTE = 39;
export const AMPERSAND = 38;

export function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

/** A byte that ends a name (space, /, >, =, quotes, <); anything else belongs to it. */
export function endsName(code: number): boolean {
  return (
    code <= 32 ||
    code === GT ||
    code === SLASH ||
    code === EQUALS ||
    code === DOUBLE_QUOTE ||
    code === SINGLE_QUOTE ||
    code === LT
  );
}

/** Whether buffer[from, to) is exactly the ASCII text. */
export function isAscii(buffer: Buffer, from: number, to: number, text: string): boolean {
  if (to - from !== text.length) return false;
  for (let index = 0; index < text.length; index += 1) {
    if (buffer[from + index] !== text.charCodeAt(index)) return false;
  }
  return true;
}

/**
 * The text of buffer[from, to), decoded: UTF-8 (a token is always whole, so no character is ever split), then
 * references and line ends. Each string is made from its own bytes, so none keeps a chunk alive.
 */
export function textOf(buffer: Buffer, from: number, to: number, attribute: boolean): string {
  if (to <= from) return '';
  const raw = buffer.toString('utf8', from, to);
  return decodeXml(raw, attribute);
}

const ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Character data or an attribute value with references decoded, line ends normalized (XML 1.0 §2.11, §3.3.3). */
export function decodeXml(raw: string, attribute: boolean): string {
  let amp = raw.indexOf('&');
  if (amp < 0) return normalizeLines(raw, attribute);
  let out = '';
  let at = 0;
  const length = raw.length;
  while (at < length) {
    if (amp < 0) amp = length;
    if (amp > at) out += normalizeLines(raw.slice(at, amp), attribute);
    if (amp >= length) break;
    const semicolon = raw.indexOf(';', amp + 1);
    if (semicolon < 0 || semicolon - amp > 12) throw new XmlError('& 之后不是有效的实体引用');
    const name = raw.slice(amp + 1, semicolon);
    let replacement = ENTITIES.get(name);
    if (replacement === undefined) {
      const code = /^#x[0-9a-fA-F]+$/u.test(name)
        ? Number.parseInt(name.slice(2), 16)
        : /^#[0-9]+$/u.test(name)
          ? Number.parseInt(name.slice(1), 10)
          : Number.NaN;
      if (!(code >= 1 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff))
        throw new XmlError(`实体引用 &${name}; 无效`);
      replacement = String.fromCodePoint(code);
    }
    out += replacement;
    at = semicolon + 1;
    amp = raw.indexOf('&', at);
  }
  return out;
}

export function normalizeLines(text: string, attribute: boolean): string {
  if (attribute) return /[\t\n\r]/u.test(text) ? text.replace(/\r\n?|[\t\n]/gu, ' ') : text;
  return text.includes('\r') ? text.replace(/\r\n?/gu, '\n') : text;
}

/**
 * A comment, CDATA section or processing instruction at buffer[lt]: the index after it, or -1 when it continues
 * in the next chunk. CDATA is text (given to `text.cdata` when text is wanted).
 */
export function skipMarkup(
  buffer: Buffer,
  lt: number,
  text: { cdata?(text: string): void } | undefined,
): number {
  const rest = buffer.length - lt;
  if (rest >= 4 && isAscii(buffer, lt, lt + 4, '<!--')) {
    const end = buffer.indexOf('-->', lt + 4, 'latin1');
    return end < 0 ? -1 : end + 3;
  }
  if (rest >= 9 && isAscii(buffer, lt, lt + 9, '<![CDATA[')) {
    const end = buffer.indexOf(']]>', lt + 9, 'latin1');
    if (end < 0) return -1;
    text?.cdata?.(normalizeLines(buffer.toString('utf8', lt + 9, end), false));
    return end + 3;
  }
  if (buffer[lt + 1] === QUESTION) {
    const end = buffer.indexOf('?>', lt + 2, 'latin1');
    return end < 0 ? -1 : end + 2;
  }
  // "<!-" or "<![CDAT" at the end of the chunk: wait for more.
  const head = buffer.toString('latin1', lt, Math.min(buffer.length, lt + 9));
  if (head.length < 9 && ('<![CDATA['.startsWith(head) || '<!--'.startsWith(head))) return -1;
  // Entities defined by a DTD are never used by OOXML; a DOCTYPE is refused rather than half understood.
  throw new XmlError('包含不允许的 DOCTYPE 或无效的标记');
}

/** A value as parseInt(value, 10) reads it; digits only are read without making a string. */
export function intOf(buffer: Buffer, from: number, to: number, attribute: boolean): number {
  if (to > from && to - from <= 15) {
    let value = 0;
    let at = from;
    for (; at < to; at += 1) {
      const digit = buffer[at]! - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (at === to) return value;
  }
  return Number.parseInt(textOf(buffer, from, to, attribute), 10);
}
