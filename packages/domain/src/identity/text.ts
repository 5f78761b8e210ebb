/**
 * Character-level clean-up shared by the identity validators and the spreadsheet normalisers: values typed with a
 * Chinese input method arrive with full-width digits and letters (ＧＢ/Ｔ 1988 全角字符), ideographic spaces and
 * invisible zero-width characters copied from web pages.
 */

/** Any whitespace JavaScript knows (incl. U+3000 ideographic space, NBSP, U+FEFF) plus zero-width characters. */
// Alternation, not a character class: U+200D (zero-width joiner) inside [...] would join its neighbours.
const SPACE = /\s|\u200B|\u200C|\u200D|\u2060|\uFEFF/gu;
const ZERO_WIDTH = /\u200B|\u200C|\u200D|\u2060|\uFEFF/gu;
/** U+FF01–U+FF5E are the full-width forms of ASCII U+0021–U+007E, at a fixed offset. */
const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/gu;
const FULL_WIDTH_OFFSET = 0xfee0;

// One scan that tells whether a text needs any of the work below: most cells of a ledger need none, and a test is
// several times cheaper than the replacements that would find nothing (the bulk import reads ~30 cells a row).
const ANY_FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/u;
const ANY_SPACE = /\s|\u200B|\u200C|\u200D|\u2060|\uFEFF/u;

/** Full-width ASCII forms (０-９, Ａ-Ｚ, ａ-ｚ, （）－，：…) and the ideographic space → their half-width forms. */
export function toHalfWidth(text: string): string {
  if (!ANY_FULL_WIDTH.test(text)) return text;
  return text
    .replace(FULL_WIDTH_ASCII, (char) => String.fromCharCode(char.charCodeAt(0) - FULL_WIDTH_OFFSET))
    .replace(/\u3000/gu, ' ');
}

/** Removes every space, ideographic space, NBSP and zero-width character, wherever it is. */
export function removeSpaces(text: string): string {
  if (!ANY_SPACE.test(text)) return text;
  return text.replace(SPACE, '');
}

/** Drops zero-width characters, turns every other space into one ASCII space, collapses runs, trims. */
export function collapseSpaces(text: string): string {
  if (!ANY_SPACE.test(text)) return text;
  return text.replace(ZERO_WIDTH, '').replace(SPACE, ' ').replace(/ {2,}/gu, ' ').trim();
}

/** Half-width and without any space: the form identifiers (ID numbers, phones, accounts, codes) are read in. */
export function compactIdentifier(text: string): string {
  return removeSpaces(toHalfWidth(text));
}
