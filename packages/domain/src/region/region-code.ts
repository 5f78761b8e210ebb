/**
 * 统计用区划代码 (statistical region codes): 12 digits, province 2 + city 2 + county 2 + township 3 + village 3.
 * A code of a higher level is padded with zeros (山西省 = 140000000000, 忻州市 = 140900000000).
 */

export type RegionLevel = 1 | 2 | 3 | 4 | 5;

export const REGION_LEVEL_NAMES: Record<RegionLevel, string> = {
  1: '省',
  2: '市',
  3: '县',
  4: '乡',
  5: '村',
};

/** Number of significant digits of each level. */
export const SIGNIFICANT_DIGITS: Record<RegionLevel, number> = { 1: 2, 2: 4, 3: 6, 4: 9, 5: 12 };

const LEVELS: RegionLevel[] = [1, 2, 3, 4, 5];

/** True for a string of exactly 12 digits whose padding is consistent with one level. */
export function isRegionCode(code: string): boolean {
  if (!/^\d{12}$/.test(code)) return false;
  const level = regionLevel(code);
  // Every segment down to the code's own level must be non-zero (segment 00 of a province is no province), except
  // the county segment of a township in a city without counties (东莞市 4419, 中山市 4420, 儋州市 4604: 441900003000).
  return LEVELS.filter((l) => l <= level).every((l) => {
    const start = l === 1 ? 0 : SIGNIFICANT_DIGITS[(l - 1) as RegionLevel];
    if (l === 3 && level > 3 && code.slice(4, 6) === '00') return true;
    return !/^0+$/.test(code.slice(start, SIGNIFICANT_DIGITS[l]));
  });
}

/** Level of a 12-digit code, read from its trailing zeros. */
export function regionLevel(code: string): RegionLevel {
  if (code.endsWith('0000000000')) return 1;
  if (code.endsWith('00000000')) return 2;
  if (code.endsWith('000000')) return 3;
  if (code.endsWith('000')) return 4;
  return 5;
}

/** The significant prefix of a code: 14 for 山西省, 1409 for 忻州市, 140902 for 忻府区 … */
export function regionPrefix(code: string): string {
  return code.slice(0, SIGNIFICANT_DIGITS[regionLevel(code)]);
}

/** Pads a 2-, 4-, 6-, 9- or 12-digit code to 12 digits; undefined for anything else. */
export function normalizeRegionCode(input: string): string | undefined {
  const code = input.trim();
  if (!/^\d+$/.test(code) || ![2, 4, 6, 9, 12].includes(code.length)) return undefined;
  const padded = code.padEnd(12, '0');
  return isRegionCode(padded) ? padded : undefined;
}

/** Codes of the ancestors of a code, from the province down, excluding the code itself. */
export function ancestorCodes(code: string): string[] {
  const level = regionLevel(code);
  const codes = LEVELS.filter((l) => l < level).map((l) =>
    code.slice(0, SIGNIFICANT_DIGITS[l]).padEnd(12, '0'),
  );
  // A township of a city without counties has no county of its own: its county-level prefix is the city itself.
  return [...new Set(codes)];
}

export function parentCode(code: string): string | undefined {
  return ancestorCodes(code).at(-1);
}

/** True when `code` lies inside (or is) the region `scopeCode`. */
export function isWithinRegion(code: string, scopeCode: string): boolean {
  return code.startsWith(regionPrefix(scopeCode));
}

/** True when `code` lies inside any of the scope's regions. An empty scope contains nothing. */
export function isWithinScope(code: string, scope: readonly string[]): boolean {
  return scope.some((scopeCode) => isWithinRegion(code, scopeCode));
}

/** True when every region of `inner` lies inside `outer` (a user can delegate only what they hold). */
export function isScopeWithin(inner: readonly string[], outer: readonly string[]): boolean {
  return inner.every((code) => isWithinScope(code, outer));
}

/** Drops codes already covered by another code of the same scope, and sorts the rest. */
export function simplifyScope(scope: readonly string[]): string[] {
  const unique = [...new Set(scope)];
  return unique
    .filter((code) => !unique.some((other) => other !== code && isWithinRegion(code, other)))
    .sort();
}
