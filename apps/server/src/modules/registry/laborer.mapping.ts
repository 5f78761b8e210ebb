import { pinyin } from 'pinyin-pro';
import {
  findCurrentSpellIndex,
  maskBankAccount,
  maskIdNumber,
  maskPhone,
  type EmploymentSpellInput,
  type LaborerInput,
} from '@jiuye/domain';
import { blindIndex, encryptField, type KeyRing } from '../../lib/field-crypto.ts';
import type { NewLaborer } from './registry.table.ts';

/**
 * The one place where a validated labourer becomes database columns: the interactive form, the API and the bulk
 * import all go through here, so encryption, blind indexes, masks and derived values are computed the same way.
 */

/** Lower-case pinyin initials for name search (`zs` finds 张三); surnames read as surnames (单 = shan). */
export function nameInitials(name: string): string {
  // Names repeat (the synthetic million-row ledger has 225,000 distinct names); pinyin-pro is costly (~14 µs a
  // name). 300,000 remembered names take about 30 MB; beyond that the memory is cleared and starts again.
  let initials = initialsOf.get(name);
  if (initials === undefined) {
    initials = computeInitials(name);
    if (initialsOf.size >= 300_000) initialsOf.clear();
    initialsOf.set(name, initials);
  }
  return initials;
}

const initialsOf = new Map<string, string>();

function computeInitials(name: string): string {
  return pinyin(name, {
    pattern: 'first',
    toneType: 'none',
    surname: 'head',
    type: 'array',
    nonZh: 'consecutive',
  })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export type EmploymentStatus = 'employed' | 'unemployed' | 'unable';

export const EMPLOYMENT_STATUS_LABELS: Record<EmploymentStatus, string> = {
  employed: '已就业',
  unemployed: '未就业',
  unable: '无劳动能力',
};

/** 就业状态 from the spells: a spell covering today means employed; 丧失/无劳动力 are not seeking work. */
export function deriveEmploymentStatus(
  laborCapacity: string | null | undefined,
  spells: readonly EmploymentSpellInput[],
  today: string,
): { status: EmploymentStatus; current: EmploymentSpellInput | undefined } {
  const index = findCurrentSpellIndex(spells, today);
  const current = index === undefined || index < 0 ? undefined : spells[index];
  if (current) return { status: 'employed', current };
  if (laborCapacity === 'lost' || laborCapacity === 'none') return { status: 'unable', current: undefined };
  return { status: 'unemployed', current: undefined };
}

export interface SensitiveFields {
  idNumber: string;
  /** The ID number's blind index when the caller has computed it already (the bulk import). */
  idNumberIndex?: string | undefined;
  phone?: string | null;
  bankAccount?: string | null;
  disabilityDetail?: string | null;
}

/** The sensitive fields as stored: encrypted at rest, blind-indexed for exact look-ups, masked for lists. */
export function protectSensitiveFields(ring: KeyRing, fields: SensitiveFields) {
  const phone = fields.phone || null;
  const bankAccount = fields.bankAccount || null;
  return {
    idNumberCipher: encryptField(ring, fields.idNumber),
    idNumberIndex: fields.idNumberIndex ?? idNumberIndexOf(ring, fields.idNumber),
    idNumberMasked: maskIdNumber(fields.idNumber),
    idLast4: fields.idNumber.slice(-4),
    phoneCipher: phone ? encryptField(ring, phone) : null,
    phoneIndex: phone ? phoneIndexOf(ring, phone) : null,
    phoneMasked: phone ? maskPhone(phone) : null,
    bankAccountCipher: bankAccount ? encryptField(ring, bankAccount) : null,
    bankAccountMasked: bankAccount ? maskBankAccount(bankAccount) : null,
    disabilityCipher: fields.disabilityDetail ? encryptField(ring, fields.disabilityDetail) : null,
  };
}

export function idNumberIndexOf(ring: KeyRing, idNumber: string): string {
  return blindIndex(ring, 'idNumber', idNumber);
}

export function phoneIndexOf(ring: KeyRing, phone: string): string {
  return blindIndex(ring, 'phone', phone);
}

const json = (values: readonly string[] | null | undefined) =>
  values && values.length > 0 ? JSON.stringify(values) : null;

/**
 * Columns of a labourer row. `input` must already be validated (checkLaborer and validateIdNumber): this function
 * derives and protects, it does not judge.
 */
export function toLaborerColumns(
  ring: KeyRing,
  input: LaborerInput & {
    name: string;
    idNumber: string;
    sex: string;
    birthDate: string;
    bankAccount?: string | null;
    disabilityDetail?: string | null;
  },
  context: {
    today: string;
    now: string;
    userId: number | null;
    householdId: number | null;
    idNumberIndex?: string | undefined;
  },
): NewLaborer {
  const { status, current } = deriveEmploymentStatus(input.laborCapacity, input.spells, context.today);
  return {
    householdId: context.householdId,
    regionCode: input.homeRegionCode,
    name: input.name,
    nameInitials: nameInitials(input.name),
    ...protectSensitiveFields(ring, {
      idNumber: input.idNumber,
      idNumberIndex: context.idNumberIndex,
      phone: input.phone,
      bankAccount: input.bankAccount,
      disabilityDetail: input.disabilityDetail,
    }),
    sex: input.sex,
    birthDate: input.birthDate,
    ethnicity: input.ethnicity ?? null,
    relationToHead: input.relationToHead ?? null,
    education: input.education ?? null,
    health: input.health ?? null,
    isDisabled: input.isDisabled ?? false,
    laborCapacity: input.laborCapacity ?? 'full',
    skills: json(input.skills),
    certificates: json(input.certificates),
    trainingWillingness: input.trainingWillingness ?? null,
    jobIntention: input.jobIntention ?? null,
    intendedOccupationCode: input.intendedOccupationCode ?? null,
    intendedWorkArea: input.intendedWorkArea ?? null,
    intendedMonthlyWage: input.intendedMonthlyWage ?? null,
    serviceNeeds: json(input.serviceNeeds),
    isRelocated: input.isRelocated ?? false,
    employmentStatus: status,
    workArea: current?.workArea ?? null,
    workRegionCode: current?.workRegionCode ?? null,
    lastContactOn: null,
    createdBy: context.userId,
    updatedBy: context.userId,
    createdAt: context.now,
    updatedAt: context.now,
  };
}
