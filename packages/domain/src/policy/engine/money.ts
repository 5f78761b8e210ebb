/** Money is integer fen (分); every division rounds explicitly (floor to the fen). */
import type { ParameterData, Ratio } from './types.ts';

/** floor(amount × numerator / denominator), exact for any safe integers (BigInt when the product is large). */
export function mulDivFloor(amount: number, numerator: number, denominator: number): number {
  const product = amount * numerator;
  if (Number.isSafeInteger(product)) return Math.floor(product / denominator);
  const big = BigInt(amount) * BigInt(numerator);
  const d = BigInt(denominator);
  let q = big / d;
  if (big % d !== 0n && big < 0n !== d < 0n) q -= 1n;
  return Number(q);
}

/** True when a / b ≥ ratio, compared in integers (employed × 100 ≥ trained × 80). */
export function isRatioAtLeast(numerator: number, denominator: number, ratio: Ratio): boolean {
  return numerator * ratio.denominator >= denominator * ratio.numerator;
}

export function isRatio(value: unknown): value is Ratio {
  return (
    typeof value === 'object' &&
    value !== null &&
    'numerator' in value &&
    'denominator' in value &&
    Number.isSafeInteger((value as Ratio).numerator) &&
    Number.isSafeInteger((value as Ratio).denominator) &&
    (value as Ratio).denominator > 0 &&
    (value as Ratio).numerator >= 0
  );
}

/** 80000 → '800元', 12345 → '123.45元'. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${yuan}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`}元`;
}

/** 80/100 → '80%', 2/3 → '三分之二' style '2/3', 1/1 → '100%'. */
export function formatRatio(ratio: Ratio): string {
  if (ratio.denominator === 100) return `${ratio.numerator}%`;
  if (ratio.numerator === ratio.denominator) return '100%';
  return `${ratio.numerator}/${ratio.denominator}`;
}

export function compareRatio(a: Ratio, b: Ratio): number {
  return a.numerator * b.denominator - b.numerator * a.denominator;
}

/** Smaller (or larger, with sign −1) of two parameter values of the same shape. */
export function combineParameterData(a: ParameterData, b: ParameterData, pick: 'min' | 'max'): ParameterData {
  const sign = pick === 'min' ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return sign * (a - b) <= 0 ? a : b;
  if (isRatio(a) && isRatio(b)) return sign * compareRatio(a, b) <= 0 ? a : b;
  if (typeof a === 'object' && typeof b === 'object' && !isRatio(a) && !isRatio(b)) {
    const result: Record<string, number> = { ...a };
    for (const [key, value] of Object.entries(b)) {
      const current = result[key];
      result[key] = current === undefined ? value : sign * (current - value) <= 0 ? current : value;
    }
    return result;
  }
  return b;
}
