import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { LaborerCreateInput, LaborerDetailDto } from '@jiuye/contracts';
import { ApiError, errorMessage, type ErrorDetail } from '../../../shared/api/client.ts';
import { applyServerErrors } from '../../../shared/form/server-errors.ts';

/**
 * The labourer form's values and their way to and from the API: a stored labourer becomes form values, form values
 * become the body of POST/PATCH /api/laborers, and the server's field errors land on the form's fields.
 */

export interface SpellValues {
  startMonth?: Dayjs | null;
  endMonth?: Dayjs | null;
  employmentForm?: string | null;
  workArea?: string | null;
  workRegionCode?: string | null;
  employerName?: string | null;
  industry?: string | null;
  channel?: string | null;
  /** Whole yuan in the form; fen on the wire. */
  monthlyIncome?: number | null;
  flags?: Array<'isOrganizedTransport' | 'hasTransportSubsidy' | 'hasContract' | 'hasSocialInsurance'>;
}

export interface LaborerFormValues {
  regionCode?: string;
  householdId?: number | null;
  name: string;
  idNumber?: string;
  ethnicity?: string | null;
  relationToHead?: string | null;
  phone?: string;
  bankAccount?: string;
  education?: string | null;
  health?: string | null;
  isDisabled?: boolean;
  disabilityDetail?: string;
  isRelocated?: boolean;
  laborCapacity?: string;
  skills?: string[];
  certificates?: string[];
  trainingWillingness?: string | null;
  jobIntention?: string | null;
  intendedOccupationCode?: string | null;
  intendedWorkArea?: string | null;
  intendedMonthlyWage?: number | null;
  serviceNeeds?: string[];
  lastContactOn?: Dayjs | null;
  spells: SpellValues[];
}

export const SPELL_FLAGS = [
  { value: 'isOrganizedTransport', label: '点对点输送' },
  { value: 'hasTransportSubsidy', label: '享受交通补贴' },
  { value: 'hasContract', label: '签订劳动合同' },
  { value: 'hasSocialInsurance', label: '参加社会保险' },
] as const;

/** Server field names whose form field has another name. */
const FIELD_ALIASES: Record<string, string> = { homeRegionCode: 'regionCode' };
const SPELL_FIELD_ALIASES: Record<string, string> = {
  monthlyIncomeFen: 'monthlyIncome',
  isOrganizedTransport: 'flags',
  hasTransportSubsidy: 'flags',
  hasContract: 'flags',
  hasSocialInsurance: 'flags',
};

const month = (value: string | null | undefined) => (value ? dayjs(`${value.slice(0, 7)}-01`) : null);

export function valuesOf(laborer: LaborerDetailDto): LaborerFormValues {
  const { basic, intention, employment, family } = laborer;
  return {
    regionCode: laborer.regionCode,
    householdId: family.household?.id ?? null,
    name: basic.name,
    ethnicity: basic.ethnicity,
    relationToHead: family.relationToHead,
    education: basic.education,
    health: basic.health,
    isDisabled: basic.isDisabled,
    isRelocated: basic.isRelocated,
    laborCapacity: basic.laborCapacity,
    skills: basic.skills,
    certificates: basic.certificates,
    trainingWillingness: intention.trainingWillingness,
    jobIntention: intention.jobIntention,
    intendedOccupationCode: intention.intendedOccupationCode,
    intendedWorkArea: intention.intendedWorkArea,
    intendedMonthlyWage: intention.intendedMonthlyWage,
    serviceNeeds: intention.serviceNeeds,
    lastContactOn: employment.lastContactOn ? dayjs(employment.lastContactOn) : null,
    spells: employment.spells.map((spell) => ({
      startMonth: month(spell.startMonth),
      endMonth: month(spell.endMonth),
      employmentForm: spell.employmentForm,
      workArea: spell.workArea,
      workRegionCode: spell.workRegionCode,
      employerName: spell.employerName,
      industry: spell.industry,
      channel: spell.channel,
      monthlyIncome: spell.monthlyIncomeFen === null ? null : spell.monthlyIncomeFen / 100,
      flags: SPELL_FLAGS.map((flag) => flag.value).filter((flag) => spell[flag]),
    })),
  };
}

const blankToNull = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

function spellsOf(values: LaborerFormValues): LaborerCreateInput['spells'] {
  return (values.spells ?? []).map((spell) => ({
    startMonth: spell.startMonth ? spell.startMonth.format('YYYY-MM') : '',
    endMonth: spell.endMonth ? spell.endMonth.format('YYYY-MM') : null,
    employmentForm: spell.employmentForm || null,
    workArea: spell.workArea || null,
    workRegionCode: blankToNull(spell.workRegionCode),
    employerName: blankToNull(spell.employerName),
    industry: blankToNull(spell.industry),
    channel: spell.channel || null,
    monthlyIncomeFen:
      spell.monthlyIncome === null || spell.monthlyIncome === undefined
        ? null
        : Math.round(spell.monthlyIncome * 100),
    isOrganizedTransport: spell.flags?.includes('isOrganizedTransport') ?? false,
    hasTransportSubsidy: spell.flags?.includes('hasTransportSubsidy') ?? false,
    hasContract: spell.flags?.includes('hasContract') ?? false,
    hasSocialInsurance: spell.flags?.includes('hasSocialInsurance') ?? false,
  }));
}

/** The body of POST /api/laborers or PATCH /api/laborers/:id; sensitive fields left blank on edit are not sent. */
export function bodyOf(
  values: LaborerFormValues,
  isEdit: boolean,
): Omit<LaborerCreateInput, 'idNumber'> & { idNumber?: string } {
  const sensitive = (value: string | undefined) =>
    isEdit ? (value?.trim() ? value.trim() : undefined) : blankToNull(value);
  return {
    regionCode: values.regionCode ?? '',
    householdId: values.householdId ?? null,
    name: values.name.trim(),
    ...(values.idNumber?.trim() ? { idNumber: values.idNumber.trim() } : {}),
    ethnicity: values.ethnicity || null,
    relationToHead: values.relationToHead || null,
    phone: sensitive(values.phone),
    bankAccount: sensitive(values.bankAccount),
    education: values.education || null,
    health: values.health || null,
    isDisabled: values.isDisabled ?? false,
    disabilityDetail: values.isDisabled ? sensitive(values.disabilityDetail) : null,
    isRelocated: values.isRelocated ?? false,
    laborCapacity: values.laborCapacity ?? '',
    skills: values.skills ?? [],
    certificates: (values.certificates ?? []).map((text) => text.trim()).filter(Boolean),
    trainingWillingness: values.trainingWillingness || null,
    jobIntention: values.jobIntention || null,
    intendedOccupationCode: values.intendedOccupationCode || null,
    intendedWorkArea: values.intendedWorkArea || null,
    intendedMonthlyWage: values.intendedMonthlyWage ?? null,
    serviceNeeds: values.serviceNeeds ?? [],
    lastContactOn: values.lastContactOn ? values.lastContactOn.format('YYYY-MM-DD') : null,
    spells: spellsOf(values),
  };
}

/** Puts the server's field errors on the form (spells[0].workArea on the first spell's field); returns the message. */
export function showServerErrors(form: FormInstance<LaborerFormValues>, error: unknown): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  // spells[0].workArea → the field of the first spell; the rest goes through applyServerErrors.
  const spellFields: Array<{ name: ['spells', number, keyof SpellValues]; errors: string[] }> = [];
  const rest: ErrorDetail[] = [];
  for (const detail of error.details) {
    const match = /^spells\[(\d+)\]\.(\w+)$/.exec(detail.field ?? '');
    if (match) {
      const field = (SPELL_FIELD_ALIASES[match[2]!] ?? match[2]!) as keyof SpellValues;
      spellFields.push({ name: ['spells', Number(match[1]), field], errors: [detail.message] });
    } else rest.push(detail);
  }
  if (spellFields.length > 0) form.setFields(spellFields);
  return applyServerErrors(form, new ApiError(error.status, error.code, error.message, rest), FIELD_ALIASES);
}
