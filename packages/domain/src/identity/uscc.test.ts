import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { problemsOf } from './problem.ts';
import { seededRng } from './rng.ts';
import {
  computeOrganizationCheckCharacter,
  computeUsccCheckCharacter,
  generateUscc,
  USCC_CHARACTERS,
  validateUscc,
} from './uscc.ts';

const codesOf = (input: string) => problemsOf(validateUscc(input)).map((p) => `${p.severity}:${p.code}`);

describe('validateUscc (GB 32100-2015)', () => {
  it.each([
    ['91350100M000100Y43', '91', '350100', 'M000100Y4'], // the example printed in GB 32100-2015
    ['91330100716105852F', '91', '330100', '716105852'], // published codes of well-known companies
    ['91440300708461136T', '91', '440300', '708461136'],
    ['914403001922038216', '91', '440300', '192203821'],
  ])('%s is valid', (uscc, entityTypeCode, regionCode6, organizationCode) => {
    expect(validateUscc(uscc)).toEqual({
      ok: true,
      value: {
        uscc,
        registrationAuthorityCode: entityTypeCode.slice(0, 1),
        entityTypeCode,
        regionCode6,
        organizationCode,
      },
      warnings: [],
    });
  });

  it.each([
    ['lower case', '91350100m000100y43'],
    ['spaces', ' 9135 0100 M000 100Y 43 '],
    ['full-width', '９１３５０１００Ｍ０００１００Ｙ４３'],
  ])('normalises %s', (_label, input) => {
    const result = validateUscc(input);
    expect(result.ok && result.value.uscc).toBe('91350100M000100Y43');
  });

  it.each([
    ['blank', '', ['error:uscc_blank']],
    ['17 characters', '91350100M000100Y4', ['error:uscc_format']],
    ['19 characters', '91350100M000100Y431', ['error:uscc_format']],
    ['letter I', '91350100I000100Y43', ['error:uscc_characters']],
    ['letter O', '91350100O000100Y43', ['error:uscc_characters']],
    ['letter Z', '91350100Z000100Y43', ['error:uscc_characters']],
    ['letter S', '91350100S000100Y43', ['error:uscc_characters']],
    ['letter V', '91350100V000100Y43', ['error:uscc_characters']],
    ['punctuation', '91350100-000100Y43', ['error:uscc_characters']],
    ['wrong check character', '91350100M000100Y44', ['error:uscc_check_character']],
    [
      'letters in the region code',
      `9135A100M000100Y4${computeUsccCheckCharacter('9135A100M000100Y4')}`,
      ['error:uscc_region'],
    ],
    [
      'organisation code failing GB 11714 only',
      `91350100M000100Y5${computeUsccCheckCharacter('91350100M000100Y5')}`,
      ['warning:uscc_organization_code'],
    ],
  ])('%s → %j', (_label, input, codes) => {
    expect(codesOf(input)).toEqual(codes);
  });

  it('lets a code through with a warning when only the organisation code check fails', () => {
    const input = `91350100M000100Y5${computeUsccCheckCharacter('91350100M000100Y5')}`;
    const result = validateUscc(input, { field: 'employer.uscc' });
    expect(result.ok).toBe(true);
    expect(problemsOf(result)[0]?.field).toBe('employer.uscc');
  });

  it('names the forbidden characters', () => {
    const result = validateUscc('91350100I00O100Y43');
    expect(result.ok ? '' : result.problems[0]?.message).toBe(
      '统一社会信用代码含有不允许的字符I、O（只能是数字和除I、O、Z、S、V以外的大写字母）',
    );
  });
});

describe('check characters', () => {
  it('GB 11714: 10 is written X and 11 is written 0', () => {
    expect(computeOrganizationCheckCharacter('M000100Y')).toBe('4');
    expect(computeOrganizationCheckCharacter('00000001')).toBe('9'); // 11 − 2
    expect(computeOrganizationCheckCharacter('40000000')).toBe('X'); // 11 − (12 mod 11) = 10
    expect(computeOrganizationCheckCharacter('00000000')).toBe('0'); // 11 − 0 = 11
    expect(computeOrganizationCheckCharacter('0000000')).toBeUndefined();
  });

  it('refuses 17 characters outside the set', () => {
    expect(() => computeUsccCheckCharacter('91350100I000100Y4')).toThrow(RangeError);
  });
});

describe('generateUscc', () => {
  it('generates valid codes of the asked region and type, with no warning (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 110000, max: 659999 }),
        fc.constantFrom('91', '92', '93', '12', '51', '52', 'Y1'),
        (seed, region, entityTypeCode) => {
          const regionCode6 = String(region);
          const uscc = generateUscc(seededRng(seed), { regionCode6, entityTypeCode });
          const result = validateUscc(uscc);
          expect(result.ok && result.warnings).toEqual([]);
          expect(result.ok && result.value.regionCode6).toBe(regionCode6);
          expect(result.ok && result.value.entityTypeCode).toBe(entityTypeCode);
        },
      ),
    );
  });

  it('any single changed character is caught (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 30 }),
        (seed, position, shift) => {
          const uscc = generateUscc(seededRng(seed), { regionCode6: '140902' });
          const replaced =
            USCC_CHARACTERS[(USCC_CHARACTERS.indexOf(uscc[position] ?? '0') + shift) % 31] ?? '0';
          const changed = uscc.slice(0, position) + replaced + uscc.slice(position + 1);
          expect(validateUscc(changed).ok).toBe(false);
        },
      ),
    );
  });

  it('refuses impossible inputs', () => {
    expect(() => generateUscc(Math.random, { regionCode6: '1409' })).toThrow(RangeError);
    expect(() => generateUscc(Math.random, { regionCode6: '140902', entityTypeCode: 'I1' })).toThrow(
      RangeError,
    );
  });
});
