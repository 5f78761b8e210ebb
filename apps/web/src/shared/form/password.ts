const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '!@#%*-_+';

function pick(alphabet: string, count: number): string[] {
  const bytes = crypto.getRandomValues(new Uint32Array(count));
  return [...bytes].map((n) => alphabet[n % alphabet.length]!);
}

/**
 * A random initial password that meets the policy (all four character classes, 12 characters) and avoids look-alike
 * characters (0/O, 1/l/I), so it can be read out over the phone.
 */
export function generateInitialPassword(): string {
  const chars = [...pick(UPPER, 3), ...pick(LOWER, 5), ...pick(DIGITS, 3), ...pick(SYMBOLS, 1)];
  const order = crypto.getRandomValues(new Uint32Array(chars.length));
  return chars
    .map((char, i) => ({ char, key: order[i]! }))
    .sort((a, b) => a.key - b.key)
    .map((item) => item.char)
    .join('');
}
