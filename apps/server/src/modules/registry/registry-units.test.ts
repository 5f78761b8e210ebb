import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn } from '@jiuye/domain';
import { latestBirthDateForAge } from './laborer-read.service.ts';
import { occupationPrefix } from './laborer.repository.ts';
import fs from 'node:fs';
import { OCCUPATION_FILE, parseOccupations } from './reference-data.ts';

describe('latestBirthDateForAge', () => {
  it.each([
    { age: 16, on: '2026-11-22', expected: '2010-11-22' },
    { age: 16, on: '2026-02-28', expected: '2010-02-29' }, // 2026 common: someone born 29 Feb has the birthday today
    { age: 16, on: '2028-02-29', expected: '2012-02-29' },
    { age: 15, on: '2028-02-29', expected: '2013-02-29' }, // a bound, not a date: every 2013-02-28 birth is included
  ])('$age on $on → born on or before $expected', ({ age, on, expected }) => {
    expect(latestBirthDateForAge(age, on)).toBe(expected);
  });

  it('agrees with ageOn: age ≥ n exactly when born on or before the bound', () => {
    const isoDate = fc
      .date({
        min: new Date('1901-01-01T00:00:00Z'),
        max: new Date('2099-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10));
    fc.assert(
      fc.property(isoDate, isoDate, (birth, on) => {
        if (birth > on) return;
        const age = ageOn(birth, on);
        expect(birth <= latestBirthDateForAge(age, on)).toBe(true);
        expect(birth <= latestBirthDateForAge(age + 1, on)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('occupationPrefix', () => {
  it.each([
    { code: '6-18-02-04', expected: { prefix: '6-18-02-04', exact: true } },
    { code: '6-18-00-00', expected: { prefix: '6-18-', exact: false } },
    { code: '6-00-00-00', expected: { prefix: '6-', exact: false } },
  ])('$code', ({ code, expected }) => expect(occupationPrefix(code)).toEqual(expected));
});

describe('parseOccupations', () => {
  it('splits the L/S flags off, finds the nearest parent, and keeps the deepest of duplicate codes', () => {
    const csv = [
      'level,code,code_num,name,definition,tasks,csco_code_num,alias',
      '1,2-00-00-00,2000000,专业技术人员,,,2000000,',
      '2,2-02-00-00,2020000,工程技术人员,,,2020000,',
      '4,2-02-01-02,2020102,地球物理工程技术人员L/S,定义,,2020102,',
      '3,2-03-01-00,2030100,土壤肥料技术人员,,,2030100,',
      '4,2-03-01-00,2030100,土壤肥料技术人员,,,2030100,',
      '4,4-09-08-01,4090801,保洁员L,,,4090801,',
    ].join('\n');
    expect(parseOccupations(csv)).toEqual([
      {
        code: '2-00-00-00',
        level: 1,
        name: '专业技术人员',
        parentCode: null,
        isGreen: false,
        isDigital: false,
        definition: null,
      },
      {
        code: '2-02-00-00',
        level: 2,
        name: '工程技术人员',
        parentCode: '2-00-00-00',
        isGreen: false,
        isDigital: false,
        definition: null,
      },
      {
        code: '2-02-01-02',
        level: 4,
        name: '地球物理工程技术人员',
        parentCode: '2-02-00-00',
        isGreen: true,
        isDigital: true,
        definition: '定义',
      },
      {
        code: '2-03-01-00',
        level: 4,
        name: '土壤肥料技术人员',
        parentCode: '2-00-00-00',
        isGreen: false,
        isDigital: false,
        definition: null,
      },
      {
        code: '4-09-08-01',
        level: 4,
        name: '保洁员',
        parentCode: null,
        isGreen: true,
        isDigital: false,
        definition: null,
      },
    ]);
  });

  it('reads the 2022 大典 file: 2,047 occupations, known rows, the same with a BOM, CRLF and blank lines', () => {
    const text = fs.readFileSync(OCCUPATION_FILE, 'utf8');
    const rows = parseOccupations(text);
    expect(rows).toHaveLength(2047);
    expect(rows.filter((row) => row.level === 1)).toHaveLength(8);
    expect(rows.find((row) => row.code === '4-09-08-01')).toEqual({
      code: '4-09-08-01',
      level: 4,
      name: '保洁员',
      parentCode: '4-09-08-00',
      isGreen: true,
      isDigital: false,
      definition: '从事公共场所、公共区域、公共设施、公共水域的水面以及建筑物内外清洁、维护工作的人员。',
    });
    expect(rows.find((row) => row.code === '2-02-02-07')).toMatchObject({
      name: '地理信息系统工程技术人员',
      isGreen: true,
      isDigital: true,
    });
    // A quoted cell holding commas (the tasks column) does not shift the columns after it.
    expect(rows.find((row) => row.code === '1-03-00-02')).toMatchObject({ name: '工商联负责人', level: 4 });
    const crlf = `\ufeff${text.replace(/\n/g, '\r\n')}\r\n\r\n`;
    expect(parseOccupations(crlf)).toEqual(rows);
  });
});
