import type { LaborerCreateInput } from '@jiuye/contracts';
import {
  ancestorCodes,
  checkIdentity,
  checkLaborer,
  checkLaborerFields,
  completeWorkArea,
  errorsOf,
  isRegionCode,
  phoneKey,
  validateBankAccount,
  validatePhone,
  workRegionUnknown,
  warningsOf,
  type EmploymentSpellInput,
  type LaborerInput,
  type Problem,
} from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { decryptField, type KeyRing } from '../../lib/field-crypto.ts';
import { AppError } from '../../lib/errors.ts';
import { isInScope, scopeOf } from '../../lib/scope.ts';
import type { Actor } from '../auth/actor.ts';
import { getHousehold } from './household.service.ts';
import { findRegionNames, findUnknownRegionCodes } from '../regions/region.repository.ts';
import { idNumberIndexOf, phoneIndexOf } from './laborer.mapping.ts';
import {
  findExistingOccupationCodes,
  findHouseholdsByPhoneIndex,
  findLaborerIdByIdNumberIndex,
  type LaborerRecord,
  type SpellRecord,
} from './laborer.repository.ts';
import { parseList, today } from './laborer-read.service.ts';
import { problemDetails, validationFailed } from './registry-errors.ts';

export type SpellInput = LaborerCreateInput['spells'][number];

/** Everything a labourer is, in clear: what the checks judge and the history compares. */
export interface LaborerState {
  regionCode: string;
  householdId: number | null;
  name: string;
  idNumber: string;
  /** As declared in this request (checked against the ID number), null when not given. */
  sex: string | null;
  birthDate: string | null;
  ethnicity: string | null;
  relationToHead: string | null;
  phone: string | null;
  bankAccount: string | null;
  education: string | null;
  health: string | null;
  isDisabled: boolean;
  disabilityDetail: string | null;
  laborCapacity: string;
  skills: string[];
  certificates: string[];
  trainingWillingness: string | null;
  jobIntention: string | null;
  intendedOccupationCode: string | null;
  intendedWorkArea: string | null;
  intendedMonthlyWage: number | null;
  serviceNeeds: string[];
  isRelocated: boolean;
  lastContactOn: string | null;
  spells: SpellInput[];
}

/** A state that passed every check: identity derived and normalised. */
export interface CheckedState extends LaborerState {
  sex: string;
  birthDate: string;
  householdNumber: string | null;
}

export function stateFromCreate(input: LaborerCreateInput): LaborerState {
  return {
    regionCode: input.regionCode,
    householdId: input.householdId ?? null,
    name: input.name,
    idNumber: input.idNumber,
    sex: input.sex || null,
    birthDate: input.birthDate || null,
    ethnicity: input.ethnicity || null,
    relationToHead: input.relationToHead || null,
    phone: input.phone || null,
    bankAccount: input.bankAccount || null,
    education: input.education || null,
    health: input.health || null,
    isDisabled: input.isDisabled ?? false,
    disabilityDetail: input.disabilityDetail || null,
    laborCapacity: input.laborCapacity,
    skills: input.skills ?? [],
    certificates: input.certificates ?? [],
    trainingWillingness: input.trainingWillingness || null,
    jobIntention: input.jobIntention || null,
    intendedOccupationCode: input.intendedOccupationCode || null,
    intendedWorkArea: input.intendedWorkArea || null,
    intendedMonthlyWage: input.intendedMonthlyWage ?? null,
    serviceNeeds: input.serviceNeeds ?? [],
    isRelocated: input.isRelocated ?? false,
    lastContactOn: input.lastContactOn ?? null,
    spells: input.spells ?? [],
  };
}

export function stateFromRecord(ring: KeyRing, laborer: LaborerRecord, spells: SpellRecord[]): CheckedState {
  return {
    regionCode: laborer.regionCode,
    householdId: laborer.householdId,
    householdNumber: null,
    name: laborer.name,
    idNumber: decryptField(ring, laborer.idNumberCipher),
    sex: laborer.sex,
    birthDate: laborer.birthDate,
    ethnicity: laborer.ethnicity,
    relationToHead: laborer.relationToHead,
    phone: laborer.phoneCipher ? decryptField(ring, laborer.phoneCipher) : null,
    bankAccount: laborer.bankAccountCipher ? decryptField(ring, laborer.bankAccountCipher) : null,
    education: laborer.education,
    health: laborer.health,
    isDisabled: laborer.isDisabled,
    disabilityDetail: laborer.disabilityCipher ? decryptField(ring, laborer.disabilityCipher) : null,
    laborCapacity: laborer.laborCapacity,
    skills: parseList(laborer.skills),
    certificates: parseList(laborer.certificates),
    trainingWillingness: laborer.trainingWillingness,
    jobIntention: laborer.jobIntention,
    intendedOccupationCode: laborer.intendedOccupationCode,
    intendedWorkArea: laborer.intendedWorkArea,
    intendedMonthlyWage: laborer.intendedMonthlyWage,
    serviceNeeds: parseList(laborer.serviceNeeds),
    isRelocated: laborer.isRelocated,
    lastContactOn: laborer.lastContactOn,
    spells: spells.map((spell) => ({
      startMonth: spell.startMonth,
      endMonth: spell.endMonth,
      employmentForm: spell.employmentForm,
      workArea: spell.workArea,
      workRegionCode: spell.workRegionCode,
      employerName: spell.employerName,
      industry: spell.industry,
      channel: spell.channel,
      monthlyIncomeFen: spell.monthlyIncomeFen,
      isOrganizedTransport: spell.isOrganizedTransport,
      hasTransportSubsidy: spell.hasTransportSubsidy,
      hasContract: spell.hasContract,
      hasSocialInsurance: spell.hasSocialInsurance,
    })),
  };
}

function problem(code: string, field: string, message: string): Problem {
  return { code, field, message, severity: 'error' };
}

/** 务工地域 left blank is completed from 务工所在地 where that leaves one possibility (completeWorkArea). */
function completeSpells(state: LaborerState): SpellInput[] {
  return state.spells.map((spell) => {
    if (spell.workArea) return spell;
    const derived = completeWorkArea(state.regionCode, spell.workRegionCode, null);
    return derived ? { ...spell, workArea: derived } : spell;
  });
}

/**
 * 务工所在地 must be a real place: its province must exist (GB/T 2260), and a code of a province whose regions are
 * loaded (Shanxi by default, others with `jiuye regions import`) must be one of them. Places in provinces not loaded
 * are checked by their province only. One query for all the codes given: a labourer's spells (the form and the
 * API) or a chunk of the import (imports/work-place-check.ts); each caller names the unknown ones with
 * workRegionUnknown. Codes that are no region code at all are left to checkWorkRegion.
 */
export async function findUnknownWorkPlaces(
  db: Db,
  codes: readonly (string | null | undefined)[],
): Promise<ReadonlySet<string>> {
  return findUnknownRegionCodes(
    db,
    codes.filter((code): code is string => !!code && isRegionCode(code)),
  );
}

/**
 * Every registry rule for a whole labourer: identity (GB 11643, declared sex and birth date), phone, bank account,
 * code lists, occupations, household, and the data-quality rules of packages/domain. Throws 400 with all errors;
 * returns the normalised state and the warnings.
 */
export async function checkState(
  db: Db,
  ring: KeyRing,
  actor: Actor,
  state: LaborerState,
  selfId: number | undefined,
): Promise<{ checked: CheckedState; warnings: Problem[] }> {
  const date = today();
  const problems: Problem[] = [];

  const { id, problems: identityProblems } = checkIdentity(
    state.idNumber,
    { sex: state.sex, birthDate: state.birthDate },
    date,
  );
  problems.push(...identityProblems);

  let phone = state.phone;
  if (phone) {
    const result = validatePhone(phone);
    if (result.ok) phone = result.value.normalized;
    else problems.push(...result.problems);
  }
  let bankAccount = state.bankAccount;
  if (bankAccount) {
    const result = validateBankAccount(bankAccount);
    if (result.ok) {
      bankAccount = result.value;
      problems.push(...result.warnings);
    } else problems.push(...result.problems);
  }

  const spells = completeSpells(state);
  problems.push(...checkLaborerFields({ ...state, spells }, state.regionCode));
  const unknownPlaces = await findUnknownWorkPlaces(
    db,
    spells.map((spell) => spell.workRegionCode),
  );
  spells.forEach((spell, index) => {
    if (spell.workRegionCode && unknownPlaces.has(spell.workRegionCode))
      problems.push(workRegionUnknown(spell.workRegionCode, index));
  });

  const occupationFields = [
    ...state.skills.map((code, index) => ({ field: `skills[${index}]`, code })),
    ...(state.intendedOccupationCode
      ? [{ field: 'intendedOccupationCode', code: state.intendedOccupationCode }]
      : []),
  ];
  const known = await findExistingOccupationCodes(
    db,
    occupationFields.map((f) => f.code),
  );
  for (const { field, code } of occupationFields) {
    if (!known.has(code))
      problems.push(problem('occupation_unknown', field, `职业分类大典中没有代码「${code}」`));
  }

  let householdNumber: string | null = null;
  if (state.householdId !== null) {
    const household = await getHousehold(db, actor, state.householdId, 'capture');
    householdNumber = household.householdNumber;
    if (household.regionCode !== state.regionCode) {
      problems.push(
        problem(
          'household_region_mismatch',
          'householdId',
          `所选户（${household.householdNumber}）不在该劳动力的户籍地`,
        ),
      );
    }
  }

  const birthDate = id ? id.birthDate : null;
  const phoneHouseholds = new Map<string, Set<string>>();
  const key = phoneKey(phone);
  if (phone && key) {
    const others = await findHouseholdsByPhoneIndex(
      db,
      phoneIndexOf(ring, phone),
      scopeOf(actor, 'view'),
      selfId,
    );
    if (others.length > 0) phoneHouseholds.set(key, new Set(others));
  }
  const domainInput = {
    ...state,
    phone,
    birthDate,
    householdNumber,
    homeRegionCode: state.regionCode,
    spells: spells as unknown as EmploymentSpellInput[],
  } as unknown as LaborerInput;
  problems.push(...checkLaborer(domainInput, { today: date, phoneHouseholds }));

  const errors = errorsOf(problems);
  if (errors.length > 0 || !id) throw validationFailed(problemDetails(errors));
  return {
    checked: {
      ...state,
      idNumber: id.idNumber,
      sex: id.sex,
      birthDate: id.birthDate,
      phone,
      bankAccount,
      spells,
      householdNumber,
    },
    warnings: warningsOf(problems),
  };
}

export function assertWarningsConfirmed(warnings: Problem[], confirm: boolean | string[] | undefined): void {
  if (warnings.length === 0 || confirm === true) return;
  const confirmed = new Set(Array.isArray(confirm) ? confirm : []);
  const open = warnings.filter((warning) => !confirmed.has(warning.code));
  if (open.length === 0) return;
  throw new AppError(
    'CONFIRMATION_REQUIRED',
    '以下情况需要确认后才能保存，请核对后确认（confirmWarnings）',
    problemDetails(open),
  );
}

/** One ID number exists once (blind index): the holder's region is named only inside the caller's view scope. */
export async function assertIdNumberFree(
  db: Db,
  ring: KeyRing,
  actor: Actor,
  idNumber: string,
  selfId?: number,
) {
  const holder = await findLaborerIdByIdNumberIndex(db, idNumberIndexOf(ring, idNumber));
  if (!holder || holder.id === selfId) return;
  if (isInScope(actor, holder.regionCode, 'view')) {
    const name = await regionPathName(db, holder.regionCode);
    throw new AppError('ID_NUMBER_EXISTS', `该证件号码已在${name}登记，可申请转入`, [
      {
        field: 'idNumber',
        code: 'ID_NUMBER_EXISTS',
        message: `该证件号码已在${name}登记`,
        laborerId: holder.id,
        regionCode: holder.regionCode,
        regionName: name,
        canRequestTransfer: true,
      },
    ]);
  }
  throw new AppError('ID_NUMBER_EXISTS', '该证件号码已在其他地区登记，可申请转入', [
    { field: 'idNumber', code: 'ID_NUMBER_EXISTS', message: '已在其他地区登记', canRequestTransfer: true },
  ]);
}

/** 忻州市忻府区秀容街道东大街社区: the names from the city down (the province is implied). */
export async function regionPathName(db: Db, code: string): Promise<string> {
  const codes = [...ancestorCodes(code).slice(1), code];
  const names = await findRegionNames(db, codes);
  return codes.map((c) => names.get(c) ?? '').join('') || code;
}
