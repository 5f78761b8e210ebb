/**
 * 等保 2.0 三级 8.1.4.1 身份鉴别: passwords of at least 8 characters with 3 of the 4 character classes, not
 * containing the username, not a common or easily guessed one, changed every 90 days; 5 failed logins from one
 * client address lock the account for that address for 30 minutes.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_AGE_DAYS = 90;
export const PASSWORD_HISTORY_SIZE = 5;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 30;
export const SESSION_IDLE_MINUTES = 30;
export const SESSION_ABSOLUTE_HOURS = 12;
/** A one-time password (issued by the security administrator or a managing staff member) is valid this long. */
export const ONE_TIME_PASSWORD_HOURS = 72;

/** `too_common` is found on the server (a common-password dictionary too large for the browser). */
export type PasswordProblem =
  'too_short' | 'too_long' | 'too_few_classes' | 'contains_username' | 'too_common';

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `密码长度至少 ${PASSWORD_MIN_LENGTH} 位`,
  too_long: '密码长度不能超过 128 位',
  too_few_classes: '密码须包含大写字母、小写字母、数字、特殊字符中的至少 3 类',
  contains_username: '密码不能包含用户名',
  too_common: '密码过于常见或容易被猜到，请换一个更长、更不规则的密码',
};

export function characterClassCount(password: string): number {
  return [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
}

export function checkPasswordStrength(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (password.length > 128) problems.push('too_long');
  if (characterClassCount(password) < 3) problems.push('too_few_classes');
  if (username.length > 0 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push('contains_username');
  }
  return problems;
}

export function isPasswordExpired(passwordChangedAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(passwordChangedAt) > PASSWORD_MAX_AGE_DAYS * 86_400_000;
}
