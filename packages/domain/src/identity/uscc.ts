/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters = registration authority (1) + entity type (1) + region code of
 * the registering authority (6, GB/T 2260) + organisation code (9, GB 11714) + check character (1). The characters
 * are the digits and the capital letters without I, O, Z, S, V (31 symbols, worth 0–30).
 */
import type { Checked, Problem } from './problem.ts';
import { error, fail, settle, warning } from './problem.ts';
import type { Rng } from './rng.ts';
import { randomInt } from './rng.ts';
import { compactIdentifier } from './text.ts';

export const USCC_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// GB 32100-2015 §5.3 (check character): weight of position i (1-based) is 3^(i-1) mod 31.
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
// GB 11714-1997 (organisation code): weights of the 8 body characters; digits are worth 0–9, A–Z 10–35.
const ORGANIZATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export type UsccProblemCode =
  | 'uscc_blank'
  | 'uscc_format'
  | 'uscc_characters'
  | 'uscc_region'
  | 'uscc_check_character'
  | 'uscc_organization_code';

export interface UsccInfo {
  readonly uscc: string;
  /** 登记管理部门码: 1 机构编制, 5 民政, 9 市场监管 (工商), Y 其他 … */
  readonly registrationAuthorityCode: string;
  /** 机构类别码, e.g. 91 企业, 92 个体工商户, 93 农民专业合作社 together with the authority code. */
  readonly entityTypeCode: string;
  /** 登记管理机关行政区划码 (6 digits; 100000 for national registrations). */
  readonly regionCode6: string;
  /** 主体标识码 = the 9-character organisation code of GB 11714. */
  readonly organizationCode: string;
}

/** Half-width, without spaces, upper-case. */
export function normalizeUscc(input: string): string {
  return compactIdentifier(input).toUpperCase();
}

/** GB 32100-2015 check character of the first 17 characters: C18 = 31 − (Σ Ci·Wi mod 31), 31 written as 0. */
export function computeUsccCheckCharacter(first17: string): string {
  if (first17.length !== 17 || [...first17].some((char) => !USCC_CHARACTERS.includes(char))) {
    throw new RangeError('computeUsccCheckCharacter needs 17 characters of the GB 32100 set');
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += USCC_CHARACTERS.indexOf(first17[i] ?? '') * (USCC_WEIGHTS[i] ?? 0);
  return USCC_CHARACTERS[(31 - (sum % 31)) % 31] ?? '';
}

/** GB 11714-1997 check character of an organisation code body (8 characters): 11 − (Σ mod 11), 10 → X, 11 → 0. */
export function computeOrganizationCheckCharacter(body8: string): string | undefined {
  if (!/^[0-9A-Z]{8}$/u.test(body8)) return undefined;
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += Number.parseInt(body8[i] ?? '0', 36) * (ORGANIZATION_WEIGHTS[i] ?? 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * Validates a USCC: length, character set and check character are errors. The GB 11714 check of the embedded
 * organisation code is only a warning: codes keep the organisation code they were given, and a wrongly rejected
 * employer costs more than one to confirm.
 */
export function validateUscc(
  input: string,
  options: { readonly field?: string } = {},
): Checked<UsccInfo, UsccProblemCode> {
  const field = options.field ?? 'uscc';
  const code = normalizeUscc(input);
  if (code === '') return fail([error('uscc_blank', field, '统一社会信用代码不能为空')]);
  if (code.length !== 18) {
    return fail([error('uscc_format', field, `统一社会信用代码应为18位，实际为${code.length}位`)]);
  }
  const wrong = [...new Set([...code].filter((char) => !USCC_CHARACTERS.includes(char)))];
  if (wrong.length > 0) {
    return fail([
      error(
        'uscc_characters',
        field,
        `统一社会信用代码含有不允许的字符${wrong.join('、')}（只能是数字和除I、O、Z、S、V以外的大写字母）`,
      ),
    ]);
  }
  const problems: Problem<UsccProblemCode>[] = [];
  // GB 32100-2015 §4: characters 3–8 are the registering authority's administrative division code.
  const regionCode6 = code.slice(2, 8);
  if (!/^\d{6}$/u.test(regionCode6)) {
    problems.push(
      error('uscc_region', field, `统一社会信用代码第3–8位${regionCode6}应为6位数字的行政区划码`),
    );
  }
  if (computeUsccCheckCharacter(code.slice(0, 17)) !== code[17]) {
    problems.push(error('uscc_check_character', field, '统一社会信用代码校验位不正确，请核对是否录入有误'));
  }
  const organizationCode = code.slice(8, 17);
  if (computeOrganizationCheckCharacter(organizationCode.slice(0, 8)) !== organizationCode[8]) {
    problems.push(
      warning(
        'uscc_organization_code',
        field,
        `统一社会信用代码第9–17位（组织机构代码${organizationCode}）未通过GB 11714校验，请核对`,
      ),
    );
  }
  return settle(
    {
      uscc: code,
      registrationAuthorityCode: code.slice(0, 1),
      entityTypeCode: code.slice(0, 2),
      regionCode6,
      organizationCode,
    },
    problems,
  );
}

export function isValidUscc(input: string): boolean {
  return validateUscc(input).ok;
}

export interface GenerateUsccOptions {
  readonly regionCode6: string;
  /** Registration authority and entity type, e.g. '91' (企业, the default), '92' 个体工商户, '93' 合作社. */
  readonly entityTypeCode?: string;
}

/** A real-format code for tests and synthetic data: GB 11714-valid organisation code, GB 32100 check character. */
export function generateUscc(rng: Rng, options: GenerateUsccOptions): string {
  const entityTypeCode = options.entityTypeCode ?? '91';
  if (!/^\d{6}$/u.test(options.regionCode6)) throw new RangeError('regionCode6 must be 6 digits');
  if (entityTypeCode.length !== 2 || [...entityTypeCode].some((char) => !USCC_CHARACTERS.includes(char))) {
    throw new RangeError('entityTypeCode must be 2 characters of the GB 32100 set');
  }
  // Body characters come from the GB 32100 set, so the whole code stays inside it.
  const body = Array.from({ length: 8 }, () => USCC_CHARACTERS[randomInt(rng, 0, 30)] ?? '0').join('');
  const first17 = `${entityTypeCode}${options.regionCode6}${body}${computeOrganizationCheckCharacter(body) ?? '0'}`;
  return first17 + computeUsccCheckCharacter(first17);
}
