import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ancestorCodes,
  isRegionCode,
  isScopeWithin,
  isWithinScope,
  normalizeRegionCode,
  parentCode,
  regionLevel,
  regionPrefix,
  simplifyScope,
} from './region-code.ts';

describe('region codes', () => {
  it.each([
    ['140000000000', 1, '14'],
    ['140900000000', 2, '1409'],
    ['140902000000', 3, '140902'],
    ['140902001000', 4, '140902001'],
    ['140902001001', 5, '140902001001'],
  ] as const)('%s is level %i with prefix %s', (code, level, prefix) => {
    expect(regionLevel(code)).toBe(level);
    expect(regionPrefix(code)).toBe(prefix);
    expect(isRegionCode(code)).toBe(true);
  });

  it.each(['', '14', '1409000000001', '14090000000a', '000000000000', '001400000000'])(
    'rejects %j',
    (code) => {
      expect(isRegionCode(code)).toBe(false);
    },
  );

  it('normalises short codes to 12 digits', () => {
    expect(normalizeRegionCode('14')).toBe('140000000000');
    expect(normalizeRegionCode(' 1409 ')).toBe('140900000000');
    expect(normalizeRegionCode('140902001')).toBe('140902001000');
    expect(normalizeRegionCode('14090')).toBeUndefined();
    expect(normalizeRegionCode('abc')).toBeUndefined();
  });

  it('lists ancestors from the province down', () => {
    expect(ancestorCodes('140902001001')).toEqual([
      '140000000000',
      '140900000000',
      '140902000000',
      '140902001000',
    ]);
    expect(parentCode('140000000000')).toBeUndefined();
    expect(parentCode('140902000000')).toBe('140900000000');
  });

  it('checks scope by significant prefix', () => {
    expect(isWithinScope('140902001001', ['140900000000'])).toBe(true);
    expect(isWithinScope('141002001001', ['140900000000'])).toBe(false);
    expect(isWithinScope('140902001001', [])).toBe(false);
    // 1409 must not match 140 of another city: prefixes are compared at the scope's own level.
    expect(isWithinScope('140100000000', ['140902000000'])).toBe(false);
    expect(isScopeWithin(['140902000000'], ['140900000000'])).toBe(true);
    expect(isScopeWithin(['140902000000', '141000000000'], ['140900000000'])).toBe(false);
  });

  it('accepts the townships of cities without counties (东莞市)', () => {
    expect(isRegionCode('441900003000')).toBe(true);
    expect(isRegionCode('441900003001')).toBe(true);
    expect(isRegionCode('441900000000')).toBe(true);
    expect(ancestorCodes('441900003001')).toEqual(['440000000000', '441900000000', '441900003000']);
    expect(parentCode('441900003000')).toBe('441900000000');
  });

  it('simplifies a scope', () => {
    expect(simplifyScope(['140902000000', '140900000000', '140900000000'])).toEqual(['140900000000']);
  });

  it('every ancestor contains its descendant (property)', () => {
    const segment = (n: number) =>
      fc.integer({ min: 1, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0'));
    fc.assert(
      fc.property(segment(2), segment(2), segment(2), segment(3), segment(3), (p, c, d, t, v) => {
        const code = p + c + d + t + v;
        for (const ancestor of ancestorCodes(code)) {
          expect(isWithinScope(code, [ancestor])).toBe(true);
          expect(isWithinScope(ancestor, [code])).toBe(false);
        }
      }),
    );
  });
});
