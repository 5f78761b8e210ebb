/**
 * Mainland China phone numbers as the ledger's 联系电话 holds them, following the 电信网编号计划 of 工业和信息化部:
 * mobile numbers (11 digits, 1[3-9]…) and landlines (trunk prefix 0 + a 2- or 3-digit area code, a 7–8 digit
 * subscriber number, an optional extension).
 */
import type { Checked } from './problem.ts';
import { error, fail, succeed } from './problem.ts';
import { removeSpaces, toHalfWidth } from './text.ts';

export type PhoneKind = 'mobile' | 'landline';

export interface PhoneNumber {
  readonly kind: PhoneKind;
  /** Mobile: 11 digits. Landline: `0350-1234567`, with `-ext` when there is an extension. */
  readonly normalized: string;
  /** The line without extension: what identifies a subscriber (used to find one phone shared by households). */
  readonly line: string;
  /** Landline only. */
  readonly areaCode?: string;
  readonly localNumber?: string;
  readonly extension?: string;
}

export type PhoneProblemCode = 'phone_blank' | 'phone_format' | 'phone_missing_area_code';

const MOBILE = /^1[3-9]\d{9}$/u;
// 电信网编号计划: 010 and 020–029 are the 3-character area codes; every other one is 0 + 3 digits (0350 忻州).
const AREA_CODE = /^0(?:10|2\d|[3-9]\d{2})$/u;
// Subscriber numbers never start with 0 (the trunk prefix). The plan keeps 1 for service numbers too, but ledgers
// and the forms' own examples (0350-1234567) use it, so it is not held against a number.
const LOCAL_NUMBER = /^[1-9]\d{6,7}$/u;
const COUNTRY_PREFIX = /^(?:\+86|0086|\(\+86\)|\(86\))-?/u;
const WORDED_EXTENSION = /(?:转|分机|ext\.?|x|#)(\d{1,6})$/iu;

/** Half-width, no spaces, every kind of dash (‐ – — −) read as a hyphen. */
function compactPhone(input: string): string {
  return removeSpaces(toHalfWidth(input)).replace(/[\u2010-\u2015\u2212]/gu, '-');
}

/** Validates a mobile or landline number, stripping a +86 / 0086 prefix; returns its normalised form and kind. */
export function validatePhone(
  input: string,
  options: { readonly field?: string } = {},
): Checked<PhoneNumber, PhoneProblemCode> {
  const field = options.field ?? 'phone';
  const compact = compactPhone(input);
  if (compact === '') return fail([error('phone_blank', field, '联系电话不能为空')]);

  const hasCountryCode = COUNTRY_PREFIX.test(compact);
  let rest = compact.replace(COUNTRY_PREFIX, '');
  const wordedExtension = WORDED_EXTENSION.exec(rest);
  if (wordedExtension) rest = rest.slice(0, wordedExtension.index);

  const digitsOnly = rest.replace(/[-()]/gu, '');
  if (!wordedExtension && MOBILE.test(digitsOnly)) {
    return succeed({ kind: 'mobile', normalized: digitsOnly, line: digitsOnly });
  }
  // Abroad the trunk 0 of an area code is dropped: +86 350 1234567 is 0350-1234567.
  if (hasCountryCode && /^[1-9]/u.test(rest)) rest = `0${rest}`;

  const landline = parseLandline(rest, wordedExtension?.[1]);
  if (landline) return succeed(landline);
  if (LOCAL_NUMBER.test(digitsOnly)) {
    return fail([
      error('phone_missing_area_code', field, `固定电话${input.trim()}缺少区号，应填写如0350-1234567`),
    ]);
  }
  const message = /^1\d{10}$/u.test(digitsOnly)
    ? `手机号码${digitsOnly}的号段不存在，手机号码以13–19开头`
    : `联系电话${input.trim()}格式不正确：应为11位手机号码，或带区号的固定电话（如0350-1234567）`;
  return fail([error('phone_format', field, message)]);
}

function parseLandline(text: string, wordedExtension: string | undefined): PhoneNumber | undefined {
  // (0350)1234567, 0350-1234567, 0350-1234567-89: the area code is delimited, its length must fit the plan.
  const delimited = /^(?:\((0\d{2,3})\)-?|(0\d{2,3})-)(\d{7,8})(?:-(\d{1,6}))?$/u.exec(text);
  // 03501234567: the area code's length follows from its first digits.
  const undelimited = /^0\d{9,11}$/u.test(text) ? text : undefined;
  let areaCode: string | undefined;
  let localNumber: string | undefined;
  let extension = wordedExtension;
  if (delimited) {
    areaCode = delimited[1] ?? delimited[2];
    localNumber = delimited[3];
    if (delimited[4] !== undefined) {
      if (extension !== undefined) return undefined;
      extension = delimited[4];
    }
  } else if (undelimited) {
    const areaLength = /^0[12]/u.test(undelimited) ? 3 : 4;
    areaCode = undelimited.slice(0, areaLength);
    localNumber = undelimited.slice(areaLength);
  }
  if (!areaCode || !localNumber || !AREA_CODE.test(areaCode) || !LOCAL_NUMBER.test(localNumber)) {
    return undefined;
  }
  const line = `${areaCode}-${localNumber}`;
  return {
    kind: 'landline',
    normalized: extension === undefined ? line : `${line}-${extension}`,
    line,
    areaCode,
    localNumber,
    ...(extension === undefined ? {} : { extension }),
  };
}

/** The normalised form, or undefined when the input is not a valid phone number. */
export function normalizePhone(input: string): string | undefined {
  const result = validatePhone(input);
  return result.ok ? result.value.normalized : undefined;
}

/**
 * Masked for lists and exports: mobile 138****1234; landline 0350-***4567 (area code and the last 4 digits visible,
 * extension dropped). Unparseable input keeps at most its first 3 and last 4 characters.
 */
export function maskPhone(input: string): string {
  const result = validatePhone(input);
  if (result.ok) {
    const { kind, normalized, areaCode, localNumber } = result.value;
    if (kind === 'mobile') return `${normalized.slice(0, 3)}****${normalized.slice(-4)}`;
    const local = localNumber ?? '';
    return `${areaCode ?? ''}-${'*'.repeat(local.length - 4)}${local.slice(-4)}`;
  }
  const compact = compactPhone(input);
  if (compact.length < 8) return '*'.repeat(compact.length);
  return `${compact.slice(0, 3)}${'*'.repeat(compact.length - 7)}${compact.slice(-4)}`;
}
