import crypto from 'node:crypto';

/**
 * A random password that satisfies the policy: 16 characters from four classes (about 90 bits), far above the
 * common-password check's bar. The first-start passwords and every one-time password are drawn here.
 */
export function generatePassword(): string {
  const pick = (alphabet: string, count: number) =>
    Array.from({ length: count }, () => alphabet[crypto.randomInt(alphabet.length)]).join('');
  const chars = [
    ...pick('ABCDEFGHJKLMNPQRSTUVWXYZ', 4),
    ...pick('abcdefghijkmnopqrstuvwxyz', 6),
    ...pick('23456789', 4),
    ...pick('!@#%*-_+', 2),
  ];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
