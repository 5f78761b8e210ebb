import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collapseSpaces, compactIdentifier, removeSpaces, toHalfWidth } from './text.ts';

describe('character clean-up', () => {
  it.each([
    ['０１２３４５６７８９', '0123456789'],
    ['ＡＢＣｘｙｚ', 'ABCxyz'],
    ['（）－，：；！？', '()-,:;!?'],
    ['张\u3000三', '张 三'],
    ['。、《》', '。、《》'], // CJK punctuation has no half-width form: left alone
  ])('toHalfWidth(%j) → %j', (input, output) => {
    expect(toHalfWidth(input)).toBe(output);
  });

  it.each([
    [' a\u3000b\u00A0c\u200Bd\uFEFFe\tf\n', 'abcdef'],
    ['\u2060x\u200C\u200Dy', 'xy'],
  ])('removeSpaces(%j) → %j', (input, output) => {
    expect(removeSpaces(input)).toBe(output);
  });

  it.each([
    ['  a \u3000 b  ', 'a b'],
    ['a\u200Bb', 'ab'],
    ['\u00A0a\n\nb\u00A0', 'a b'],
  ])('collapseSpaces(%j) → %j', (input, output) => {
    expect(collapseSpaces(input)).toBe(output);
  });

  it('compactIdentifier leaves printable ASCII without spaces, idempotently (property)', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        const once = compactIdentifier(input);
        expect(compactIdentifier(once)).toBe(once);
        expect(/[\s\uFF01-\uFF5E\u200B]/u.test(once)).toBe(false);
      }),
    );
  });

  it('every full-width ASCII form maps to its ASCII character (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0x21, max: 0x7e }), (code) => {
        expect(toHalfWidth(String.fromCharCode(code + 0xfee0))).toBe(String.fromCharCode(code));
      }),
    );
  });
  it('the quick test for "nothing to do" never skips work the replacements would do (property)', () => {
    // The replacements alone, as the functions were before their fast path.
    const SPACE = /\s|\u200B|\u200C|\u200D|\u2060|\uFEFF/gu;
    const slowHalfWidth = (text: string) =>
      text
        .replace(/[\uFF01-\uFF5E]/gu, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
        .replace(/\u3000/gu, ' ');
    const slowCollapse = (text: string) =>
      text
        .replace(/\u200B|\u200C|\u200D|\u2060|\uFEFF/gu, '')
        .replace(SPACE, ' ')
        .replace(/ {2,}/gu, ' ')
        .trim();
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom(
          ' ',
          '\t',
          '\n',
          '\u3000',
          '\u00A0',
          '\u200B',
          '\u200D',
          '\u2060',
          '\uFEFF',
          '\u2028',
        ),
        fc.integer({ min: 0xff00, max: 0xff65 }).map((code) => String.fromCharCode(code)),
        fc.constantFrom('张', '三', 'a', '1', 'x'),
      ),
    });
    fc.assert(
      fc.property(text, (input) => {
        expect(toHalfWidth(input)).toBe(slowHalfWidth(input));
        expect(removeSpaces(input)).toBe(input.replace(SPACE, ''));
        expect(collapseSpaces(input)).toBe(slowCollapse(input));
      }),
      { numRuns: 2000 },
    );
  });
});
