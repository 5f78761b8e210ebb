import { EMPTY, intOf, textOf } from './xml-tokens.ts';

/** Collects the text of the current element: a range of the chunk while it is one piece, else a string. */
export abstract class TextCollector {
  wantsText = false;
  #state = 0; // 0 none, 1 a range of #buffer, 2 #text
  #buffer: Buffer = EMPTY;
  #from = 0;
  #to = 0;
  #text = '';

  protected resetText(): void {
    this.#state = 0;
  }

  protected get hasText(): boolean {
    return this.#state === 2 ? this.#text.length > 0 : this.#state === 1 && this.#to > this.#from;
  }

  text(buffer: Buffer, from: number, to: number): void {
    if (this.#state === 0) {
      this.#state = 1;
      this.#buffer = buffer;
      this.#from = from;
      this.#to = to;
    } else {
      this.#text = this.collected() + textOf(buffer, from, to, false);
      this.#state = 2;
    }
  }

  cdata(text: string): void {
    this.#text = this.collected() + text;
    this.#state = 2;
  }

  /** The text collected, decoded ('' when none). */
  protected collected(): string {
    if (this.#state === 0) return '';
    if (this.#state === 2) return this.#text;
    return textOf(this.#buffer, this.#from, this.#to, false);
  }

  /**
   * Calls `take` with the collected bytes when they are one range that needs no decoding (no reference, no CR to
   * normalize): the text is those UTF-8 bytes as they are. Returns whether it did.
   */
  protected takeRawText(take: (buffer: Buffer, from: number, to: number) => void): boolean {
    if (this.#state !== 1) return false;
    const buffer = this.#buffer;
    const to = this.#to;
    for (let at = this.#from; at < to; at += 1) {
      const byte = buffer[at];
      if (byte === 38 || byte === 13) return false; // & \r
    }
    take(buffer, this.#from, to);
    return true;
  }

  /** The text as parseInt(text, 10) reads it; digits only are read without making a string. */
  protected collectedInt(): number {
    if (this.#state === 1) return intOf(this.#buffer, this.#from, this.#to, false);
    return Number.parseInt(this.collected(), 10);
  }

  /** The text as parseFloat(text) reads it; integers of up to 15 digits without making a string. */
  protected collectedNumber(): number {
    if (this.#state === 1) {
      const buffer = this.#buffer;
      const to = this.#to;
      let at = this.#from;
      const negative = buffer[at] === 45;
      if (negative) at += 1;
      if (to > at && to - at <= 15) {
        let value = 0;
        for (; at < to; at += 1) {
          const digit = buffer[at]! - 48;
          if (digit < 0 || digit > 9) break;
          value = value * 10 + digit;
        }
        if (at === to) return negative ? -value : value;
      }
    }
    return Number.parseFloat(this.collected());
  }

  /** Lets go of the chunk a range points into. */
  protected releaseText(): void {
    this.#buffer = EMPTY;
    this.#text = '';
    this.#state = 0;
  }
}
