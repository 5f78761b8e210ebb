/**
 * Bank account numbers for subsidy disbursement (补贴发放 to a 社保卡 or 银行卡/存折). China has no national format
 * for account numbers: card numbers follow ISO/IEC 7812 (银联 62…, 16–19 digits, Luhn check digit), but passbook
 * (存折), 社保卡 financial sub-accounts and many 农商行/信用社 accounts are bank-internal numbers without Luhn. So
 * only the shape is an error; a failed Luhn check on a card-length number is a warning to confirm, never a refusal.
 */
import type { Checked, Problem } from './problem.ts';
import { error, fail, settle, warning } from './problem.ts';
import { removeSpaces, toHalfWidth } from './text.ts';

export const BANK_ACCOUNT_MIN_DIGITS = 12;
export const BANK_ACCOUNT_MAX_DIGITS = 30;

export type BankAccountProblemCode =
  'bank_account_blank' | 'bank_account_format' | 'bank_account_length' | 'bank_account_luhn';

/** Half-width, with spaces and hyphens (as printed on cards and passbooks) removed. */
export function normalizeBankAccount(input: string): string {
  return removeSpaces(toHalfWidth(input)).replace(/[-\u2010-\u2015]/gu, '');
}

/** ISO/IEC 7812-1 Annex B (Luhn): doubling every second digit from the right, the sum is a multiple of 10. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/u.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    const digit = Number(digits[digits.length - 1 - i]);
    const value = i % 2 === 1 ? digit * 2 : digit;
    sum += value > 9 ? value - 9 : value;
  }
  return sum % 10 === 0;
}

/** Digits only, 12–30 of them; Luhn is checked (as a warning) on card-length numbers of 16–19 digits. */
export function validateBankAccount(
  input: string,
  options: { readonly field?: string } = {},
): Checked<string, BankAccountProblemCode> {
  const field = options.field ?? 'bankAccount';
  const account = normalizeBankAccount(input);
  if (account === '') return fail([error('bank_account_blank', field, '银行账号不能为空')]);
  if (!/^\d+$/u.test(account)) return fail([error('bank_account_format', field, '银行账号只能由数字组成')]);
  if (account.length < BANK_ACCOUNT_MIN_DIGITS || account.length > BANK_ACCOUNT_MAX_DIGITS) {
    return fail([
      error(
        'bank_account_length',
        field,
        `银行账号应为${BANK_ACCOUNT_MIN_DIGITS}–${BANK_ACCOUNT_MAX_DIGITS}位数字，实际为${account.length}位`,
      ),
    ]);
  }
  const problems: Problem<BankAccountProblemCode>[] = [];
  if (account.length >= 16 && account.length <= 19 && !isLuhnValid(account)) {
    problems.push(
      warning(
        'bank_account_luhn',
        field,
        '银行卡号未通过校验（银行卡号一般符合Luhn校验，存折等账号可能不符合），请核对账号是否录入有误',
      ),
    );
  }
  return settle(account, problems);
}

/** Masked for lists and exports: only the last 4 digits visible, the length kept (************1234). */
export function maskBankAccount(input: string): string {
  const account = normalizeBankAccount(input);
  if (account.length <= 4) return '*'.repeat(account.length);
  return `${'*'.repeat(account.length - 4)}${account.slice(-4)}`;
}
