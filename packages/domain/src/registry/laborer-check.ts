/**
 * The field rules of a labourer and of its employment spells, as the form, the API and the import all apply them:
 * the identity checks, the length limits, the code lists and the parts a spell cannot lack. Each rule returns one
 * problem or undefined, so the import can run them cell by cell without building arrays; `checkLaborerFields` runs
 * them all over a whole labourer for the form. The data-quality rules across fields are in quality-rules.ts.
 */
import {
  checkDeclared,
  validateIdNumber,
  type DeclaredIdentity,
  type IdNumberInfo,
} from '../identity/id-number.ts';
import type { Problem } from '../identity/problem.ts';
import { error } from '../identity/problem.ts';
import { isRegionCode, regionLevel } from '../region/region-code.ts';
import {
  EDUCATION,
  EMPLOYMENT_CHANNEL,
  EMPLOYMENT_FORM,
  ETHNICITY,
  findEntry,
  HEALTH,
  HOUSEHOLD_TYPE,
  JOB_INTENTION,
  LABOR_CAPACITY,
  MONITORING_CATEGORY,
  RELATIONSHIP,
  SERVICE_NEED,
  SEX,
  TRAINING_WILLINGNESS,
  WORK_AREA,
  type Dictionary,
  type WorkAreaCode,
} from './dictionaries.ts';
import { derivedWorkArea } from './quality-rules.ts';

export type LaborerFieldProblemCode =
  | 'name_missing'
  | 'name_too_long'
  | 'household_number_too_long'
  | 'employer_name_too_long'
  | 'invalid_code'
  | 'spell_form_missing'
  | 'work_area_missing'
  | 'work_region_unknown';

// ---------------------------------------------------------------------------------------------------------------
// Length limits: the contracts (packages/contracts) take these numbers and messages for their Zod schemas.

export const LABORER_NAME_MAX_LENGTH = 50;
export const HOUSEHOLD_NUMBER_MAX_LENGTH = 40;
/** employment_spell.employer_name is unbounded text; this is the limit the contract has always allowed. */
export const EMPLOYER_NAME_MAX_LENGTH = 100;

export const NAME_MISSING_MESSAGE = '姓名不能为空';
export const NAME_TOO_LONG_MESSAGE = `姓名过长（最多${LABORER_NAME_MAX_LENGTH}个字）`;
export const HOUSEHOLD_NUMBER_TOO_LONG_MESSAGE = `户编号过长（最多${HOUSEHOLD_NUMBER_MAX_LENGTH}位）`;
export const EMPLOYER_NAME_TOO_LONG_MESSAGE = `就业单位名称过长（最多${EMPLOYER_NAME_MAX_LENGTH}个字）`;

// The problems of fixed fields are made once: the import asks for them row after row.
const NAME_MISSING = Object.freeze(error('name_missing', 'name', NAME_MISSING_MESSAGE));
const NAME_TOO_LONG = Object.freeze(error('name_too_long', 'name', NAME_TOO_LONG_MESSAGE));
const HOUSEHOLD_NUMBER_TOO_LONG = Object.freeze(
  error('household_number_too_long', 'householdNumber', HOUSEHOLD_NUMBER_TOO_LONG_MESSAGE),
);

const spellField = (index: number, field: string) => `spells[${index}].${field}`;
const spellName = (index: number) => `第${index + 1}段务工`;

/** 姓名: required, at most 50 characters (after the caller's trimming). */
export function checkName(name: string | null | undefined): Problem<LaborerFieldProblemCode> | undefined {
  if (!name) return NAME_MISSING;
  return name.length > LABORER_NAME_MAX_LENGTH ? NAME_TOO_LONG : undefined;
}

/** 户编号: at most 40 characters; blank is no household. */
export function checkHouseholdNumber(
  householdNumber: string | null | undefined,
): Problem<LaborerFieldProblemCode> | undefined {
  return householdNumber && householdNumber.length > HOUSEHOLD_NUMBER_MAX_LENGTH
    ? HOUSEHOLD_NUMBER_TOO_LONG
    : undefined;
}

/** 就业单位名称 of a spell: at most 100 characters; blank is allowed. */
export function checkEmployerName(
  employerName: string | null | undefined,
  index: number,
): Problem<LaborerFieldProblemCode> | undefined {
  if (!employerName || employerName.length <= EMPLOYER_NAME_MAX_LENGTH) return undefined;
  return error('employer_name_too_long', spellField(index, 'employerName'), EMPLOYER_NAME_TOO_LONG_MESSAGE);
}

// ---------------------------------------------------------------------------------------------------------------
// Code lists

/**
 * The code list of each coded field of a labourer, its household and its spells, by field name (the import's
 * column keys are the same names). The form checks stored codes against them, the import resolves cells with them.
 */
export const FIELD_CODE_LISTS = {
  sex: SEX,
  ethnicity: ETHNICITY,
  relationToHead: RELATIONSHIP,
  education: EDUCATION,
  health: HEALTH,
  laborCapacity: LABOR_CAPACITY,
  trainingWillingness: TRAINING_WILLINGNESS,
  jobIntention: JOB_INTENTION,
  intendedWorkArea: WORK_AREA,
  serviceNeeds: SERVICE_NEED,
  householdType: HOUSEHOLD_TYPE,
  monitoringCategory: MONITORING_CATEGORY,
  employmentForm: EMPLOYMENT_FORM,
  workArea: WORK_AREA,
  channel: EMPLOYMENT_CHANNEL,
} as const satisfies Record<string, Dictionary>;

export type CodedField = keyof typeof FIELD_CODE_LISTS;

/** A stored code must be one of its list (`「文化程度」没有代码「99」`); blank is not judged here. */
export function checkCode(
  dictionary: Dictionary,
  value: string | null | undefined,
  field: string,
): Problem<LaborerFieldProblemCode> | undefined {
  if (value === null || value === undefined || value === '' || findEntry(dictionary, value)) return undefined;
  return error('invalid_code', field, `「${dictionary.name}」没有代码「${value}」`);
}

// ---------------------------------------------------------------------------------------------------------------
// What a spell cannot lack

/** 就业形式 is required of every spell. */
export function checkSpellForm(
  employmentForm: string | null | undefined,
  index: number,
): Problem<LaborerFieldProblemCode> | undefined {
  if (employmentForm) return undefined;
  return error(
    'spell_form_missing',
    spellField(index, 'employmentForm'),
    `${spellName(index)}未填写就业形式`,
  );
}

// Only a place at least a county and a valid home tell the area (checkWorkRegion reports any other place).
function tellsWorkArea(homeRegionCode: string | null | undefined, workRegionCode: string | null | undefined) {
  return (
    !!homeRegionCode &&
    !!workRegionCode &&
    isRegionCode(homeRegionCode) &&
    isRegionCode(workRegionCode) &&
    regionLevel(workRegionCode) >= 3
  );
}

/** 务工地域 of a spell: the one entered, else the one 务工所在地 leaves (derivedWorkArea); undefined when neither. */
export function completeWorkArea(
  homeRegionCode: string | null | undefined,
  workRegionCode: string | null | undefined,
  workArea: WorkAreaCode | null | undefined,
): WorkAreaCode | undefined {
  if (workArea) return workArea;
  return tellsWorkArea(homeRegionCode, workRegionCode)
    ? derivedWorkArea(homeRegionCode!, workRegionCode!)
    : undefined;
}

/**
 * 务工地域 must be entered where 务工所在地 leaves two (a county-level place in the home county). A missing or bad
 * place is not reported again here: its own rule names the cause. Pass the area after `completeWorkArea`.
 */
export function checkSpellWorkArea(
  homeRegionCode: string | null | undefined,
  workRegionCode: string | null | undefined,
  workArea: string | null | undefined,
  index: number,
): Problem<LaborerFieldProblemCode> | undefined {
  if (workArea || !tellsWorkArea(homeRegionCode, workRegionCode)) return undefined;
  return error('work_area_missing', spellField(index, 'workArea'), `${spellName(index)}未填写务工地域`);
}

/**
 * 务工所在地 must be a current region code (GB/T 2260, the loaded region table): the server looks the codes up and
 * names each unknown one with this problem.
 */
export function workRegionUnknown(code: string, index: number): Problem<LaborerFieldProblemCode> {
  return error(
    'work_region_unknown',
    spellField(index, 'workRegionCode'),
    `${spellName(index)}的务工所在地「${code}」不是现行区划代码`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Identity

export interface IdentityCheck {
  /** The number's facts when it is valid (also when the declared sex or birth date disagree). */
  readonly id: IdNumberInfo | undefined;
  /** The number's problems when invalid, else those of the declared sex and birth date (GB 11643 §5.2, §5.3). */
  readonly problems: readonly Problem[];
}

const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

/** 证件号码 (GB 11643), and the sex and birth date entered beside it, which must agree with it. */
export function checkIdentity(idNumber: string, declared: DeclaredIdentity, today: string): IdentityCheck {
  const result = validateIdNumber(idNumber, { today, field: 'idNumber' });
  if (!result.ok) return { id: undefined, problems: result.problems };
  if (!declared.sex && !declared.birthDate) return { id: result.value, problems: NO_PROBLEMS };
  return { id: result.value, problems: checkDeclared(result.value, declared) };
}

// ---------------------------------------------------------------------------------------------------------------
// A whole labourer (the form and the API)

export interface LaborerFields {
  readonly name: string;
  readonly householdNumber?: string | null;
  readonly ethnicity?: string | null;
  readonly relationToHead?: string | null;
  readonly education?: string | null;
  readonly health?: string | null;
  readonly laborCapacity?: string | null;
  readonly trainingWillingness?: string | null;
  readonly jobIntention?: string | null;
  readonly intendedWorkArea?: string | null;
  readonly serviceNeeds?: readonly string[] | null;
  readonly spells: readonly SpellFields[];
}

export interface SpellFields {
  readonly employmentForm?: string | null;
  /** As completed by `completeWorkArea`. */
  readonly workArea?: string | null;
  readonly workRegionCode?: string | null;
  readonly employerName?: string | null;
  readonly channel?: string | null;
}

const LABORER_CODED_FIELDS = [
  'ethnicity',
  'relationToHead',
  'education',
  'health',
  'laborCapacity',
  'trainingWillingness',
  'jobIntention',
  'intendedWorkArea',
] as const satisfies readonly CodedField[];

/**
 * Every field rule of this file over a labourer whose spells' areas are completed: name, household number, code
 * lists, and per spell its code lists, 就业形式, 务工地域 and 就业单位名称. The identity is checked apart
 * (`checkIdentity`): its result is needed beyond the problems.
 */
export function checkLaborerFields(
  laborer: LaborerFields,
  homeRegionCode: string,
): Problem<LaborerFieldProblemCode>[] {
  const problems: Problem<LaborerFieldProblemCode>[] = [];
  const add = (problem: Problem<LaborerFieldProblemCode> | undefined) => {
    if (problem) problems.push(problem);
  };
  add(checkName(laborer.name));
  add(checkHouseholdNumber(laborer.householdNumber));
  for (const field of LABORER_CODED_FIELDS) add(checkCode(FIELD_CODE_LISTS[field], laborer[field], field));
  (laborer.serviceNeeds ?? []).forEach((need, index) =>
    add(checkCode(SERVICE_NEED, need, `serviceNeeds[${index}]`)),
  );
  laborer.spells.forEach((spell, index) => {
    add(checkCode(EMPLOYMENT_FORM, spell.employmentForm, spellField(index, 'employmentForm')));
    add(checkCode(WORK_AREA, spell.workArea, spellField(index, 'workArea')));
    add(checkCode(EMPLOYMENT_CHANNEL, spell.channel, spellField(index, 'channel')));
    add(checkSpellForm(spell.employmentForm, index));
    add(checkSpellWorkArea(homeRegionCode, spell.workRegionCode, spell.workArea, index));
    add(checkEmployerName(spell.employerName, index));
  });
  return problems;
}
