import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatIsoDate, daysInMonth } from '../identity/calendar.ts';
import { problemsOf } from '../identity/problem.ts';
import {
  EDUCATION,
  ETHNICITY,
  LABOR_CAPACITY,
  MONITORING_CATEGORY,
  SERVICE_NEED,
  SEX,
} from './dictionaries.ts';
import {
  excelSerialToIsoDate,
  isBlank,
  normalizeBoolean,
  normalizeDate,
  normalizeInteger,
  normalizeMoneyToFen,
  normalizeText,
  normalizeYearMonth,
  normalizeYuan,
  resolveCode,
  resolveCodeList,
} from './normalize.ts';

const codesOf = (result: Parameters<typeof problemsOf>[0]) => problemsOf(result).map((p) => p.code);

describe('isBlank and normalizeText', () => {
  it.each([
    [null, true],
    [undefined, true],
    ['', true],
    [' \u3000\u00A0\u200B\t', true],
    ['0', false],
    [0, false],
    [false, false],
  ])('isBlank(%j) → %s', (value, blank) => {
    expect(isBlank(value)).toBe(blank);
  });

  it.each([
    ['  张\u3000三  ', '张 三'],
    ['\u200B李四\uFEFF', '李四'],
    ['ＡＢＣ　１２３', 'ABC 123'],
    ['（忻府区）', '(忻府区)'],
    ['a\u00A0\u00A0 b', 'a b'],
    [3000, '3000'],
    [true, 'true'],
    [null, ''],
  ])('normalizeText(%j) → %j', (value, text) => {
    expect(normalizeText(value)).toBe(text);
  });
});

describe('excelSerialToIsoDate (1900 system incl. the 1900-02-29 bug)', () => {
  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [60, undefined], // 1900-02-29 does not exist
    [61, '1900-03-01'],
    [45292, '2024-01-01'],
    [45356, '2024-03-05'],
    [45356.75, '2024-03-05'], // 18:00 that day
    [45356.999999999, '2024-03-06'], // floating noise just below midnight
    [2958465, '9999-12-31'],
    [0, undefined],
    [-1, undefined],
    [Number.NaN, undefined],
  ])('%d → %s', (serial, iso) => {
    expect(excelSerialToIsoDate(serial)).toBe(iso);
  });

  it.each([
    [0, '1904-01-01'],
    [43894, '2024-03-05'], // 1462 days less than in the 1900 system
    [-1, undefined],
  ])('1904 system: %d → %s', (serial, iso) => {
    expect(excelSerialToIsoDate(serial, { date1904: true })).toBe(iso);
  });
});

describe('normalizeDate', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024.3.5', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024年3月5号', '2024-03-05'],
    ['2024年3月5', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['２０２４－０３－０５', '2024-03-05'],
    [' 2024 / 3 / 5 ', '2024-03-05'],
    ['2024-03-05 08:30:00', '2024-03-05'],
    ['2024-03-05T00:00:00.000Z', '2024-03-05'],
    ['2024-02-29', '2024-02-29'],
    ['1900-01-01', '1900-01-01'],
    ['2099-12-31', '2099-12-31'],
    [45356, '2024-03-05'],
    [new Date(Date.UTC(2024, 2, 5)), '2024-03-05'],
    [new Date(Date.UTC(2024, 2, 4, 23, 59, 59, 700)), '2024-03-05'], // rounds to the second
  ])('%j → %s', (value, iso) => {
    expect(normalizeDate(value)).toEqual({ ok: true, value: iso, warnings: [] });
  });

  it.each([
    ['', 'value_blank'],
    [null, 'value_blank'],
    ['2023-02-29', 'date_invalid'],
    ['2024-13-01', 'date_invalid'],
    ['2024-3/5', 'date_invalid'], // mixed separators
    ['24-3-5', 'date_invalid'], // two-digit year
    ['2024年3月', 'date_invalid'], // a month is no date
    ['1899-12-31', 'date_invalid'],
    ['2100-01-01', 'date_invalid'],
    ['明天', 'date_invalid'],
    [60, 'date_invalid'],
    [0, 'date_invalid'],
    [true, 'date_invalid'],
    [new Date(Number.NaN), 'date_invalid'],
  ])('rejects %j → %s', (value, code) => {
    expect(codesOf(normalizeDate(value))).toEqual([code]);
  });

  it('names the field and shows the value', () => {
    expect(normalizeDate('2024-02-30', { field: 'birthDate' })).toEqual({
      ok: false,
      problems: [
        {
          code: 'date_invalid',
          field: 'birthDate',
          severity: 'error',
          message: '「2024-02-30」不是有效日期，请填写如2024-03-05、2024/3/5或2024年3月5日',
        },
      ],
    });
  });

  it('reads every real date the same in all its spellings and as its Excel serial (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1901, max: 2099 }),
        fc.integer({ min: 1, max: 12 }),
        fc.nat(),
        (year, month, dayIndex) => {
          const day = 1 + (dayIndex % daysInMonth(year, month));
          const iso = formatIsoDate(year, month, day);
          const compact = iso.replaceAll('-', '');
          const serial = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86_400_000);
          for (const spelling of [
            iso,
            `${year}/${month}/${day}`,
            `${year}.${month}.${day}`,
            `${year}年${month}月${day}日`,
            compact,
          ]) {
            expect(normalizeDate(spelling)).toEqual({ ok: true, value: iso, warnings: [] });
          }
          expect(normalizeDate(serial)).toEqual({ ok: true, value: iso, warnings: [] });
          expect(normalizeDate(new Date(Date.UTC(year, month - 1, day)))).toEqual({
            ok: true,
            value: iso,
            warnings: [],
          });
        },
      ),
    );
  });
});

describe('normalizeYearMonth', () => {
  it.each([
    ['2024-03', '2024-03'],
    ['2024/3', '2024-03'],
    ['2024.3', '2024-03'],
    ['2024.10', '2024-10'],
    ['2024年3月', '2024-03'],
    ['2024年3', '2024-03'],
    ['202403', '2024-03'],
    ['2024-03-05', '2024-03'],
    ['2024年3月5日', '2024-03'],
    [202403, '2024-03'],
    [2024.3, '2024-03'],
    [2024.12, '2024-12'],
    [45352, '2024-03'], // Excel serial of 2024-03-01
    [new Date(Date.UTC(2024, 2, 1)), '2024-03'],
  ])('%j → %s', (value, month) => {
    expect(normalizeYearMonth(value)).toEqual({ ok: true, value: month, warnings: [] });
  });

  it.each([
    ['', 'value_blank'],
    ['2024-13', 'month_invalid'],
    ['2024-00', 'month_invalid'],
    ['2024', 'month_invalid'],
    [2024, 'month_invalid'], // a year only
    ['1899-12', 'month_invalid'],
    ['三月', 'month_invalid'],
    [2024.1, 'month_ambiguous'], // typed 2024.1 or 2024.10: Excel stores both as 2024.1
    ['2024.1', 'month_ambiguous'],
    [2024.123, 'month_invalid'],
  ])('rejects %j → %s', (value, code) => {
    expect(codesOf(normalizeYearMonth(value))).toEqual([code]);
  });

  it('asks which month an ambiguous number means', () => {
    const result = normalizeYearMonth(2024.1, { field: 'spells[0].startMonth' });
    expect(result.ok ? undefined : result.problems[0]).toEqual({
      code: 'month_ambiguous',
      field: 'spells[0].startMonth',
      severity: 'error',
      message: '「2024.1」可能是2024年1月或10月，请填写为2024-01或2024-10',
    });
  });
});

describe('normalizeBoolean', () => {
  it.each([
    ['是', true],
    ['否', false],
    ['Y', true],
    ['n', false],
    ['YES', true],
    ['no', false],
    ['1', true],
    ['0', false],
    ['TRUE', true],
    ['false', false],
    [' 是 ', true],
    ['Ｙ', true],
    [1, true],
    [0, false],
    [true, true],
    [false, false],
  ])('%j → %s', (value, bool) => {
    expect(normalizeBoolean(value)).toEqual({ ok: true, value: bool, warnings: [] });
  });

  it.each([
    ['', 'value_blank'],
    ['2', 'boolean_invalid'],
    ['是的', 'boolean_invalid'],
    ['对', 'boolean_invalid'],
    [2, 'boolean_invalid'],
  ])('rejects %j → %s', (value, code) => {
    expect(codesOf(normalizeBoolean(value))).toEqual([code]);
  });
});

describe('normalizeInteger', () => {
  it.each([
    ['3000', 3000],
    ['3,000', 3000],
    ['3，000', 3000],
    ['1,234,567', 1234567],
    ['3000.00', 3000],
    [' 3 000 ', 3000],
    ['-5', -5],
    ['+5', 5],
    ['０', 0],
    [3000, 3000],
  ])('%j → %d', (value, integer) => {
    expect(normalizeInteger(value)).toEqual({ ok: true, value: integer, warnings: [] });
  });

  it.each([
    ['', 'value_blank'],
    ['3,00', 'integer_invalid'], // wrong grouping, maybe a decimal comma
    ['30,00,000', 'integer_invalid'],
    ['3000.5', 'integer_invalid'],
    ['3千', 'integer_invalid'],
    ['三千', 'integer_invalid'],
    ['1e3', 'integer_invalid'],
    [3000.5, 'integer_invalid'],
    [Number.MAX_SAFE_INTEGER + 1, 'integer_invalid'],
    [true, 'integer_invalid'],
  ])('rejects %j → %s', (value, code) => {
    expect(codesOf(normalizeInteger(value))).toEqual([code]);
  });
});

describe('money', () => {
  it.each([
    ['3000', 300000],
    ['3,000', 300000],
    ['3000元', 300000],
    ['¥3,000.50', 300050],
    ['￥3000', 300000],
    ['3000.5', 300050],
    ['0.01', 1],
    [3000.5, 300050],
    [0.1 + 0.2, 30], // float noise below a fen
  ])('normalizeMoneyToFen(%j) → %d fen', (value, fen) => {
    expect(normalizeMoneyToFen(value, { rounding: 'reject' })).toEqual({
      ok: true,
      value: fen,
      warnings: [],
    });
  });

  it.each([
    ['0.125', 'half_up', 13],
    ['0.125', 'half_even', 12],
    ['0.135', 'half_even', 14],
    ['0.1251', 'half_even', 13],
    ['0.124', 'half_up', 12],
    ['0.129', 'down', 12],
  ] as const)('rounds %s with %s → %d fen', (value, rounding, fen) => {
    expect(normalizeMoneyToFen(value, { rounding })).toEqual({ ok: true, value: fen, warnings: [] });
  });

  it.each([
    ['', 'value_blank'],
    ['0.125', 'money_invalid'], // rounding 'reject'
    ['3千', 'money_invalid'],
    ['0.3万', 'money_invalid'],
    ['-100', 'money_invalid'],
    ['3,00', 'money_invalid'],
    [-1, 'money_invalid'],
  ])('refuses %j → %s', (value, code) => {
    expect(codesOf(normalizeMoneyToFen(value, { rounding: 'reject' }))).toEqual([code]);
  });

  it.each([
    ['3000', 3000],
    ['3,000元', 3000],
    ['3000.00', 3000],
    [3000, 3000],
  ])('normalizeYuan(%j) → %d', (value, yuan) => {
    expect(normalizeYuan(value)).toEqual({ ok: true, value: yuan, warnings: [] });
  });

  it.each([['3000.5'], ['3千'], ['abc'], [-3]])('normalizeYuan refuses %j', (value) => {
    expect(codesOf(normalizeYuan(value))).toEqual(['money_invalid']);
  });

  it('any amount with at most two decimals converts exactly to fen (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (fen) => {
        const yuan = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
        const grouped = Math.floor(fen / 100).toLocaleString('en-US') + yuan.slice(yuan.indexOf('.'));
        expect(normalizeMoneyToFen(yuan, { rounding: 'reject' })).toEqual({
          ok: true,
          value: fen,
          warnings: [],
        });
        expect(normalizeMoneyToFen(`${grouped}元`, { rounding: 'reject' })).toEqual({
          ok: true,
          value: fen,
          warnings: [],
        });
      }),
    );
  });
});

describe('resolveCode', () => {
  it.each([
    [SEX, '男', '1'],
    [SEX, '1', '1'],
    [SEX, 1, '1'],
    [SEX, '女性', '2'],
    [SEX, 'f', '2'],
    [ETHNICITY, '汉族', '01'],
    [ETHNICITY, '汉', '01'],
    [ETHNICITY, '01', '01'],
    [ETHNICITY, 1, '01'], // Excel dropped the leading zero
    [ETHNICITY, '1', '01'],
    [ETHNICITY, '毛难族', '36'], // the name before 1986
    [ETHNICITY, '01-汉族', '01'],
    [ETHNICITY, '01 汉族', '01'],
    [ETHNICITY, '汉族(01)', '01'],
    [ETHNICITY, '汉族（01）', '01'],
    [EDUCATION, '大专', '30'],
    [EDUCATION, '初中', '70'],
    [EDUCATION, ' 文盲 ', '90'],
    [LABOR_CAPACITY, '普通劳动力', 'full'],
    [LABOR_CAPACITY, 'full', 'full'],
    [LABOR_CAPACITY, 'FULL', 'full'],
    [LABOR_CAPACITY, '半劳力', 'weak_or_half'],
    [LABOR_CAPACITY, '弱劳动力或半劳动力', 'weak_or_half'],
  ] as const)('%# %j → %s', (dictionary, value, code) => {
    expect(resolveCode(value, dictionary)).toEqual({ ok: true, value: code, warnings: [] });
  });

  it.each([
    [SEX, '', 'value_blank'],
    [SEX, '未知', 'code_unknown'],
    [SEX, '3', 'code_unknown'],
    [ETHNICITY, '57', 'code_unknown'],
    [ETHNICITY, '02-汉族', 'code_unknown'], // code and label disagree
    [EDUCATION, '1', 'code_unknown'], // 1 is not 10
    [LABOR_CAPACITY, '强劳动力', 'code_unknown'],
  ] as const)('%# rejects %j → %s', (dictionary, value, code) => {
    expect(codesOf(resolveCode(value, dictionary))).toEqual([code]);
  });

  it('lists the choices in the message', () => {
    expect(resolveCode('强劳动力', LABOR_CAPACITY, { field: 'laborCapacity' })).toEqual({
      ok: false,
      problems: [
        {
          code: 'code_unknown',
          field: 'laborCapacity',
          severity: 'error',
          message:
            '「强劳动力」不是有效的劳动技能，可选：普通劳动力、技能劳动力、弱劳动力或半劳动力、丧失劳动力、无劳动力',
        },
      ],
    });
    const long = resolveCode('火星族', ETHNICITY);
    expect(long.ok ? '' : long.problems[0]?.message).toMatch(/可选：汉族、蒙古族.*等$/u);
  });

  it('refuses an entry outside its era when a year is given', () => {
    expect(resolveCode('突发严重困难户', MONITORING_CATEGORY, { year: 2021 }).ok).toBe(true);
    expect(resolveCode('突发严重困难户', MONITORING_CATEGORY)).toEqual({
      ok: true,
      value: 'sudden_hardship',
      warnings: [],
    });
    expect(resolveCode('突发严重困难户', MONITORING_CATEGORY, { year: 2020 })).toEqual({
      ok: false,
      problems: [
        {
          code: 'code_out_of_era',
          field: 'value',
          severity: 'error',
          message: '「突发严重困难户」在2020年不是有效的监测对象类别（自2021年起使用）',
        },
      ],
    });
  });

  it('resolves every code, label and alias of every entry to that entry (property)', () => {
    const dictionaries = [SEX, ETHNICITY, EDUCATION, LABOR_CAPACITY, MONITORING_CATEGORY, SERVICE_NEED];
    fc.assert(
      fc.property(
        fc.constantFrom(...dictionaries.flatMap((d) => d.entries.map((entry) => [d, entry] as const))),
        fc.boolean(),
        ([dictionary, entry], padded) => {
          for (const name of [entry.code, entry.label, ...entry.aliases]) {
            const value = padded ? `\u3000${name} ` : name;
            expect(resolveCode(value, dictionary)).toEqual({ ok: true, value: entry.code, warnings: [] });
          }
        },
      ),
    );
  });
});

describe('resolveCodeList', () => {
  it.each([
    ['职业介绍、技能培训', ['job_referral', 'skills_training']],
    ['技能培训,职业介绍', ['job_referral', 'skills_training']], // entry order
    ['技能培训；技能培训', ['skills_training']],
    ['政策咨询 / 维权', ['policy_advice', 'rights_protection']],
  ])('%j → %j', (value, codes) => {
    expect(resolveCodeList(value, SERVICE_NEED)).toEqual({ ok: true, value: codes, warnings: [] });
  });

  it('reports every unknown part', () => {
    expect(codesOf(resolveCodeList('职业介绍、找对象、发钱', SERVICE_NEED))).toEqual([
      'code_unknown',
      'code_unknown',
    ]);
    expect(codesOf(resolveCodeList(' ', SERVICE_NEED))).toEqual(['value_blank']);
  });
});
