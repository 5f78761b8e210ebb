import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isLuhnValid, maskBankAccount, normalizeBankAccount, validateBankAccount } from './bank-account.ts';
import { problemsOf } from './problem.ts';

const codesOf = (input: string) =>
  problemsOf(validateBankAccount(input)).map((p) => `${p.severity}:${p.code}`);

describe('isLuhnValid (ISO/IEC 7812-1 Annex B)', () => {
  it.each([
    ['79927398713', true], // the textbook example
    ['79927398710', false],
    ['4111111111111111', true],
    ['6228480012345671', true],
    ['6228480012345672', false],
    ['', false],
    ['12a4', false],
  ])('%s → %s', (digits, valid) => {
    expect(isLuhnValid(digits)).toBe(valid);
  });
});

describe('validateBankAccount', () => {
  it.each([
    ['6228480012345671', '6228480012345671', []], // 16-digit card, Luhn ok
    ['6217 0012 3456 7890 122', '6217001234567890122', []], // 19-digit card as printed, Luhn ok
    ['6228-4800-1234-5671', '6228480012345671', []],
    ['６２２８４８００１２３４５６７１', '6228480012345671', []],
    ['123456789012', '123456789012', []], // 12 digits, the shortest; Luhn not applied
    ['123456789012345', '123456789012345', []], // 15 digits: not card length, Luhn not applied
    ['6228480012345672', '6228480012345672', ['warning:bank_account_luhn']], // 16: Luhn applies
    ['6217001234567890123', '6217001234567890123', ['warning:bank_account_luhn']], // 19: Luhn applies
    ['62170012345678901234', '62170012345678901234', []], // 20: beyond card length
    ['123456789012345678901234567890', '123456789012345678901234567890', []], // 30, the longest
  ])('%j → %s %j', (input, account, codes) => {
    const result = validateBankAccount(input);
    expect(result.ok && result.value).toBe(account);
    expect(problemsOf(result).map((p) => `${p.severity}:${p.code}`)).toEqual(codes);
  });

  it.each([
    ['', 'error:bank_account_blank'],
    ['12345678901', 'error:bank_account_length'], // 11 digits
    ['1234567890123456789012345678901', 'error:bank_account_length'], // 31 digits
    ['6228 4800 1234 567X', 'error:bank_account_format'],
    ['账号6228480012345671', 'error:bank_account_format'],
  ])('rejects %j → %s', (input, code) => {
    expect(codesOf(input)).toEqual([code]);
  });

  it('tells the length it found', () => {
    const result = validateBankAccount('12345', { field: 'payee.account' });
    expect(result.ok ? undefined : result.problems[0]).toEqual({
      code: 'bank_account_length',
      field: 'payee.account',
      severity: 'error',
      message: '银行账号应为12–30位数字，实际为5位',
    });
  });
});

describe('maskBankAccount', () => {
  it.each([
    ['6228480012345671', '************5671'],
    ['6228 4800 1234 5671', '************5671'],
    ['1234', '****'],
    ['', ''],
  ])('%j → %s', (input, masked) => {
    expect(maskBankAccount(input)).toBe(masked);
  });

  it('keeps the length and only the last 4 digits (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12,30}$/), (account) => {
        const masked = maskBankAccount(account);
        expect(masked).toHaveLength(account.length);
        expect(masked.slice(-4)).toBe(account.slice(-4));
        expect(/^\*+$/u.test(masked.slice(0, -4))).toBe(true);
      }),
    );
  });
});

describe('properties', () => {
  it('every string of 12–30 digits is accepted; a Luhn warning only on 16–19 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12,30}$/), (account) => {
        const result = validateBankAccount(account);
        expect(result.ok).toBe(true);
        const warned = problemsOf(result).length > 0;
        expect(warned).toBe(account.length >= 16 && account.length <= 19 && !isLuhnValid(account));
      }),
    );
  });

  it('normalising is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (input) => {
        const once = normalizeBankAccount(input);
        expect(normalizeBankAccount(once)).toBe(once);
      }),
    );
  });
});
