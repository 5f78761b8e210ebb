import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskPhone, normalizePhone, validatePhone } from './phone.ts';
import { problemsOf } from './problem.ts';

describe('validatePhone: mobile', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['19912345678', '19912345678'], // 19x, the highest prefix
    ['13012345678', '13012345678'], // 13x, the lowest prefix
    [' 138 0013 8000 ', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-13800138000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['(+86)13800138000', '13800138000'],
    ['\u200B13800138000\u00A0', '13800138000'],
  ])('%j → %s', (input, normalized) => {
    expect(validatePhone(input)).toEqual({
      ok: true,
      value: { kind: 'mobile', normalized, line: normalized },
      warnings: [],
    });
  });
});

describe('validatePhone: landline', () => {
  it.each([
    ['0350-1234567', '0350', '1234567', undefined],
    ['(0350)1234567', '0350', '1234567', undefined],
    ['（0350）1234567', '0350', '1234567', undefined],
    ['(0350)-1234567', '0350', '1234567', undefined],
    ['03501234567', '0350', '1234567', undefined],
    ['0350 1234567', '0350', '1234567', undefined],
    ['0350—1234567', '0350', '1234567', undefined],
    ['010-12345678', '010', '12345678', undefined],
    ['01012345678', '010', '12345678', undefined],
    ['02112345678', '021', '12345678', undefined],
    ['0351-7654321', '0351', '7654321', undefined],
    ['035112345678', '0351', '12345678', undefined],
    ['0350-1234567-89', '0350', '1234567', '89'],
    ['0350-1234567转8001', '0350', '1234567', '8001'],
    ['0350-1234567 分机 8001', '0350', '1234567', '8001'],
    ['(0350)1234567 ext. 12', '0350', '1234567', '12'],
    ['+86 350 1234567', '0350', '1234567', undefined],
    ['+86 10 12345678', '010', '12345678', undefined],
  ])('%j → area %s, number %s, extension %s', (input, areaCode, localNumber, extension) => {
    const line = `${areaCode}-${localNumber}`;
    const result = validatePhone(input);
    expect(result).toEqual({
      ok: true,
      value: {
        kind: 'landline',
        normalized: extension ? `${line}-${extension}` : line,
        line,
        areaCode,
        localNumber,
        ...(extension ? { extension } : {}),
      },
      warnings: [],
    });
  });
});

describe('validatePhone: rejections', () => {
  it.each([
    ['', 'phone_blank'],
    ['  ', 'phone_blank'],
    ['1380013800', 'phone_format'], // 10 digits
    ['138001380001', 'phone_format'], // 12 digits, not a landline either
    ['12012345678', 'phone_format'], // 12x is no mobile prefix
    ['11012345678', 'phone_format'],
    ['8613800138000', 'phone_format'], // country code without + or 00 is ambiguous
    ['13800138000-12', 'phone_format'], // mobiles have no extension
    ['0350-123456', 'phone_format'], // 6-digit local number
    ['0350-123456789', 'phone_format'], // 9-digit local number
    ['0350-0234567', 'phone_format'], // local number starting with 0
    ['011-12345678', 'phone_format'], // 011 is no area code
    ['035-1234567', 'phone_format'], // 03x must be 4 characters
    ['01012-345678', 'phone_format'],
    ['1234567', 'phone_missing_area_code'],
    ['12345678', 'phone_missing_area_code'],
    ['abc', 'phone_format'],
  ])('%j → %s', (input, code) => {
    expect(problemsOf(validatePhone(input)).map((p) => p.code)).toEqual([code]);
  });

  it('explains a wrong mobile prefix', () => {
    const result = validatePhone('12012345678', { field: 'contactPhone' });
    expect(result.ok ? undefined : result.problems[0]).toEqual({
      code: 'phone_format',
      field: 'contactPhone',
      severity: 'error',
      message: '手机号码12012345678的号段不存在，手机号码以13–19开头',
    });
  });
});

describe('normalizePhone and maskPhone', () => {
  it.each([
    ['+86 138 0013 8000', '13800138000', '138****8000'],
    ['(0350)1234567', '0350-1234567', '0350-***4567'],
    ['010-12345678-9', '010-12345678-9', '010-****5678'],
    ['not a phone', undefined, 'not**hone'],
    ['12345', undefined, '*****'],
  ])('%j → %s, masked %s', (input, normalized, masked) => {
    expect(normalizePhone(input)).toBe(normalized);
    expect(maskPhone(input)).toBe(masked);
  });
});

describe('properties', () => {
  const mobile = fc
    .tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 }))
    .map(([second, rest]) => `1${second}${String(rest).padStart(9, '0')}`);

  it('every mobile number in any accepted spelling normalises to its 11 digits, masked 3 + 4', () => {
    fc.assert(
      fc.property(
        mobile,
        fc.constantFrom('', '+86', '0086', '+86 ', '(+86)'),
        fc.boolean(),
        (number, prefix, spaced) => {
          const body = spaced ? `${number.slice(0, 3)} ${number.slice(3, 7)} ${number.slice(7)}` : number;
          expect(normalizePhone(prefix + body)).toBe(number);
          expect(maskPhone(prefix + body)).toBe(`${number.slice(0, 3)}****${number.slice(7)}`);
        },
      ),
    );
  });

  it('a landline reads the same with or without its separator', () => {
    const area = fc.oneof(
      fc.constantFrom('010', '020', '021', '029'),
      fc.integer({ min: 300, max: 999 }).map((n) => `0${n}`),
    );
    const local = fc
      .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 9_999_999 }), fc.boolean())
      .map(
        ([first, rest, eight]) =>
          `${first}${String(rest)
            .padStart(eight ? 7 : 6, '0')
            .slice(0, eight ? 7 : 6)}`,
      );
    fc.assert(
      fc.property(area, local, (areaCode, localNumber) => {
        const expected = `${areaCode}-${localNumber}`;
        expect(normalizePhone(`${areaCode}${localNumber}`)).toBe(expected);
        expect(normalizePhone(`(${areaCode})${localNumber}`)).toBe(expected);
        expect(normalizePhone(expected)).toBe(expected);
      }),
    );
  });

  it('normalising is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (input) => {
        const once = normalizePhone(input);
        if (once !== undefined) expect(normalizePhone(once)).toBe(once);
      }),
    );
  });
});
