import { describe, expect, it } from 'vitest';
import { EDUCATION, EMPLOYMENT_FORM } from './dictionaries.ts';
import {
  checkCode,
  checkEmployerName,
  checkHouseholdNumber,
  checkIdentity,
  checkLaborerFields,
  checkName,
  checkSpellForm,
  checkSpellWorkArea,
  completeWorkArea,
  workRegionUnknown,
  type LaborerFields,
} from './laborer-check.ts';

const HOME = '140902100201'; // a village of 忻府区, township 100
const SAME_TOWNSHIP = '140902100205';
const OTHER_TOWNSHIP = '140902101001';
const HOME_COUNTY = '140902000000';
const OTHER_COUNTY = '140921000000'; // 定襄县, same province
const OTHER_PROVINCE = '110105000000';
const CITY = '140900000000'; // 忻州市: too coarse to tell the area
const ID = '11010519491231002X'; // GB 11643's example: a woman born 1949-12-31
const TODAY = '2025-06-10';

const text = (length: number) => '张'.repeat(length);
const codeOf = (problem: { code: string } | undefined) => problem?.code;

describe('length limits', () => {
  it.each([
    ['', 'name_missing'],
    [text(1), undefined],
    [text(50), undefined],
    [text(51), 'name_too_long'],
  ])('姓名 of %#: %s', (name, code) => {
    expect(codeOf(checkName(name))).toBe(code);
  });

  it.each([
    [null, undefined],
    ['', undefined],
    ['H'.repeat(40), undefined],
    ['H'.repeat(41), 'household_number_too_long'],
  ])('户编号 %#: %s', (householdNumber, code) => {
    expect(codeOf(checkHouseholdNumber(householdNumber))).toBe(code);
  });

  it.each([
    [null, undefined],
    ['', undefined],
    [text(100), undefined],
    [text(101), 'employer_name_too_long'],
  ])('就业单位名称 %#: %s', (employerName, code) => {
    expect(codeOf(checkEmployerName(employerName, 0))).toBe(code);
  });

  it('says the limit, and names the spell in the field', () => {
    expect(checkName(text(51))).toEqual({
      code: 'name_too_long',
      field: 'name',
      severity: 'error',
      message: '姓名过长（最多50个字）',
    });
    expect(checkName('')?.message).toBe('姓名不能为空');
    expect(checkHouseholdNumber('H'.repeat(41))?.message).toBe('户编号过长（最多40位）');
    expect(checkEmployerName(text(101), 2)).toEqual({
      code: 'employer_name_too_long',
      field: 'spells[2].employerName',
      severity: 'error',
      message: '就业单位名称过长（最多100个字）',
    });
  });
});

describe('checkCode: a stored code must be in its list', () => {
  it.each([
    ['20', undefined], // 大学本科
    [null, undefined],
    ['', undefined],
    ['99', 'invalid_code'],
    ['大学本科', 'invalid_code'], // a label is not a code: the import resolves labels first
  ])('文化程度 %s → %s', (value, code) => {
    expect(codeOf(checkCode(EDUCATION, value, 'education'))).toBe(code);
  });

  it('names the list and the code', () => {
    expect(checkCode(EMPLOYMENT_FORM, 'x', 'spells[0].employmentForm')).toEqual({
      code: 'invalid_code',
      field: 'spells[0].employmentForm',
      severity: 'error',
      message: `「${EMPLOYMENT_FORM.name}」没有代码「x」`,
    });
  });
});

describe('what a spell cannot lack', () => {
  it.each([
    ['employee', undefined],
    [null, 'spell_form_missing'],
    ['', 'spell_form_missing'],
  ])('就业形式 %s → %s', (employmentForm, code) => {
    expect(codeOf(checkSpellForm(employmentForm, 0))).toBe(code);
  });

  it('names the spell', () => {
    expect(checkSpellForm(null, 1)).toEqual({
      code: 'spell_form_missing',
      field: 'spells[1].employmentForm',
      severity: 'error',
      message: '第2段务工未填写就业形式',
    });
    expect(checkSpellWorkArea(HOME, HOME_COUNTY, null, 0)).toEqual({
      code: 'work_area_missing',
      field: 'spells[0].workArea',
      severity: 'error',
      message: '第1段务工未填写务工地域',
    });
    expect(workRegionUnknown('140999000000', 0)).toEqual({
      code: 'work_region_unknown',
      field: 'spells[0].workRegionCode',
      severity: 'error',
      message: '第1段务工的务工所在地「140999000000」不是现行区划代码',
    });
  });

  // 务工地域 blank: derived where 务工所在地 leaves one; to be entered where it leaves two; not judged (no second
  // error) where the place or the home cannot tell it.
  it.each([
    ['entered', HOME, OTHER_PROVINCE, 'county', 'county', undefined],
    ['same township', HOME, SAME_TOWNSHIP, null, 'township', undefined],
    ['other township', HOME, OTHER_TOWNSHIP, null, 'county', undefined],
    ['other county', HOME, OTHER_COUNTY, null, 'province', undefined],
    ['other province', HOME, OTHER_PROVINCE, null, 'out_of_province', undefined],
    ['home county itself: two possible', HOME, HOME_COUNTY, null, undefined, 'work_area_missing'],
    ['place too coarse', HOME, CITY, null, undefined, undefined],
    ['place no region code', HOME, '1409', null, undefined, undefined],
    ['no place', HOME, null, null, undefined, undefined],
    ['home unknown', undefined, OTHER_PROVINCE, null, undefined, undefined],
  ] as const)('%s', (_why, home, place, entered, area, code) => {
    const completed = completeWorkArea(home, place, entered);
    expect(completed).toBe(area);
    expect(codeOf(checkSpellWorkArea(home, place, completed, 0))).toBe(code);
  });
});

describe('checkIdentity: 证件号码 and the sex and birth date entered beside it', () => {
  it.each([
    ['valid, nothing declared', ID, {}, true, []],
    ['valid, agreeing', ID, { sex: '2', birthDate: '1949-12-31' }, true, []],
    ['lower-case x', ID.toLowerCase(), {}, true, []],
    ['sex disagrees', ID, { sex: '1' }, true, ['sex_mismatch']],
    ['birth date disagrees', ID, { birthDate: '1949-12-30' }, true, ['birth_date_mismatch']],
    [
      'both disagree',
      ID,
      { sex: '1', birthDate: '1950-01-01' },
      true,
      ['sex_mismatch', 'birth_date_mismatch'],
    ],
    ['bad check digit', '110105194912310021', { sex: '1' }, false, ['id_number_check_digit']],
    ['blank', '', {}, false, ['id_number_blank']],
  ] as const)('%s', (_why, idNumber, declared, valid, codes) => {
    const { id, problems } = checkIdentity(idNumber, declared, TODAY);
    expect(id !== undefined).toBe(valid);
    expect(problems.map((problem) => problem.code)).toEqual(codes);
    if (id) expect(id).toMatchObject({ idNumber: ID, sex: '2', birthDate: '1949-12-31' });
  });
});

describe('checkLaborerFields: every field rule over a whole labourer', () => {
  const laborer = (overrides: Partial<LaborerFields> = {}): LaborerFields => ({
    name: '张三',
    education: '20',
    laborCapacity: 'full',
    serviceNeeds: ['job_referral'],
    spells: [{ employmentForm: 'employee', workArea: 'province', workRegionCode: OTHER_COUNTY }],
    ...overrides,
  });

  it('a clean labourer has no problem', () => {
    expect(checkLaborerFields(laborer(), HOME)).toEqual([]);
  });

  it('reports each rule with its field', () => {
    const problems = checkLaborerFields(
      laborer({
        name: text(51),
        householdNumber: 'H'.repeat(41),
        education: '99',
        serviceNeeds: ['job_referral', 'nothing'],
        spells: [
          { employmentForm: null, workArea: null, workRegionCode: HOME_COUNTY, employerName: text(101) },
          { employmentForm: 'x', workArea: 'province', workRegionCode: OTHER_COUNTY, channel: 'y' },
        ],
      }),
      HOME,
    );
    expect(problems.map(({ code, field }) => [code, field])).toEqual([
      ['name_too_long', 'name'],
      ['household_number_too_long', 'householdNumber'],
      ['invalid_code', 'education'],
      ['invalid_code', 'serviceNeeds[1]'],
      ['spell_form_missing', 'spells[0].employmentForm'],
      ['work_area_missing', 'spells[0].workArea'],
      ['employer_name_too_long', 'spells[0].employerName'],
      ['invalid_code', 'spells[1].employmentForm'],
      ['invalid_code', 'spells[1].channel'],
    ]);
  });
});
