import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { characterClassCount, checkPasswordStrength, isPasswordExpired } from './password-policy.ts';

describe('password policy', () => {
  it.each([
    ['Abc12345', []],
    ['Abc1234', ['too_short']],
    ['abcdefgh', ['too_few_classes']],
    ['abcdefg1', ['too_few_classes']],
    ['abcdef1!', []],
    ['Zhang3-Secret', ['contains_username']],
  ])('%s → %j', (password, problems) => {
    expect(checkPasswordStrength(password, 'zhang3')).toEqual(problems);
  });

  it('expires after 90 days, not before', () => {
    const changed = '2026-01-01T00:00:00.000Z';
    expect(isPasswordExpired(changed, new Date('2026-04-01T00:00:00.000Z'))).toBe(false); // day 90
    expect(isPasswordExpired(changed, new Date('2026-04-01T00:00:00.001Z'))).toBe(true);
  });

  it('accepts any password of 8+ characters from 3 classes without the username (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 40 }), (password) => {
        const problems = checkPasswordStrength(password, 'someone-not-in-it');
        const ok =
          [...password].length >= 8 &&
          password.length <= 128 &&
          characterClassCount(password) >= 3 &&
          !password.toLowerCase().includes('someone-not-in-it');
        expect(problems.length === 0).toBe(ok);
      }),
    );
  });
});
