import {
  BANG,
  COLON,
  DOUBLE_QUOTE,
  EMPTY,
  endsName,
  EQUALS,
  GT,
  isAscii,
  isSpace,
  LT,
  MAX_CARRY,
  QUESTION,
  SINGLE_QUOTE,
  skipMarkup,
  SLASH,
  textOf,
  XmlError,
  type ChunkSink,
} from './xml-tokens.ts';

export interface XmlHandler {
  /** Whether character data is wanted now (inside <t> …); other text is skipped unread. */
  readonly wantsText: boolean;
  /** A start tag (or an empty-element tag, then close follows): its local name is scanner.buffer[from, to). */
  open(scanner: XmlScanner, from: number, to: number, selfClosing: boolean): void;
  close(scanner: XmlScanner, from: number, to: number): void;
  /** Raw character data, buffer[from, to): entities not yet decoded. */
  text(buffer: Buffer, from: number, to: number): void;
  cdata?(text: string): void;
  end(): void;
}

/**
 * A streaming XML tokenizer for the small parts and the shared strings: fed a part's bytes a chunk at a time, it
 * reports tags and the text the handler wants, and keeps an unfinished tag or text for the next chunk (at most
 * MAX_CARRY). Markup is ASCII and never occurs inside a UTF-8 multi-byte sequence, so the bytes are scanned as they
 * are and only names, values and text are decoded, each whole: a character split between two inflated chunks
 * (exceljs#2063) is never decoded in halves. Well-formedness is checked as far as reading needs: every step moves
 * forward, and a part that ends inside markup is refused.
 */
export class XmlScanner implements ChunkSink {
  buffer: Buffer = EMPTY;
  #carry: Buffer = EMPTY;
  #attrAt = 0;
  #attrEnd = 0;
  #nameFrom = 0;
  #nameTo = 0;
  #valueFrom = 0;
  #valueTo = 0;

  constructor(private readonly handler: XmlHandler) {}

  write(chunk: Buffer): void {
    const buffer = this.#carry.length > 0 ? Buffer.concat([this.#carry, chunk]) : chunk;
    this.buffer = buffer;
    const handler = this.handler;
    const length = buffer.length;
    let at = 0;
    let keep = length;
    for (;;) {
      const lt = buffer.indexOf(LT, at);
      if (lt < 0) {
        if (handler.wantsText && at < length) keep = at;
        break;
      }
      if (lt > at && handler.wantsText) handler.text(buffer, at, lt);
      if (lt + 1 >= length) {
        keep = lt;
        break;
      }
      const next = buffer[lt + 1];
      if (next === SLASH) {
        const gt = buffer.indexOf(GT, lt + 2);
        if (gt < 0) {
          keep = lt;
          break;
        }
        let end = lt + 2;
        let local = end;
        for (; end < gt; end += 1) {
          const code = buffer[end]!;
          if (code === COLON) local = end + 1;
          else if (endsName(code)) break;
        }
        if (end === lt + 2) throw new XmlError('结束标记缺少名称');
        handler.close(this, local, end);
        at = gt + 1;
      } else if (next === BANG || next === QUESTION) {
        const end = skipMarkup(buffer, lt, handler.wantsText ? handler : undefined);
        if (end < 0) {
          keep = lt;
          break;
        }
        at = end;
      } else {
        let end = lt + 1;
        let local = end;
        for (; end < length; end += 1) {
          const code = buffer[end]!;
          if (code === COLON) local = end + 1;
          else if (endsName(code)) break;
        }
        if (end === lt + 1 && end < length) throw new XmlError('< 之后不是标记名称');
        // The end of the tag: the first > outside quoted attribute values.
        let gt = -1;
        for (let scan = end; scan < length;) {
          const code = buffer[scan]!;
          if (code === GT) {
            gt = scan;
            break;
          }
          if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
            const quote = buffer.indexOf(code, scan + 1);
            if (quote < 0) break;
            scan = quote + 1;
          } else if (code === LT) {
            throw new XmlError('标记未结束');
          } else {
            scan += 1;
          }
        }
        if (gt < 0) {
          keep = lt;
          break;
        }
        const selfClosing = buffer[gt - 1] === SLASH;
        this.#attrAt = end;
        this.#attrEnd = selfClosing ? gt - 1 : gt;
        handler.open(this, local, end, selfClosing);
        if (selfClosing) handler.close(this, local, end);
        at = gt + 1;
      }
    }
    this.#carry = keep < length ? buffer.subarray(keep) : EMPTY;
    if (this.#carry.length > MAX_CARRY) throw new XmlError('单个标记或文本过长');
  }

  end(): void {
    if (this.#carry.length > 0 && this.#carry[0] === LT) throw new XmlError('内容不完整，文件可能被截断');
    this.#carry = EMPTY;
    this.handler.end();
  }

  /** Whether buffer[from, to) (a name the handler was given) is the ASCII text. */
  is(from: number, to: number, text: string): boolean {
    return isAscii(this.buffer, from, to, text);
  }

  /** The next attribute of the current start tag: false when there are no more. */
  nextAttr(): boolean {
    const buffer = this.buffer;
    const end = this.#attrEnd;
    let at = this.#attrAt;
    while (at < end && isSpace(buffer[at]!)) at += 1;
    if (at >= end) return false;
    const nameFrom = at;
    while (at < end) {
      const code = buffer[at]!;
      if (code === EQUALS || isSpace(code)) break;
      at += 1;
    }
    this.#nameFrom = nameFrom;
    this.#nameTo = at;
    while (at < end && isSpace(buffer[at]!)) at += 1;
    if (buffer[at] !== EQUALS) throw new XmlError('属性缺少值');
    at += 1;
    while (at < end && isSpace(buffer[at]!)) at += 1;
    const quote = buffer[at];
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) throw new XmlError('属性值缺少引号');
    const close = buffer.indexOf(quote, at + 1);
    if (close < 0 || close >= end) throw new XmlError('属性值缺少引号');
    this.#valueFrom = at + 1;
    this.#valueTo = close;
    this.#attrAt = close + 1;
    return true;
  }

  attrIs(name: string): boolean {
    return isAscii(this.buffer, this.#nameFrom, this.#nameTo, name);
  }

  attrName(): string {
    return this.buffer.toString('latin1', this.#nameFrom, this.#nameTo);
  }

  attrValue(): string {
    return textOf(this.buffer, this.#valueFrom, this.#valueTo, true);
  }
}
