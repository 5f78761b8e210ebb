import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatIsoMonth } from '../identity/calendar.ts';
import { hasErrors } from '../identity/problem.ts';
import type { EmploymentSpellInput, LaborerInput } from './quality-rules.ts';
import {
  checkCapacityAllowsWork,
  checkChannelWithinCounty,
  checkLaborer,
  checkMinimumWorkingAge,
  checkMonthlyIncome,
  checkServiceNeeds,
  checkSharedPhone,
  checkSpellDates,
  checkSpellOverlaps,
  checkTransportSubsidy,
  checkWorkAreaMatchesRegion,
  checkWorkRegion,
  derivedWorkArea,
  findCurrentSpellIndex,
  findSharedPhones,
  groupHouseholdsByPhone,
  possibleWorkAreas,
} from './quality-rules.ts';

const HOME = '140902100201'; // a village of 忻府区, township 100
const SAME_TOWNSHIP = '140902100205';
const OTHER_TOWNSHIP = '140902101001';
const HOME_COUNTY = '140902000000';
const OTHER_COUNTY = '140921000000'; // 定襄县, same province
const OTHER_PROVINCE = '110105000000';
const TODAY = '2025-06-10';

const spell = (overrides: Partial<EmploymentSpellInput> = {}): EmploymentSpellInput => ({
  startMonth: '2025-01',
  endMonth: null,
  workArea: 'county',
  workRegionCode: OTHER_TOWNSHIP,
  channel: 'migrant_work',
  monthlyIncomeFen: 300_000,
  ...overrides,
});

const laborer = (overrides: Partial<LaborerInput> = {}): LaborerInput => ({
  name: '张三',
  birthDate: '1990-01-01',
  householdNumber: 'H001',
  homeRegionCode: HOME,
  phone: '13800138000',
  laborCapacity: 'full',
  jobIntention: 'migrant',
  serviceNeeds: ['job_referral'],
  spells: [spell()],
  ...overrides,
});

const codes = (problems: readonly { code: string }[]) => problems.map((p) => p.code);

describe('checkMonthlyIncome: 100–30,000 元 (warning)', () => {
  it.each([
    [0, true],
    [99_00, true], // 99 元
    [99_99, true], // 99.99 元
    [100_00, false], // 100 元, the lower bound
    [3_000_00, false],
    [30_000_00, false], // 30,000 元, the upper bound
    [30_000_01, true], // 30,000.01 元
    [30_001_00, true], // 30,001 元
    [null, false],
    [undefined, false],
  ])('%s fen → flagged %s', (monthlyIncomeFen, flagged) => {
    const problems = checkMonthlyIncome(spell({ monthlyIncomeFen }), 0);
    expect(problems.length > 0).toBe(flagged);
    expect(problems.every((p) => p.severity === 'warning')).toBe(true);
  });

  it('says the amount in yuan', () => {
    expect(checkMonthlyIncome(spell({ monthlyIncomeFen: 99_00 }), 1)).toEqual([
      {
        code: 'income_out_of_range',
        field: 'spells[1].monthlyIncomeFen',
        severity: 'warning',
        message: '第2段务工的月收入99元不在100–30000元之间，请确认（单位：元/月）',
      },
    ]);
  });

  it('flags exactly the amounts outside the range (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (fen) => {
        const flagged = checkMonthlyIncome(spell({ monthlyIncomeFen: fen }), 0).length > 0;
        expect(flagged).toBe(fen < 10_000 || fen > 3_000_000);
      }),
    );
  });
});

describe('checkWorkRegion: at least to the county (error)', () => {
  it.each([
    [OTHER_TOWNSHIP, []],
    [HOME_COUNTY, []], // level 3, the coarsest allowed
    ['140902100000', []], // a township
    ['140900000000', ['work_region_too_coarse']], // a city
    ['140000000000', ['work_region_too_coarse']], // a province
    ['1409', ['work_region_invalid']],
    ['001400000000', ['work_region_invalid']],
    [null, ['work_region_missing']],
    ['', ['work_region_missing']],
  ])('%j → %j', (workRegionCode, expected) => {
    expect(codes(checkWorkRegion(spell({ workRegionCode }), 0))).toEqual(expected);
  });
});

describe('possibleWorkAreas and checkWorkAreaMatchesRegion', () => {
  it.each([
    [SAME_TOWNSHIP, ['township']],
    [HOME, ['township']],
    [OTHER_TOWNSHIP, ['county']],
    [HOME_COUNTY, ['township', 'county']],
    [OTHER_COUNTY, ['province']],
    [OTHER_PROVINCE, ['out_of_province']],
  ])('work in %s → %j', (workRegionCode, areas) => {
    expect(possibleWorkAreas(HOME, workRegionCode)).toEqual(areas);
  });

  it.each([
    [SAME_TOWNSHIP, 'township'],
    [OTHER_TOWNSHIP, 'county'],
    [HOME_COUNTY, undefined],
    [OTHER_COUNTY, 'province'],
    [OTHER_PROVINCE, 'out_of_province'],
  ])('a blank 务工地域 with work in %s is derived as %s', (workRegionCode, area) => {
    expect(derivedWorkArea(HOME, workRegionCode)).toBe(area);
  });

  it.each([
    ['township', SAME_TOWNSHIP, []],
    ['county', SAME_TOWNSHIP, ['work_area_mismatch']],
    ['township', HOME_COUNTY, []],
    ['county', HOME_COUNTY, []],
    ['province', OTHER_COUNTY, []],
    ['county', OTHER_COUNTY, ['work_area_mismatch']],
    ['province', OTHER_PROVINCE, ['work_area_mismatch']],
    ['out_of_province', OTHER_PROVINCE, []],
    ['province', '140900000000', []], // too coarse to compare: checkWorkRegion reports it
  ] as const)('area %s with region %s → %j', (workArea, workRegionCode, expected) => {
    expect(codes(checkWorkAreaMatchesRegion(spell({ workArea, workRegionCode }), 0, HOME))).toEqual(expected);
  });

  it('names what the area should be', () => {
    const [problem] = checkWorkAreaMatchesRegion(
      spell({ workArea: 'county', workRegionCode: OTHER_COUNTY }),
      0,
      HOME,
    );
    expect(problem?.message).toBe(
      '第1段务工的务工地域「县内乡外」与务工所在地不符，按户籍地应为「省内县外」',
    );
  });
});

describe('checkChannelWithinCounty: no 公益性岗位 / 帮扶车间 outside the county (error)', () => {
  it.each([
    ['welfare_post', 'township', SAME_TOWNSHIP, []],
    ['welfare_post', 'county', OTHER_TOWNSHIP, []],
    ['welfare_post', 'province', OTHER_COUNTY, ['channel_outside_county']],
    ['assistance_workshop', 'county', OTHER_TOWNSHIP, []],
    ['assistance_workshop', 'out_of_province', OTHER_PROVINCE, ['channel_outside_county']],
    ['welfare_post', null, OTHER_COUNTY, ['channel_outside_county']], // area derived from the region
    ['welfare_post', null, HOME_COUNTY, []],
    ['welfare_post', null, null, []], // unknown: not flagged here
    ['migrant_work', 'out_of_province', OTHER_PROVINCE, []],
    [null, 'province', OTHER_COUNTY, []],
  ] as const)('%s, area %s, region %s → %j', (channel, workArea, workRegionCode, expected) => {
    expect(codes(checkChannelWithinCounty(spell({ channel, workArea, workRegionCode }), 0, HOME))).toEqual(
      expected,
    );
  });

  it('says which channel', () => {
    const [problem] = checkChannelWithinCounty(
      spell({ channel: 'welfare_post', workArea: 'province' }),
      2,
      HOME,
    );
    expect(problem).toEqual({
      code: 'channel_outside_county',
      field: 'spells[2].channel',
      severity: 'error',
      message: '第3段务工在县外务工，就业渠道不能是公益性岗位',
    });
  });
});

describe('checkTransportSubsidy: only outside the county (error)', () => {
  it.each([
    [true, 'out_of_province', OTHER_PROVINCE, []],
    [true, 'province', OTHER_COUNTY, []],
    [true, 'county', OTHER_TOWNSHIP, ['transport_subsidy_within_county']],
    [true, 'township', SAME_TOWNSHIP, ['transport_subsidy_within_county']],
    [true, null, OTHER_COUNTY, []], // outside, read from the region
    [true, null, HOME_COUNTY, ['transport_subsidy_within_county']],
    [true, null, null, ['transport_subsidy_within_county']], // not known to be outside
    [false, 'county', OTHER_TOWNSHIP, []],
    [null, 'township', SAME_TOWNSHIP, []],
  ] as const)(
    'subsidy %s, area %s, region %s → %j',
    (hasTransportSubsidy, workArea, workRegionCode, expected) => {
      const problems = checkTransportSubsidy(
        spell({ hasTransportSubsidy, workArea, workRegionCode }),
        0,
        HOME,
      );
      expect(codes(problems)).toEqual(expected);
    },
  );
});

describe('checkSpellDates', () => {
  it.each([
    [{ startMonth: '2024-03', endMonth: '2024-03' }, []],
    [{ startMonth: '2024-03-15', endMonth: '2024-03' }, []], // the end month contains the start day
    [{ startMonth: '2024-03', endMonth: null }, []],
    [{ startMonth: '2024-03', endMonth: '2024-02' }, ['spell_end_before_start']],
    [{ startMonth: '2024-03-15', endMonth: '2024-03-14' }, ['spell_end_before_start']],
    [{ startMonth: '2024-13', endMonth: null }, ['spell_date_invalid']],
    [{ startMonth: '', endMonth: null }, ['spell_date_invalid']],
    [{ startMonth: '2024-03', endMonth: '2024/04' }, ['spell_date_invalid']],
  ])('%j → %j', (dates, expected) => {
    expect(codes(checkSpellDates([spell(dates)]))).toEqual(expected);
  });
});

describe('checkSpellOverlaps: one spell at a time (error)', () => {
  it.each([
    ['adjacent months', ['2024-01', '2024-03'], ['2024-04', '2024-06'], false],
    ['a job change within a month', ['2024-01', '2024-03'], ['2024-03', '2024-06'], false],
    ['one shared month plus one more', ['2024-01', '2024-04'], ['2024-03', '2024-06'], true],
    ['a month inside a longer spell', ['2024-01', '2024-12'], ['2024-03', '2024-03'], true],
    ['two one-month spells in the same month', ['2024-03', '2024-03'], ['2024-03', '2024-03'], false],
    ['adjacent days', ['2024-03-01', '2024-03-15'], ['2024-03-16', '2024-04'], false],
    ['the same day', ['2024-03-01', '2024-03-15'], ['2024-03-15', '2024-04'], true],
    ['an open spell and a later one', ['2023-01', null], ['2024-01', '2024-02'], true],
    ['two open spells', ['2024-01', null], ['2024-06', null], true],
    ['an open spell starting after the other ended', ['2024-01', '2024-05'], ['2024-06', null], false],
  ] as const)('%s → %s', (_label, [startA, endA], [startB, endB], overlapping) => {
    const spells = [
      spell({ startMonth: startA, endMonth: endA }),
      spell({ startMonth: startB, endMonth: endB }),
    ];
    expect(codes(checkSpellOverlaps(spells))).toEqual(overlapping ? ['spells_overlap'] : []);
    expect(codes(checkSpellOverlaps([...spells].reverse()))).toEqual(overlapping ? ['spells_overlap'] : []);
  });

  it('names both spells, one error per pair', () => {
    const spells = [
      spell({ startMonth: '2024-01', endMonth: '2024-04' }),
      spell({ startMonth: '2024-03', endMonth: '2024-06' }),
      spell({ startMonth: '2024-02', endMonth: '2024-02' }),
    ];
    expect(checkSpellOverlaps(spells)).toEqual([
      {
        code: 'spells_overlap',
        field: 'spells[1].startMonth',
        severity: 'error',
        message: '第1段务工（2024-01至2024-04）与第2段务工（2024-03至2024-06）时间重叠',
      },
      {
        code: 'spells_overlap',
        field: 'spells[2].startMonth',
        severity: 'error',
        message: '第1段务工（2024-01至2024-04）与第3段务工（2024-02至2024-02）时间重叠',
      },
    ]);
  });

  const month = fc.integer({ min: 0, max: 240 }); // months since 2010-01
  const toMonth = (index: number) => formatIsoMonth(2010 + Math.floor(index / 12), 1 + (index % 12));

  it('never flags spells laid end to end, in any order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 24 }), { minLength: 1, maxLength: 6 }),
        month,
        (lengths, first) => {
          let cursor = first;
          const spells = lengths.map((length) => {
            const built = spell({ startMonth: toMonth(cursor), endMonth: toMonth(cursor + length) });
            cursor += length + 1;
            return built;
          });
          expect(checkSpellOverlaps(spells)).toEqual([]);
          expect(checkSpellOverlaps([...spells].reverse())).toEqual([]);
        },
      ),
    );
  });

  it('always flags two spells sharing two or more months (property)', () => {
    fc.assert(
      fc.property(
        month,
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 24 }),
        (shared, extra, before, after) => {
          const a = spell({
            startMonth: toMonth(shared + 240 - before),
            endMonth: toMonth(shared + 240 + extra),
          });
          const b = spell({
            startMonth: toMonth(shared + 240),
            endMonth: toMonth(shared + 240 + extra + after),
          });
          expect(codes(checkSpellOverlaps([a, b]))).toEqual(['spells_overlap']);
        },
      ),
    );
  });
});

describe('checkMinimumWorkingAge: no work before 16 (error)', () => {
  const birthDate = '2009-06-10'; // 16 on 2025-06-10

  it.each([
    ['2025-06-09', true], // 15 years 364 days
    ['2025-06-10', false], // the 16th birthday
    ['2025-05', true], // even on 31 May still 15
    ['2025-06', false], // may have started on or after the birthday
    ['2024-06', true],
    ['2030-01', false],
  ])('start %s → flagged %s', (start, flagged) => {
    expect(codes(checkMinimumWorkingAge(birthDate, [spell({ startMonth: start })]))).toEqual(
      flagged ? ['work_before_16'] : [],
    );
  });

  it('says when and why', () => {
    expect(checkMinimumWorkingAge(birthDate, [spell({ startMonth: '2025-06-09' })])[0]?.message).toBe(
      '第1段务工开始于2025-06-09，当时未满16周岁（出生日期2009-06-10）',
    );
  });

  it('needs a birth date and a readable start', () => {
    expect(checkMinimumWorkingAge(null, [spell({ startMonth: '2000-01' })])).toEqual([]);
    expect(checkMinimumWorkingAge(birthDate, [spell({ startMonth: 'soon' })])).toEqual([]);
  });
});

describe('findCurrentSpellIndex', () => {
  it.each([
    [[spell({ startMonth: '2025-01', endMonth: null })], 0],
    [[spell({ startMonth: '2025-01', endMonth: '2025-06' })], 0], // ends this month
    [[spell({ startMonth: '2025-01', endMonth: '2025-05' })], undefined],
    [[spell({ startMonth: '2025-07', endMonth: null })], undefined], // not started yet
    [
      [
        spell({ startMonth: '2024-01', endMonth: '2024-12' }),
        spell({ startMonth: '2025-02', endMonth: null }),
      ],
      1,
    ],
    [[], undefined],
  ])('%# → %s', (spells, index) => {
    expect(findCurrentSpellIndex(spells, TODAY)).toBe(index);
  });
});

describe('checkServiceNeeds: planned work needs a service need (error)', () => {
  const unemployed = { spells: [spell({ startMonth: '2024-01', endMonth: '2024-12' })] };

  it.each([
    [{ ...unemployed, jobIntention: 'migrant', serviceNeeds: [] }, ['service_need_missing']],
    [{ ...unemployed, jobIntention: 'local', serviceNeeds: null }, ['service_need_missing']],
    [{ ...unemployed, jobIntention: 'local', serviceNeeds: ['skills_training'] }, []],
    [{ ...unemployed, jobIntention: 'none', serviceNeeds: [] }, []],
    [{ ...unemployed, jobIntention: null, serviceNeeds: [] }, []],
    [{ jobIntention: 'migrant', serviceNeeds: [] }, []], // in work: the rule is for the unemployed
  ] as const)('%# → %j', (overrides, expected) => {
    expect(codes(checkServiceNeeds(laborer(overrides), TODAY))).toEqual(expected);
  });
});

describe('checkCapacityAllowsWork: 无劳动力 / 丧失劳动力 cannot be employed (error)', () => {
  it.each([
    ['none', [spell()], ['employed_without_capacity']],
    ['lost', [spell()], ['employed_without_capacity']],
    ['lost', [spell({ startMonth: '2020-01', endMonth: '2023-12' })], []], // worked before losing capacity
    ['none', [], []],
    ['full', [spell()], []],
    ['skilled', [spell()], []],
    ['weak_or_half', [spell()], []],
    [null, [spell()], []],
  ] as const)('%s with %j → %j', (laborCapacity, spells, expected) => {
    expect(codes(checkCapacityAllowsWork(laborer({ laborCapacity, spells }), TODAY))).toEqual(expected);
  });
});

describe('one phone across several households (warning)', () => {
  const map = groupHouseholdsByPhone([
    { phone: '138 0013 8000', householdNumber: 'H001' },
    { phone: '+8613800138000', householdNumber: 'H002' },
    { phone: '13800138000', householdNumber: 'H002' },
    { phone: '0350-1234567', householdNumber: 'H003' },
    { phone: '(0350)1234567转12', householdNumber: 'H004' }, // same line, other extension
    { phone: '13900139000', householdNumber: 'H005' },
    { phone: 'unknown', householdNumber: 'H006' },
    { phone: '13700137000', householdNumber: null },
  ]);

  it('groups by the normalised line', () => {
    expect([...map.entries()].map(([phone, households]) => [phone, [...households]])).toEqual([
      ['13800138000', ['H001', 'H002']],
      ['0350-1234567', ['H003', 'H004']],
      ['13900139000', ['H005']],
    ]);
  });

  it('finds every shared phone, masked', () => {
    expect(findSharedPhones(map)).toEqual([
      {
        code: 'phone_shared_by_households',
        field: 'phone',
        severity: 'warning',
        message: '联系电话0350-***4567登记在2个户（户编号H003、H004），请确认',
      },
      {
        code: 'phone_shared_by_households',
        field: 'phone',
        severity: 'warning',
        message: '联系电话138****8000登记在2个户（户编号H001、H002），请确认',
      },
    ]);
  });

  it.each([
    ['13800138000', 'H001', ['phone_shared_by_households']],
    ['13800138000', 'H009', ['phone_shared_by_households']],
    ['13900139000', 'H005', []], // only its own household
    ['13900139000', 'H007', ['phone_shared_by_households']],
    ['13600136000', 'H001', []],
    ['not a phone', 'H001', []],
    [null, 'H001', []],
  ])('phone %j of household %s → %j', (phone, householdNumber, expected) => {
    expect(codes(checkSharedPhone(laborer({ phone, householdNumber }), map))).toEqual(expected);
  });

  it('names the other households', () => {
    expect(
      checkSharedPhone(laborer({ phone: '13800138000', householdNumber: 'H001' }), map)[0]?.message,
    ).toBe('联系电话138****8000已登记在其他1个户（户编号H002），请确认');
  });
});

describe('checkLaborer', () => {
  it('passes a clean record', () => {
    expect(checkLaborer(laborer(), { today: TODAY, phoneHouseholds: new Map() })).toEqual([]);
  });

  it('collects every rule, errors and warnings', () => {
    const problems = checkLaborer(
      laborer({
        birthDate: '2010-01-01',
        laborCapacity: 'none',
        phone: '13800138000',
        householdNumber: 'H001',
        spells: [
          spell({
            startMonth: '2024-01',
            endMonth: '2024-12',
            workArea: 'province',
            workRegionCode: OTHER_COUNTY,
            channel: 'welfare_post',
          }),
          spell({
            startMonth: '2024-06',
            endMonth: null,
            workArea: 'county',
            workRegionCode: '140900000000',
            hasTransportSubsidy: true,
            monthlyIncomeFen: 50_00,
          }),
        ],
      }),
      { today: TODAY, phoneHouseholds: new Map([['13800138000', new Set(['H001', 'H002'])]]) },
    );
    expect(problems.map((p) => `${p.severity}:${p.code}:${p.field}`)).toEqual([
      'error:channel_outside_county:spells[0].channel',
      'error:work_region_too_coarse:spells[1].workRegionCode',
      'error:transport_subsidy_within_county:spells[1].hasTransportSubsidy',
      'warning:income_out_of_range:spells[1].monthlyIncomeFen',
      'error:spells_overlap:spells[1].startMonth',
      'error:work_before_16:spells[0].startMonth',
      'error:work_before_16:spells[1].startMonth',
      'error:employed_without_capacity:laborCapacity',
      'warning:phone_shared_by_households:phone',
    ]);
    expect(hasErrors(problems)).toBe(true);
  });

  it('lets a record with only warnings through', () => {
    const problems = checkLaborer(laborer({ spells: [spell({ monthlyIncomeFen: 30_000_01 })] }), {
      today: TODAY,
    });
    expect(codes(problems)).toEqual(['income_out_of_range']);
    expect(hasErrors(problems)).toBe(false);
  });
});
