/**
 * 公民身份号码 (GB 11643-1999): 6-digit address code (GB/T 2260) + 8-digit birth date + 3-digit sequence code
 * (odd for men, even for women) + 1 check character (ISO 7064:1983 MOD 11-2, 10 written as X). The 15-digit
 * numbers issued before 1999 have a 6-digit birth date (century 19 implied) and no check character.
 */
import { daysInMonth, formatIsoDate, isLeapYear, isRealDate, parseIsoDate } from './calendar.ts';
import type { Checked, Problem } from './problem.ts';
import { error, fail, succeed } from './problem.ts';
import type { Rng } from './rng.ts';
import { randomInt } from './rng.ts';
import { compactIdentifier } from './text.ts';

/** GB/T 2261.1-2003 人的性别代码: 1 男性, 2 女性 (0 未知 and 9 未说明 never come out of an ID number). */
export type SexCode = '1' | '2';
export const SEX_MALE: SexCode = '1';
export const SEX_FEMALE: SexCode = '2';
export const SEX_LABELS: Record<SexCode, string> = { '1': '男', '2': '女' };

/**
 * GB/T 2260 province-level codes, the first two digits of every address code: 31 provinces, autonomous regions and
 * municipalities, plus 71 台湾, 81 香港, 82 澳门 (residents of which hold mainland ID numbers since 2018).
 */
export const PROVINCE_NAMES: Readonly<Record<string, string>> = {
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
};

export const PROVINCE_CODES: readonly string[] = Object.keys(PROVINCE_NAMES);

/** The earliest birth date accepted: nobody born before 1900 is alive to register. */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

export type IdNumberProblemCode =
  | 'id_number_blank'
  | 'id_number_format'
  | 'id_number_region'
  | 'id_number_birth_date'
  | 'id_number_birth_date_future'
  | 'id_number_birth_date_too_early'
  | 'id_number_check_digit';

export type DeclaredProblemCode = 'sex_mismatch' | 'birth_date_mismatch';

export interface IdNumberInfo {
  /** The 18-character number, normalised (and converted when a 15-digit number was given). */
  readonly idNumber: string;
  readonly regionCode6: string;
  readonly provinceCode: string;
  /** 'YYYY-MM-DD' */
  readonly birthDate: string;
  readonly sex: SexCode;
  /** True when the input was a 15-digit number converted to 18. */
  readonly converted: boolean;
}

export interface IdNumberOptions {
  /** 'YYYY-MM-DD': birth dates after it are rejected. Pass `chinaDate(new Date())` from calendar.ts. */
  readonly today: string;
  /** Field name the problems carry; `idNumber` unless told. */
  readonly field?: string;
}

/**
 * The form an ID number is compared and stored in: full-width digits and letters made half-width, every space
 * (incl. ideographic and zero-width) removed, a lower-case x made upper-case (GB 11643 §4: the check character 10
 * is written X).
 */
export function normalizeIdNumber(input: string): string {
  return compactIdentifier(input).replace(/x/gu, 'X');
}

// GB 11643-1999 §7.2 / ISO 7064 MOD 11-2: weight of position i (1-based, from the left) is 2^(18-i) mod 11.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** The check character of the first 17 digits (ISO 7064 MOD 11-2 as GB 11643-1999 §7.2 applies it). */
export function computeIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/u.test(first17)) throw new RangeError('computeIdCheckCharacter needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARACTERS[sum % 11] ?? '';
}

/**
 * 15-digit number → 18 (GB 11643-1999 replaced GB 11643-1989): insert the century 19 before the 6-digit birth date
 * and append the check character. Undefined when the input is not 15 digits; dates are checked by validation.
 */
export function convertLegacyIdNumber(input: string): string | undefined {
  const number = normalizeIdNumber(input);
  if (!/^\d{15}$/u.test(number)) return undefined;
  const first17 = `${number.slice(0, 6)}19${number.slice(6)}`;
  return first17 + computeIdCheckCharacter(first17);
}

/** Validates an 18-digit or legacy 15-digit number and derives region, birth date and sex from it. */
export function validateIdNumber(
  input: string,
  options: IdNumberOptions,
): Checked<IdNumberInfo, IdNumberProblemCode> {
  const field = options.field ?? 'idNumber';
  const number = normalizeIdNumber(input);
  if (number === '') return fail([error('id_number_blank', field, '证件号码不能为空')]);

  const isModern = /^\d{17}[\dX]$/u.test(number);
  const isLegacy = /^\d{15}$/u.test(number);
  if (!isModern && !isLegacy) {
    const message =
      number.length === 18 || number.length === 15
        ? '证件号码只能由数字组成，18位号码的最后一位可以是X'
        : `证件号码应为18位（或15位旧号码），实际为${number.length}位`;
    return fail([error('id_number_format', field, message)]);
  }

  const full = isModern ? number : (convertLegacyIdNumber(number) ?? '');
  const problems: Problem<IdNumberProblemCode>[] = [];

  // GB 11643-1999 §5.1: the address code is a GB/T 2260 code; only its province is checked, because a number keeps
  // the county code of the year it was issued (e.g. 1423xx of the former 吕梁地区) long after 2260 changed it.
  const regionCode6 = full.slice(0, 6);
  const provinceCode = full.slice(0, 2);
  if (PROVINCE_NAMES[provinceCode] === undefined) {
    problems.push(
      error(
        'id_number_region',
        field,
        `证件号码前6位地址码${regionCode6}无效：${provinceCode}不是省级行政区划代码`,
      ),
    );
  }

  // GB 11643-1999 §5.2: the birth date is a real calendar date (GB/T 7408), here between 1900 and today.
  const [year, month, day] = [
    Number(full.slice(6, 10)),
    Number(full.slice(10, 12)),
    Number(full.slice(12, 14)),
  ];
  const birthDate = formatIsoDate(year, month, day);
  if (!isRealDate(year, month, day)) {
    problems.push(
      error('id_number_birth_date', field, `证件号码中的出生日期${full.slice(6, 14)}不是有效日期`),
    );
  } else if (birthDate < EARLIEST_BIRTH_DATE) {
    problems.push(
      error('id_number_birth_date_too_early', field, `证件号码中的出生日期${birthDate}早于1900年`),
    );
  } else if (birthDate > options.today) {
    problems.push(error('id_number_birth_date_future', field, `证件号码中的出生日期${birthDate}晚于今天`));
  }

  // GB 11643-1999 §7.2: the 18th character must equal the MOD 11-2 check character of the first 17 digits. The
  // expected value is not shown: a typo elsewhere would otherwise be "fixed" by changing the last character.
  if (isModern && computeIdCheckCharacter(full.slice(0, 17)) !== full[17]) {
    problems.push(error('id_number_check_digit', field, '证件号码校验位不正确，请核对号码是否录入有误'));
  }

  if (problems.length > 0) return fail(problems);
  return succeed({
    idNumber: full,
    regionCode6,
    provinceCode,
    birthDate,
    // GB 11643-1999 §5.3: the sequence code (digits 15–17) is odd for men and even for women.
    sex: Number(full[16]) % 2 === 1 ? SEX_MALE : SEX_FEMALE,
    converted: isLegacy,
  });
}

export function isValidIdNumber(input: string, options: IdNumberOptions): boolean {
  return validateIdNumber(input, options).ok;
}

/**
 * Age in whole years (周岁) on a date, as ledgers count it: it goes up on the birthday itself (criminal law counts
 * from the day after, 法释〔2006〕1号 第二条; not followed here). Someone born on 29 February has the birthday on
 * 28 February in common years (民法典 第二百零二条: a period without the corresponding day ends on the month's
 * last day). Negative before birth. Both dates 'YYYY-MM-DD'.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const birth = parseIsoDate(birthDate);
  const on = parseIsoDate(onDate);
  if (!birth || !on) {
    throw new RangeError(`ageOn needs two real 'YYYY-MM-DD' dates, got ${birthDate}, ${onDate}`);
  }
  const birthdayThisYear =
    birth.month === 2 && birth.day === 29 && !isLeapYear(on.year) ? daysInMonth(on.year, 2) : birth.day;
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.day >= birthdayThisYear);
  return on.year - birth.year - (hadBirthday ? 0 : 1);
}

export interface DeclaredIdentity {
  /** GB/T 2261.1 code as entered ('1' 男, '2' 女); blank is not compared. */
  readonly sex?: string | null | undefined;
  /** 'YYYY-MM-DD' as entered; blank is not compared. */
  readonly birthDate?: string | null | undefined;
}

/**
 * Entered sex and birth date against those the ID number encodes (GB 11643-1999 §5.2, §5.3): one error per field
 * that disagrees. An invalid number yields no problem here; its validation reports it.
 */
export function checkDeclared(
  id: IdNumberInfo | string,
  declared: DeclaredIdentity,
  fields: { readonly sex?: string; readonly birthDate?: string } = {},
): Problem<DeclaredProblemCode>[] {
  const info = typeof id === 'string' ? readStructurally(id) : id;
  if (!info) return [];
  const problems: Problem<DeclaredProblemCode>[] = [];
  if (declared.sex && declared.sex !== info.sex) {
    const entered = SEX_LABELS[declared.sex as SexCode] ?? declared.sex;
    problems.push(
      error(
        'sex_mismatch',
        fields.sex ?? 'sex',
        `性别与证件号码不符：证件号码表示${SEX_LABELS[info.sex]}，填写的是${entered}`,
      ),
    );
  }
  if (declared.birthDate && declared.birthDate !== info.birthDate) {
    problems.push(
      error(
        'birth_date_mismatch',
        fields.birthDate ?? 'birthDate',
        `出生日期与证件号码不符：证件号码表示${info.birthDate}，填写的是${declared.birthDate}`,
      ),
    );
  }
  return problems;
}

// Any date is "today" here: checkDeclared compares, it does not judge plausibility.
function readStructurally(input: string): IdNumberInfo | undefined {
  const result = validateIdNumber(input, { today: '9999-12-31' });
  return result.ok ? result.value : undefined;
}

/**
 * Masked for lists and exports: the first 4 characters (province and city) and the last 4 stay visible, e.g.
 * 1409**********123X. Anything of 8 characters or fewer is masked entirely.
 */
export function maskIdNumber(input: string): string {
  const number = normalizeIdNumber(input);
  if (number.length <= 8) return '*'.repeat(number.length);
  return `${number.slice(0, 4)}${'*'.repeat(number.length - 8)}${number.slice(-4)}`;
}

export interface GenerateIdNumberOptions {
  /** GB/T 2260 address code, 6 digits (e.g. 140902 忻府区). */
  readonly regionCode6: string;
  /** 'YYYY-MM-DD', from 1900 on. */
  readonly birthDate: string;
  /** Random when not given. */
  readonly sex?: SexCode;
}

/** A valid 18-digit number for tests and synthetic data: random sequence code of the right parity, check character. */
export function generateIdNumber(rng: Rng, options: GenerateIdNumberOptions): string {
  if (!/^\d{6}$/u.test(options.regionCode6)) throw new RangeError('regionCode6 must be 6 digits');
  const birth = parseIsoDate(options.birthDate);
  if (!birth || options.birthDate < EARLIEST_BIRTH_DATE) {
    throw new RangeError('birthDate must be a date from 1900');
  }
  const sex = options.sex ?? (rng() < 0.5 ? SEX_MALE : SEX_FEMALE);
  const parityDigit = 2 * randomInt(rng, 0, 4) + (sex === SEX_MALE ? 1 : 0);
  const sequence = `${String(randomInt(rng, 0, 99)).padStart(2, '0')}${parityDigit}`;
  const first17 = `${options.regionCode6}${options.birthDate.replaceAll('-', '')}${sequence}`;
  return first17 + computeIdCheckCharacter(first17);
}
