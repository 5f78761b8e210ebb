import type { FastifyRequest } from 'fastify';
import type {
  LaborerCreateInput,
  LaborerDetailDto,
  LaborerListItemDto,
  LaborerListQuery,
  LaborerUpdateInput,
} from '@jiuye/contracts';
import {
  ageOn,
  ancestorCodes,
  chinaDate,
  checkDeclared,
  checkLaborer,
  errorsOf,
  isWithinScope,
  maskBankAccount,
  maskIdNumber,
  maskPhone,
  phoneKey,
  possibleWorkAreas,
  regionLevel,
  isRegionCode,
  validateBankAccount,
  validateIdNumber,
  validatePhone,
  warningsOf,
  type EmploymentSpellInput,
  type LaborerInput,
  type Problem,
} from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/create-db.ts';
import { decryptField, type KeyRing } from '../../lib/field-crypto.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { assertInScope, currentUser, isInScope, resolveRegionFilter, scopeOf } from '../../lib/scope.ts';
import { recordOperation, recordSensitiveRead } from '../audit/audit.service.ts';
import { assertVillageInCaptureScope, getHousehold, membersOf } from './household.service.ts';
import { findHousehold } from './household.repository.ts';
import { findRegionNames, findUnknownRegionCodes } from '../regions/region.repository.ts';
import { idNumberIndexOf, phoneIndexOf, toLaborerColumns } from './laborer.mapping.ts';
import {
  findExistingOccupationCodes,
  findHouseholdsByPhoneIndex,
  findLaborer,
  findLaborerIdByIdNumberIndex,
  insertChanges,
  insertLaborer,
  listChanges,
  listLaborers,
  listSpells,
  replaceSpells,
  updateLaborer,
  type LaborerFilter,
  type LaborerListRow,
  type LaborerRecord,
  type SpellRecord,
} from './laborer.repository.ts';
import { checkCode, problemDetails, validationFailed } from './registry-errors.ts';

const WHAT = '劳动力';

type SpellInput = LaborerCreateInput['spells'][number];

/** Everything a labourer is, in clear: what the checks judge and the history compares. */
interface LaborerState {
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
interface CheckedState extends LaborerState {
  sex: string;
  birthDate: string;
  householdNumber: string | null;
}

export function today(): string {
  return chinaDate(new Date());
}

/** web when the request says it comes from the web app (header X-Jiuye-Client: web), else api. */
function sourceOf(request: FastifyRequest): string {
  return request.headers['x-jiuye-client'] === 'web' ? 'web' : 'api';
}

const parseList = (text: string | null): string[] => {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
};

// ---------------------------------------------------------------------------------------------------------------
// Age filter

/**
 * The latest birth date of someone at least `age` on `onDate` (ageOn counts the birthday itself; a 29 February
 * birthday falls on 28 February in common years). As an ISO string bound, `YYYY-02-29` also works in common years.
 */
export function latestBirthDateForAge(age: number, onDate: string): string {
  const [year, month, day] = onDate.split('-').map(Number) as [number, number, number];
  const isCommonFeb28 =
    month === 2 && day === 28 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
  const mmdd = isCommonFeb28 ? '02-29' : onDate.slice(5);
  return `${String(year - age).padStart(4, '0')}-${mmdd}`;
}

/**
 * The labourer filter of a list query, or of an export query (the same filters without page and order): ages and
 * days without contact become dates as of `date`. The list and the export select with it (laborer.repository.ts).
 */
export function laborerFilterOf(
  query: Omit<LaborerListQuery, 'page' | 'pageSize' | 'sort' | 'order'>,
  scope: readonly string[],
  date: string,
): LaborerFilter {
  const lastContactBefore =
    query.noContactDays === undefined
      ? undefined
      : new Date(Date.parse(`${date}T00:00:00Z`) - query.noContactDays * 86_400_000)
          .toISOString()
          .slice(0, 10);
  return {
    scope,
    visibility: query.visibility,
    q: query.q || undefined,
    householdType: query.householdType,
    monitoringCategory: query.monitoringCategory,
    laborCapacity: query.laborCapacity,
    education: query.education,
    health: query.health,
    employmentStatus: query.employmentStatus,
    workArea: query.workArea,
    trainingWillingness: query.trainingWillingness,
    jobIntention: query.jobIntention,
    occupationCode: query.occupationCode || undefined,
    birthDateMax: query.ageMin === undefined ? undefined : latestBirthDateForAge(query.ageMin, date),
    birthDateAfter: query.ageMax === undefined ? undefined : latestBirthDateForAge(query.ageMax + 1, date),
    lastContactBefore,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// List and detail

export async function listVisibleLaborers(db: Db, request: FastifyRequest, query: LaborerListQuery) {
  const scope = resolveRegionFilter(request, query.regionCode, 'view');
  const date = today();
  const { rows, total } = await listLaborers(db, {
    ...laborerFilterOf(query, scope, date),
    sort: query.sort,
    order: query.order,
    page: query.page,
    pageSize: query.pageSize,
  });
  const viewScope = scopeOf(request, 'view');
  return {
    items: rows.map((row) => toListItem(row, date, viewScope)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

function toListItem(row: LaborerListRow, date: string, viewScope: readonly string[]): LaborerListItemDto {
  return {
    ...row,
    regionName: row.regionName ?? null,
    householdNumber: row.householdNumber ?? null,
    householdType: row.householdType ?? null,
    age: ageOn(row.birthDate, date),
    workRegionCode: row.workRegionCode?.trim() ?? null,
    isReadOnly: !isWithinScope(row.regionCode, viewScope),
  };
}

/**
 * A labourer the caller may read: the 户籍地 in the view scope, or (the 2017 national rule) the 务工所在地 of an
 * employed one, read-only. Anything else is 404.
 */
async function getVisibleLaborer(db: Db, request: FastifyRequest, id: number) {
  const laborer = await findLaborer(db, id);
  if (!laborer) throw notFound(WHAT);
  if (isInScope(request, laborer.regionCode, 'view')) return { laborer, isReadOnly: false };
  if (laborer.workRegionCode && isInScope(request, laborer.workRegionCode, 'view'))
    return { laborer, isReadOnly: true };
  throw notFound(WHAT);
}

async function getOwnedLaborer(db: Db, request: FastifyRequest, id: number, kind: 'view' | 'capture') {
  const laborer = await findLaborer(db, id);
  assertInScope(request, laborer?.regionCode, kind, WHAT);
  return laborer!;
}

export async function getLaborerDetail(
  db: Db,
  request: FastifyRequest,
  id: number,
): Promise<LaborerDetailDto> {
  const { laborer, isReadOnly } = await getVisibleLaborer(db, request, id);
  const date = today();
  const spells = await listSpells(db, id);
  const household =
    laborer.householdId && !isReadOnly ? await findHousehold(db, laborer.householdId) : undefined;
  return {
    id: laborer.id,
    regionCode: laborer.regionCode,
    regionName: laborer.regionName ?? null,
    canEdit: isInScope(request, laborer.regionCode, 'capture'),
    isReadOnly,
    basic: {
      name: laborer.name,
      idNumberMasked: laborer.idNumberMasked,
      sex: laborer.sex,
      birthDate: laborer.birthDate,
      age: ageOn(laborer.birthDate, date),
      ethnicity: laborer.ethnicity,
      phoneMasked: laborer.phoneMasked,
      bankAccountMasked: isReadOnly ? null : laborer.bankAccountMasked,
      education: laborer.education,
      health: isReadOnly ? null : laborer.health,
      isDisabled: isReadOnly ? false : laborer.isDisabled,
      hasDisabilityDetail: !isReadOnly && laborer.disabilityCipher !== null,
      laborCapacity: laborer.laborCapacity,
      skills: parseList(laborer.skills),
      certificates: parseList(laborer.certificates),
      isRelocated: laborer.isRelocated,
    },
    intention: {
      trainingWillingness: laborer.trainingWillingness,
      jobIntention: laborer.jobIntention,
      intendedOccupationCode: laborer.intendedOccupationCode,
      intendedWorkArea: laborer.intendedWorkArea,
      intendedMonthlyWage: laborer.intendedMonthlyWage,
      serviceNeeds: parseList(laborer.serviceNeeds),
    },
    employment: {
      status: laborer.employmentStatus,
      workArea: laborer.workArea,
      workRegionCode: laborer.workRegionCode?.trim() ?? null,
      workRegionName: laborer.workRegionName ?? null,
      lastContactOn: laborer.lastContactOn,
      spells,
    },
    family: {
      relationToHead: laborer.relationToHead,
      household: household ?? null,
      members: household ? (await membersOf(db, household.id)).filter((member) => member.id !== id) : [],
    },
    createdAt: laborer.createdAt,
    updatedAt: laborer.updatedAt,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reveal and history

export async function revealSensitiveField(
  db: Db,
  ring: KeyRing,
  request: FastifyRequest,
  id: number,
  input: { field: 'idNumber' | 'phone' | 'bankAccount'; purpose: string },
) {
  // Only the 户籍地 reveals: the work region verifies employment with masked values.
  const laborer = await getOwnedLaborer(db, request, id, 'view');
  const cipher =
    input.field === 'idNumber'
      ? laborer.idNumberCipher
      : input.field === 'phone'
        ? laborer.phoneCipher
        : laborer.bankAccountCipher;
  const value = cipher ? decryptField(ring, cipher) : null;
  await recordSensitiveRead(db, request, {
    targetType: 'laborer',
    targetId: id,
    field: input.field,
    purpose: input.purpose,
  });
  return { field: input.field, value };
}

export async function listLaborerHistory(
  db: Db,
  request: FastifyRequest,
  id: number,
  page: number,
  pageSize: number,
) {
  await getOwnedLaborer(db, request, id, 'view');
  const { items, total } = await listChanges(db, id, page, pageSize);
  return { items, total, page, pageSize };
}

// ---------------------------------------------------------------------------------------------------------------
// Checks

function stateFromCreate(input: LaborerCreateInput): LaborerState {
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

function stateFromRecord(ring: KeyRing, laborer: LaborerRecord, spells: SpellRecord[]): CheckedState {
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

/** Codes of the code lists and the missing parts of a spell the table needs. */
function checkCodes(state: LaborerState): Problem[] {
  return [
    ...checkCode('ethnicity', state.ethnicity, 'ethnicity'),
    ...checkCode('relationship', state.relationToHead, 'relationToHead'),
    ...checkCode('education', state.education, 'education'),
    ...checkCode('health', state.health, 'health'),
    ...checkCode('labor_capacity', state.laborCapacity, 'laborCapacity'),
    ...checkCode('training_willingness', state.trainingWillingness, 'trainingWillingness'),
    ...checkCode('job_intention', state.jobIntention, 'jobIntention'),
    ...checkCode('work_area', state.intendedWorkArea, 'intendedWorkArea'),
    ...state.serviceNeeds.flatMap((need, index) => checkCode('service_need', need, `serviceNeeds[${index}]`)),
    ...state.spells.flatMap((spell, index) => [
      ...checkCode('employment_form', spell.employmentForm, `spells[${index}].employmentForm`),
      ...checkCode('work_area', spell.workArea, `spells[${index}].workArea`),
      ...checkCode('employment_channel', spell.channel, `spells[${index}].channel`),
      ...(spell.employmentForm
        ? []
        : [
            problem(
              'spell_form_missing',
              `spells[${index}].employmentForm`,
              `第${index + 1}段务工未填写就业形式`,
            ),
          ]),
    ]),
  ];
}

function problem(
  code: string,
  field: string,
  message: string,
  severity: 'error' | 'warning' = 'error',
): Problem {
  return { code, field, message, severity };
}

/** 务工地域 left blank is derived from 务工所在地 when that leaves one possibility; else it must be entered. */
function completeSpells(state: LaborerState): { spells: SpellInput[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const spells = state.spells.map((spell, index) => {
    if (spell.workArea) return spell;
    const work = spell.workRegionCode;
    const possible =
      work && isRegionCode(work) && isRegionCode(state.regionCode) && regionLevel(work) >= 3
        ? possibleWorkAreas(state.regionCode, work)
        : [];
    if (possible.length === 1) return { ...spell, workArea: possible[0] };
    if (work && isRegionCode(work) && regionLevel(work) >= 3)
      problems.push(
        problem('work_area_missing', `spells[${index}].workArea`, `第${index + 1}段务工未填写务工地域`),
      );
    return spell;
  });
  return { spells, problems };
}

/**
 * Every registry rule for a whole labourer: identity (GB 11643, declared sex and birth date), phone, bank account,
 * code lists, occupations, household, and the data-quality rules of packages/domain. Throws 400 with all errors;
 * returns the normalised state and the warnings.
 */
/**
 * 务工所在地 must be a real place: its province must exist (GB/T 2260), and a code of a province whose regions are
 * loaded (Shanxi by default, others with `jiuye regions import`) must be one of them. Places in provinces not loaded
 * are checked by their province only.
 */
async function checkWorkRegionsExist(db: Db, spells: readonly SpellInput[]): Promise<Problem[]> {
  const codes = spells.map((s) => s.workRegionCode).filter((c): c is string => !!c && isRegionCode(c));
  const unknown = await findUnknownRegionCodes(db, codes);
  const problems: Problem[] = [];
  spells.forEach((spell, index) => {
    const code = spell.workRegionCode;
    if (code && unknown.has(code)) {
      problems.push(
        problem(
          'work_region_unknown',
          `spells[${index}].workRegionCode`,
          `第${index + 1}段务工的务工所在地「${code}」不是现行区划代码`,
        ),
      );
    }
  });
  return problems;
}

async function checkState(
  db: Db,
  ring: KeyRing,
  request: FastifyRequest,
  state: LaborerState,
  selfId: number | undefined,
): Promise<{ checked: CheckedState; warnings: Problem[] }> {
  const date = today();
  const problems: Problem[] = [];

  const id = validateIdNumber(state.idNumber, { today: date });
  if (!id.ok) problems.push(...id.problems);
  else problems.push(...checkDeclared(id.value, { sex: state.sex, birthDate: state.birthDate }));

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

  problems.push(...checkCodes(state));
  const { spells, problems: spellProblems } = completeSpells(state);
  problems.push(...spellProblems);
  problems.push(...(await checkWorkRegionsExist(db, spells)));

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
    const household = await getHousehold(db, request, state.householdId, 'capture');
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

  const birthDate = id.ok ? id.value.birthDate : null;
  const phoneHouseholds = new Map<string, Set<string>>();
  const key = phoneKey(phone);
  if (phone && key) {
    const others = await findHouseholdsByPhoneIndex(
      db,
      phoneIndexOf(ring, phone),
      scopeOf(request, 'view'),
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
  if (errors.length > 0 || !id.ok) throw validationFailed(problemDetails(errors));
  return {
    checked: {
      ...state,
      idNumber: id.value.idNumber,
      sex: id.value.sex,
      birthDate: id.value.birthDate,
      phone,
      bankAccount,
      spells,
      householdNumber,
    },
    warnings: warningsOf(problems),
  };
}

function assertWarningsConfirmed(warnings: Problem[], confirm: boolean | string[] | undefined): void {
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
async function assertIdNumberFree(
  db: Db,
  ring: KeyRing,
  request: FastifyRequest,
  idNumber: string,
  selfId?: number,
) {
  const holder = await findLaborerIdByIdNumberIndex(db, idNumberIndexOf(ring, idNumber));
  if (!holder || holder.id === selfId) return;
  if (isInScope(request, holder.regionCode, 'view')) {
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

// ---------------------------------------------------------------------------------------------------------------
// History

type Snapshot = Record<string, string | null>;

const spellSummary = (spells: readonly SpellInput[]) =>
  spells.length === 0
    ? null
    : JSON.stringify(
        spells.map((spell) => ({
          startMonth: spell.startMonth.slice(0, 7),
          endMonth: spell.endMonth?.slice(0, 7) ?? null,
          employmentForm: spell.employmentForm ?? null,
          workArea: spell.workArea ?? null,
          workRegionCode: spell.workRegionCode ?? null,
          employerName: spell.employerName ?? null,
          industry: spell.industry ?? null,
          channel: spell.channel ?? null,
          monthlyIncomeFen: spell.monthlyIncomeFen ?? null,
          isOrganizedTransport: spell.isOrganizedTransport ?? false,
          hasTransportSubsidy: spell.hasTransportSubsidy ?? false,
          hasContract: spell.hasContract ?? false,
          hasSocialInsurance: spell.hasSocialInsurance ?? false,
        })),
      );

const text = (value: string | number | boolean | null | undefined) =>
  value === null || value === undefined || value === '' ? null : String(value);
const list = (values: readonly string[]) => (values.length === 0 ? null : JSON.stringify(values));

/** Field → value in clear (compared) and as shown in history (sensitive fields masked, never in clear). */
function snapshot(state: CheckedState, employmentStatus: string): { clear: Snapshot; shown: Snapshot } {
  const clear: Snapshot = {
    regionCode: state.regionCode,
    householdId: text(state.householdId),
    name: state.name,
    idNumber: state.idNumber,
    sex: state.sex,
    birthDate: state.birthDate,
    ethnicity: text(state.ethnicity),
    relationToHead: text(state.relationToHead),
    phone: text(state.phone),
    bankAccount: text(state.bankAccount),
    education: text(state.education),
    health: text(state.health),
    isDisabled: String(state.isDisabled),
    disabilityDetail: text(state.disabilityDetail),
    laborCapacity: state.laborCapacity,
    skills: list(state.skills),
    certificates: list(state.certificates),
    trainingWillingness: text(state.trainingWillingness),
    jobIntention: text(state.jobIntention),
    intendedOccupationCode: text(state.intendedOccupationCode),
    intendedWorkArea: text(state.intendedWorkArea),
    intendedMonthlyWage: text(state.intendedMonthlyWage),
    serviceNeeds: list(state.serviceNeeds),
    isRelocated: String(state.isRelocated),
    lastContactOn: text(state.lastContactOn),
    employmentStatus,
    spells: spellSummary(state.spells),
  };
  const shown: Snapshot = {
    ...clear,
    idNumber: maskIdNumber(state.idNumber),
    phone: state.phone ? maskPhone(state.phone) : null,
    bankAccount: state.bankAccount ? maskBankAccount(state.bankAccount) : null,
    disabilityDetail: state.disabilityDetail ? '******' : null,
  };
  return { clear, shown };
}

function diff(before: ReturnType<typeof snapshot> | undefined, after: ReturnType<typeof snapshot>) {
  return Object.keys(after.clear)
    .filter((field) => (before ? before.clear[field] : null) !== after.clear[field])
    .map((field) => ({
      field,
      oldValue: before ? (before.shown[field] ?? null) : null,
      newValue: after.shown[field] ?? null,
    }));
}

// ---------------------------------------------------------------------------------------------------------------
// Create and change

function spellRows(spells: readonly SpellInput[], now: string) {
  return spells.map((spell) => ({
    // The table keeps months (char(7)); a day given with the month is not stored.
    startMonth: spell.startMonth.slice(0, 7),
    endMonth: spell.endMonth ? spell.endMonth.slice(0, 7) : null,
    employmentForm: spell.employmentForm!,
    workArea: spell.workArea!,
    workRegionCode: spell.workRegionCode!,
    employerName: spell.employerName || null,
    industry: spell.industry || null,
    channel: spell.channel || null,
    monthlyIncomeFen: spell.monthlyIncomeFen ?? null,
    isOrganizedTransport: spell.isOrganizedTransport ?? false,
    hasTransportSubsidy: spell.hasTransportSubsidy ?? false,
    hasContract: spell.hasContract ?? false,
    hasSocialInsurance: spell.hasSocialInsurance ?? false,
    createdAt: now,
    updatedAt: now,
  }));
}

function columnsOf(ring: KeyRing, state: CheckedState, userId: number, now: string) {
  const columns = toLaborerColumns(
    ring,
    {
      ...state,
      homeRegionCode: state.regionCode,
      spells: state.spells as unknown as EmploymentSpellInput[],
    } as unknown as Parameters<typeof toLaborerColumns>[1],
    { today: today(), now, userId, householdId: state.householdId },
  );
  return { ...columns, lastContactOn: state.lastContactOn };
}

export async function createLaborer(
  db: Db,
  ring: KeyRing,
  request: FastifyRequest,
  input: LaborerCreateInput,
): Promise<LaborerDetailDto> {
  const user = currentUser(request);
  await assertVillageInCaptureScope(db, request, input.regionCode);
  const { checked, warnings } = await checkState(db, ring, request, stateFromCreate(input), undefined);
  await assertIdNumberFree(db, ring, request, checked.idNumber);
  assertWarningsConfirmed(warnings, input.confirmWarnings);

  const save = db.transaction().execute(async (trx) => {
    const now = nowIso();
    const columns = columnsOf(ring, checked, user.id, now);
    const newId = await insertLaborer(trx, columns);
    await replaceSpells(trx, newId, spellRows(checked.spells, now));
    const changes = diff(undefined, snapshot(checked, columns.employmentStatus));
    await insertChanges(
      trx,
      changes.map((change) => ({
        ...change,
        laborerId: newId,
        changedAt: now,
        userId: user.id,
        username: user.username,
        source: sourceOf(request),
      })),
    );
    await recordOperation(trx, request, {
      action: 'registry.laborer.create',
      targetType: 'laborer',
      targetId: newId,
      detail: {
        regionCode: checked.regionCode,
        idNumber: maskIdNumber(checked.idNumber),
        confirmedWarnings: warnings.map((w) => w.code),
      },
    });
    return newId;
  });
  // Two registrations of one number at the same moment: the unique blind index refuses the second.
  const id = await save.catch(async (error: unknown) => {
    await assertIdNumberFree(db, ring, request, checked.idNumber);
    throw error;
  });
  return getLaborerDetail(db, request, id);
}

export async function changeLaborer(
  db: Db,
  ring: KeyRing,
  request: FastifyRequest,
  id: number,
  input: LaborerUpdateInput,
): Promise<LaborerDetailDto> {
  const user = currentUser(request);
  const current = await getOwnedLaborer(db, request, id, 'capture');
  const before = stateFromRecord(ring, current, await listSpells(db, id));
  const patch = Object.fromEntries(
    Object.entries(input).filter(([key, value]) => value !== undefined && key !== 'confirmWarnings'),
  ) as Partial<LaborerState>;
  const state: LaborerState = {
    ...before,
    // Sex and birth date are derived from the ID number; only values entered now are checked against it.
    sex: null,
    birthDate: null,
    ...patch,
    skills: patch.skills ?? before.skills,
    certificates: patch.certificates ?? before.certificates,
    serviceNeeds: patch.serviceNeeds ?? before.serviceNeeds,
    spells: patch.spells ?? before.spells,
  };
  if (state.regionCode !== before.regionCode)
    await assertVillageInCaptureScope(db, request, state.regionCode);
  const { checked, warnings } = await checkState(db, ring, request, state, id);
  if (checked.idNumber !== before.idNumber) await assertIdNumberFree(db, ring, request, checked.idNumber, id);
  // A warning the record already carried was confirmed when it was saved: only new ones need confirming. A record
  // that no longer passes today's rules has nothing confirmed.
  const previous = await checkState(db, ring, request, before, id).then(
    (result) => new Set(result.warnings.map((w) => `${w.code}|${w.field}`)),
    () => new Set<string>(),
  );
  assertWarningsConfirmed(
    warnings.filter((w) => !previous.has(`${w.code}|${w.field}`)),
    input.confirmWarnings,
  );

  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    const {
      createdAt: _createdAt,
      createdBy: _createdBy,
      ...columns
    } = columnsOf(ring, checked, user.id, now);
    const changes = diff(
      snapshot(before, current.employmentStatus),
      snapshot(checked, columns.employmentStatus),
    );
    if (changes.length > 0) {
      await updateLaborer(trx, id, columns);
      if (changes.some((change) => change.field === 'spells'))
        await replaceSpells(trx, id, spellRows(checked.spells, now));
      await insertChanges(
        trx,
        changes.map((change) => ({
          ...change,
          laborerId: id,
          changedAt: now,
          userId: user.id,
          username: user.username,
          source: sourceOf(request),
        })),
      );
    }
    await recordOperation(trx, request, {
      action: 'registry.laborer.update',
      targetType: 'laborer',
      targetId: id,
      detail: {
        fields: changes.map((change) => change.field),
        confirmedWarnings: warnings.map((w) => w.code),
      },
    });
  });
  return getLaborerDetail(db, request, id);
}
