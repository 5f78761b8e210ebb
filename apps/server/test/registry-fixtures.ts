import { chinaDate, computeIdCheckCharacter } from '@jiuye/domain';

// Regions of the test database (忻州市 1409 and 临汾市 1410).
export const XINZHOU = '140900000000'; // 忻州市
export const XINFU = '140902000000'; // 忻府区
export const XIURONG = '140902001000'; // 秀容街道
export const DONGDAJIE = '140902001002'; // 秀容街道东大街社区
export const GUZHONG = '140902001003'; // 秀容街道古钟社区
export const CHANGZHENG = '140902002000'; // 长征街街道
export const CHANGZHENG_EAST = '140902002001'; // 长征东街社区
export const YUANPING_VILLAGE = '140981001001'; // 原平市城西社区
export const YAODU = '141002000000'; // 尧都区 (临汾市)
export const SHANGHUI = '141002001001'; // 尧都区商会社区
export const PASSWORD = 'Staff-Pass-2026';

let sequence = 0;

/** A valid GB 11643 number: region 6 digits, birth date, sex ('1' odd, '2' even sequence), fresh each call. */
export function makeIdNumber(birthDate: string, sex: '1' | '2' = '1', region6 = '140902'): string {
  sequence += 1;
  const order = String(sequence % 100).padStart(2, '0');
  const parity =
    sex === '1' ? 1 + 2 * (Math.floor(sequence / 100) % 5) : 2 * (Math.floor(sequence / 100) % 5);
  const first17 = `${region6}${birthDate.replaceAll('-', '')}${order}${parity}`;
  return first17 + computeIdCheckCharacter(first17);
}

export function todayInChina(): string {
  return chinaDate(new Date());
}

/** The date `years` years before today (ISO), keeping month and day. */
export function yearsAgo(years: number, plusDays = 0): string {
  const today = todayInChina();
  const date = new Date(`${Number(today.slice(0, 4)) - years}${today.slice(4)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + plusDays);
  return date.toISOString().slice(0, 10);
}

/** A minimal valid labourer body for POST /api/laborers. */
export function laborerBody(overrides: Record<string, unknown> = {}) {
  return {
    regionCode: DONGDAJIE,
    name: '张三',
    idNumber: makeIdNumber('1990-03-15', '1'),
    laborCapacity: 'full',
    spells: [],
    ...overrides,
  };
}

/** A current spell in 尧都区 (省内县外 from 忻府区). */
export function outsideSpell(overrides: Record<string, unknown> = {}) {
  return {
    startMonth: '2024-03',
    employmentForm: 'employee',
    workArea: 'province',
    workRegionCode: YAODU,
    employerName: '临汾某建筑公司',
    channel: 'migrant_work',
    monthlyIncomeFen: 450_000,
    ...overrides,
  };
}
