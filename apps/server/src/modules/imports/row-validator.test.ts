import { FIELD_CODE_LISTS, type CodedField } from '@jiuye/domain';
import { describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS } from './import-columns.ts';
import { findHeaderRow } from './import-header.ts';
import type { HomeRegionResolver, WorkRegionResolver } from './region-resolver.ts';
import { validateRow, type RowContext } from './row-validator.ts';

const HOME = '140902100201'; // a village of 忻府区
const ID = '11010519491231002X';

// The resolvers answer from the region table; here any code is taken as it is, which is all these rows need.
const homeRegions = { byCode: (code: string) => ({ ok: true, code }) } as unknown as HomeRegionResolver;
const workRegions = {
  resolve: (text: string) => ({ ok: true, code: text.padEnd(12, '0') }),
} as unknown as WorkRegionResolver;

const HEADERS = [
  '姓名',
  '证件号码',
  '区划代码',
  '户编号',
  '户类型',
  '是否务工',
  '就业形式',
  '务工地域',
  '务工所在地',
  '就业单位名称',
  '开始年月',
];

function validate(values: Record<string, string>) {
  const header = findHeaderRow([{ rowNumber: 1, cells: HEADERS }])!;
  const context: RowContext = {
    today: '2025-06-10',
    header,
    homeRegions,
    workRegions,
    defaultRegionCode: undefined,
  };
  const cells = HEADERS.map((name) => values[name] ?? null);
  return validateRow({ rowNumber: 2, cells }, context);
}

const employed = { 姓名: '张三', 证件号码: ID, 区划代码: HOME, 是否务工: '是', 开始年月: '2025-01' };

describe('validateRow applies the labourer field rules of packages/domain', () => {
  it('resolves each coded column with the code list the form checks against', () => {
    for (const column of IMPORT_COLUMNS) {
      if (column.dictionary) expect(FIELD_CODE_LISTS[column.key as CodedField]).toBe(column.dictionary);
    }
  });

  it.each([
    [
      '姓名 of 51',
      { ...employed, 就业形式: '单位就业', 务工所在地: '110105', 姓名: '张'.repeat(51) },
      ['第2行 姓名：过长（最多50个字）'],
    ],
    [
      '户编号 of 41',
      { ...employed, 就业形式: '单位就业', 务工所在地: '110105', 户编号: 'H'.repeat(41), 户类型: '一般户' },
      ['第2行 户编号：过长（最多40位）'],
    ],
    [
      '就业单位名称 of 101',
      { ...employed, 就业形式: '单位就业', 务工所在地: '110105', 就业单位名称: '某'.repeat(101) },
      ['第2行 就业单位名称：过长（最多100个字）'],
    ],
    ['no 就业形式', { ...employed, 务工所在地: '110105' }, ['第2行 就业形式：第1段务工未填写就业形式']],
    [
      'a place in the home county leaves two 务工地域',
      { ...employed, 就业形式: '单位就业', 务工所在地: '140902' },
      ['第2行 务工地域：第1段务工未填写务工地域'],
    ],
    [
      'no 务工所在地: one error, not a second for the area',
      { ...employed, 就业形式: '单位就业' },
      ['第2行 务工所在地：第1段务工未填写务工所在地（至少到县）'],
    ],
  ])('%s', (_why, values, errors) => {
    const result = validate(values);
    expect(result.ok ? [] : result.errors).toEqual(errors);
  });

  it('keeps an employer name of 100 characters whole', () => {
    const name = '某'.repeat(100);
    const result = validate({ ...employed, 就业形式: '单位就业', 务工所在地: '110105', 就业单位名称: name });
    expect(result.ok && result.laborer.spells[0]?.employerName).toBe(name);
  });
});
