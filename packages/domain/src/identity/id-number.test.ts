import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatIsoDate, daysInMonth } from './calendar.ts';
import {
  ageOn,
  checkDeclared,
  computeIdCheckCharacter,
  convertLegacyIdNumber,
  generateIdNumber,
  maskIdNumber,
  normalizeIdNumber,
  PROVINCE_CODES,
  validateIdNumber,
} from './id-number.ts';
import { problemsOf } from './problem.ts';
import { seededRng } from './rng.ts';

const today = '2025-06-10';
const codesOf = (input: string, on = today) =>
  problemsOf(validateIdNumber(input, { today: on })).map((p) => p.code);

const dateArbitrary = (from: number, to: number) =>
  fc
    .record({
      year: fc.integer({ min: from, max: to }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.nat(),
    })
    .map(({ year, month, day }) => formatIsoDate(year, month, 1 + (day % daysInMonth(year, month))));

describe('ID number check character (GB 11643-1999 §7.2)', () => {
  it.each([
    ['11010519491231002', 'X'], // the standard's own example
    ['44052418800101001', '4'], // the standard's own example
    ['14090219900101123', '2'],
    ['14092219800101002', 'X'],
  ])('%s → %s', (first17, check) => {
    expect(computeIdCheckCharacter(first17)).toBe(check);
  });

  it('refuses anything but 17 digits', () => {
    expect(() => computeIdCheckCharacter('1409021990010112')).toThrow(RangeError);
  });
});

describe('validateIdNumber', () => {
  it.each([
    ['11010519491231002X', '110105', '1949-12-31', '2'],
    ['140902199001011232', '140902', '1990-01-01', '1'],
    ['14092219800101002X', '140922', '1980-01-01', '2'],
    ['140902200002290013', '140902', '2000-02-29', '1'], // a leap day
    ['710000199001010015', '710000', '1990-01-01', '1'], // 71 台湾
    ['820000199001010010', '820000', '1990-01-01', '1'], // 82 澳门
  ])('%s is valid: region %s, born %s, sex %s', (input, region, birthDate, sex) => {
    const result = validateIdNumber(input, { today });
    expect(result).toEqual({
      ok: true,
      value: {
        idNumber: input,
        regionCode6: region,
        provinceCode: region.slice(0, 2),
        birthDate,
        sex,
        converted: false,
      },
      warnings: [],
    });
  });

  it.each([
    ['lower-case x', '14092219800101002x'],
    ['surrounding and inner spaces', ' 140922 19800101 002X '],
    ['full-width digits and letter', '１４０９２２１９８００１０１００２Ｘ'],
    ['full-width lower-case x', '14092219800101002ｘ'],
    ['ideographic space, NBSP, zero-width space', '\u3000140922\u00A019800101\u200B002X'],
    ['tab and newline', '\t14092219800101002X\n'],
  ])('normalises %s', (_label, input) => {
    const result = validateIdNumber(input, { today });
    expect(result.ok && result.value.idNumber).toBe('14092219800101002X');
  });

  it.each([
    ['blank', '', ['id_number_blank']],
    ['only spaces', ' \u3000 ', ['id_number_blank']],
    ['17 digits', '14090219900101123', ['id_number_format']],
    ['19 digits', '1409021990010112320', ['id_number_format']],
    ['X inside', '1409021990X1011232', ['id_number_format']],
    ['letter at the end of a 15-digit number', '14090290010112X', ['id_number_format']],
    ['other letter at the end', '14092219800101002Y', ['id_number_format']],
    ['province 00', '000000199001010018', ['id_number_region']],
    ['province 10 (no such code)', '100000199001010011', ['id_number_region']],
    ['province 16 (just above 15)', '160000199001010012', ['id_number_region']],
    ['province 66 (just above 65)', '660000199001010010', ['id_number_region']],
    ['province 70 (just below 71)', '700000199001010013', ['id_number_region']],
    ['province 83 (just above 82)', '830000199001010012', ['id_number_region']],
    ['30 February', '140902199002301231', ['id_number_birth_date']],
    ['month 13', '14090219901301123X', ['id_number_birth_date']],
    ['day 00', '140902199001001237', ['id_number_birth_date']],
    ['1900-02-29 (1900 is not a leap year)', '140902190002291239', ['id_number_birth_date']],
    ['1899-12-31, the day before the earliest', '140902189912311237', ['id_number_birth_date_too_early']],
    ['1880 (the standard example)', '440524188001010014', ['id_number_birth_date_too_early']],
    ['the day after today', '140902202506111233', ['id_number_birth_date_future']],
    ['wrong check digit', '140902199001011233', ['id_number_check_digit']],
    ['X where a digit is due', '14090219900101123X', ['id_number_check_digit']],
    [
      'several problems at once',
      '990902199002301230',
      ['id_number_region', 'id_number_birth_date', 'id_number_check_digit'],
    ],
  ])('rejects %s', (_label, input, codes) => {
    expect(codesOf(input)).toEqual(codes);
  });

  it('accepts the earliest birth date 1900-01-01 and a birth today', () => {
    expect(codesOf('140902190001011231')).toEqual([]);
    expect(codesOf(`14090220250610123${computeIdCheckCharacter('14090220250610123')}`)).toEqual([]);
  });

  it('names the field it was told', () => {
    const result = validateIdNumber('1', { today, field: 'members[2].idNumber' });
    expect(result.ok ? [] : result.problems.map((p) => p.field)).toEqual(['members[2].idNumber']);
  });

  it('says what is wrong in Chinese', () => {
    const result = validateIdNumber('14090219900101', { today });
    expect(result.ok ? '' : result.problems[0]?.message).toBe('证件号码应为18位（或15位旧号码），实际为14位');
  });
});

describe('15-digit legacy numbers', () => {
  it('converts by inserting 19 and computing the check character', () => {
    expect(convertLegacyIdNumber('140902900101123')).toBe('140902199001011232');
    expect(convertLegacyIdNumber(' 140902 900101 123 ')).toBe('140902199001011232');
    expect(convertLegacyIdNumber('14090290010112')).toBeUndefined();
    expect(convertLegacyIdNumber('140902199001011232')).toBeUndefined();
  });

  it('validates and derives from the converted number', () => {
    expect(validateIdNumber('140902900101124', { today })).toEqual({
      ok: true,
      value: {
        idNumber: '140902199001011240',
        regionCode6: '140902',
        provinceCode: '14',
        birthDate: '1990-01-01',
        sex: '2',
        converted: true,
      },
      warnings: [],
    });
  });

  it.each([
    ['bad date', '140902900230123', ['id_number_birth_date']],
    ['bad province', '990902900101123', ['id_number_region']],
  ])('rejects a legacy number with a %s', (_label, input, codes) => {
    expect(codesOf(input)).toEqual(codes);
  });

  it('round-trips: an 18-digit number of the 1900s, shortened to 15, converts back to itself (property)', () => {
    fc.assert(
      fc.property(fc.integer(), dateArbitrary(1900, 1999), (seed, birthDate) => {
        const id18 = generateIdNumber(seededRng(seed), { regionCode6: '140902', birthDate });
        const id15 = id18.slice(0, 6) + id18.slice(8, 17);
        expect(convertLegacyIdNumber(id15)).toBe(id18);
      }),
    );
  });
});

describe('ageOn', () => {
  it.each([
    ['2009-06-10', '2025-06-09', 15], // 15 years 364 days
    ['2009-06-10', '2025-06-10', 16], // the 16th birthday
    ['2009-06-10', '2025-06-11', 16],
    ['1990-12-31', '2025-01-01', 34],
    ['1990-01-01', '2024-12-31', 34],
    ['1990-01-01', '2025-01-01', 35],
    ['2008-02-29', '2024-02-28', 15], // leap year: the birthday is the 29th
    ['2008-02-29', '2024-02-29', 16],
    ['2008-02-29', '2025-02-27', 16],
    ['2008-02-29', '2025-02-28', 17], // common year: 28 February (民法典 第二百零二条)
    ['2008-02-29', '2025-03-01', 17],
    ['2025-06-10', '2025-06-10', 0],
    ['2025-06-10', '2025-06-09', -1],
  ])('born %s, on %s → %i', (birthDate, on, age) => {
    expect(ageOn(birthDate, on)).toBe(age);
  });

  it('throws on a malformed date (a programming error, not a business outcome)', () => {
    expect(() => ageOn('2009-02-30', '2025-01-01')).toThrow(RangeError);
  });

  it('grows by exactly one on each birthday (property)', () => {
    fc.assert(
      fc.property(dateArbitrary(1900, 2000), fc.integer({ min: 1, max: 100 }), (birthDate, years) => {
        const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
        const target = year + years;
        const birthday = formatIsoDate(target, month, Math.min(day, daysInMonth(target, month)));
        expect(ageOn(birthDate, birthday)).toBe(years);
      }),
    );
  });
});

describe('checkDeclared', () => {
  const id = '14092219800101002X'; // female, 1980-01-01

  it.each([
    [{ sex: '2', birthDate: '1980-01-01' }, []],
    [{}, []],
    [{ sex: null, birthDate: '' }, []],
    [{ sex: '1' }, ['sex_mismatch']],
    [{ birthDate: '1980-01-02' }, ['birth_date_mismatch']],
    [{ sex: '1', birthDate: '1981-01-01' }, ['sex_mismatch', 'birth_date_mismatch']],
  ])('%j → %j', (declared, codes) => {
    expect(checkDeclared(id, declared).map((p) => p.code)).toEqual(codes);
  });

  it('names the field and both values', () => {
    expect(checkDeclared(id, { sex: '1' }, { sex: 'gender' })).toEqual([
      {
        code: 'sex_mismatch',
        field: 'gender',
        severity: 'error',
        message: '性别与证件号码不符：证件号码表示女，填写的是男',
      },
    ]);
  });

  it('accepts the validated info and says nothing about an invalid number', () => {
    const result = validateIdNumber(id, { today });
    if (!result.ok) throw new Error('fixture must be valid');
    expect(checkDeclared(result.value, { birthDate: '1980-02-01' }).map((p) => p.field)).toEqual([
      'birthDate',
    ]);
    expect(checkDeclared('140902199001011233', { sex: '2' })).toEqual([]);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['14090219900101123X', '1409**********123X'],
    ['140902199001011232', '1409**********1232'],
    ['14090219900101123x', '1409**********123X'],
    ['140902900101123', '1409*******1123'],
    ['123456789', '1234*6789'],
    ['12345678', '********'],
    ['', ''],
  ])('%s → %s', (input, masked) => {
    expect(maskIdNumber(input)).toBe(masked);
  });
});

describe('generateIdNumber', () => {
  it('is reproducible with a seeded generator', () => {
    const options = { regionCode6: '140902', birthDate: '1990-01-01' } as const;
    expect(generateIdNumber(seededRng(7), options)).toBe(generateIdNumber(seededRng(7), options));
  });

  it('refuses impossible inputs', () => {
    expect(() => generateIdNumber(Math.random, { regionCode6: '1409', birthDate: '1990-01-01' })).toThrow(
      RangeError,
    );
    expect(() => generateIdNumber(Math.random, { regionCode6: '140902', birthDate: '1899-12-31' })).toThrow(
      RangeError,
    );
  });

  it('generates numbers that validate to what was asked (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.constantFrom(...PROVINCE_CODES),
        fc.integer({ min: 0, max: 9999 }),
        dateArbitrary(1900, 2025),
        fc.constantFrom('1' as const, '2' as const),
        (seed, province, rest, birthDate, sex) => {
          const regionCode6 = province + String(rest).padStart(4, '0');
          const id = generateIdNumber(seededRng(seed), { regionCode6, birthDate, sex });
          const result = validateIdNumber(id, { today: '2025-12-31' });
          expect(result.ok && result.value).toEqual({
            idNumber: id,
            regionCode6,
            provinceCode: province,
            birthDate,
            sex,
            converted: false,
          });
        },
      ),
    );
  });

  it('any single changed character of a valid number is caught (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        dateArbitrary(1950, 2010),
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 10 }),
        (seed, birthDate, position, shift) => {
          const id = generateIdNumber(seededRng(seed), { regionCode6: '140902', birthDate });
          const alphabet = '0123456789X';
          const replaced = alphabet[(alphabet.indexOf(id[position] ?? '0') + shift) % 11] ?? '0';
          const changed = id.slice(0, position) + replaced + id.slice(position + 1);
          expect(validateIdNumber(changed, { today }).ok).toBe(false);
        },
      ),
    );
  });

  it('normalisation is idempotent and survives spaces and full-width forms (property)', () => {
    fc.assert(
      fc.property(fc.integer(), dateArbitrary(1950, 2010), fc.boolean(), (seed, birthDate, fullWidth) => {
        const id = generateIdNumber(seededRng(seed), { regionCode6: '140902', birthDate });
        const messy = [...id.toLowerCase()]
          .map((char) => (fullWidth ? String.fromCharCode(char.charCodeAt(0) + 0xfee0) : char))
          .join(' ');
        expect(normalizeIdNumber(messy)).toBe(id);
        expect(normalizeIdNumber(normalizeIdNumber(messy))).toBe(id);
      }),
    );
  });

  it('masks keep the length and the 4 + 4 visible characters (property)', () => {
    fc.assert(
      fc.property(fc.integer(), dateArbitrary(1950, 2010), (seed, birthDate) => {
        const id = generateIdNumber(seededRng(seed), { regionCode6: '140902', birthDate });
        const masked = maskIdNumber(id);
        expect(masked).toHaveLength(18);
        expect(masked).toBe(`${id.slice(0, 4)}**********${id.slice(14)}`);
      }),
    );
  });
});
