import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface DictionaryItemTable {
  type: string;
  code: string;
  label: string;
  sort: number;
  eraFrom: string | null;
  eraTo: string | null;
  /** JSON array of other labels accepted on import. */
  aliases: string | null;
}

export interface OccupationTable {
  /** 大典 code, e.g. 6-18-02-04. */
  code: string;
  level: number;
  name: string;
  parentCode: string | null;
  isGreen: boolean;
  isDigital: boolean;
  definition: string | null;
}

export interface HouseholdTable {
  id: Generated<number>;
  householdNumber: string;
  countyCode: string;
  regionCode: string;
  householdType: string;
  monitoringCategory: string | null;
  riskType: string | null;
  isRiskEliminated: boolean;
  riskEliminatedOn: string | null;
  headName: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface LaborerTable {
  id: Generated<number>;
  householdId: number | null;
  regionCode: string;
  name: string;
  nameInitials: string;
  idNumberCipher: string;
  idNumberIndex: string;
  idNumberMasked: string;
  idLast4: string;
  sex: string;
  birthDate: string;
  ethnicity: string | null;
  relationToHead: string | null;
  phoneCipher: string | null;
  phoneIndex: string | null;
  phoneMasked: string | null;
  bankAccountCipher: string | null;
  bankAccountMasked: string | null;
  education: string | null;
  health: string | null;
  isDisabled: boolean;
  disabilityCipher: string | null;
  laborCapacity: string;
  /** JSON array of 大典 codes. */
  skills: string | null;
  certificates: string | null;
  trainingWillingness: string | null;
  jobIntention: string | null;
  intendedOccupationCode: string | null;
  intendedWorkArea: string | null;
  intendedMonthlyWage: number | null;
  /** JSON array of service-need codes. */
  serviceNeeds: string | null;
  isRelocated: boolean;
  employmentStatus: string;
  workArea: string | null;
  workRegionCode: string | null;
  lastContactOn: string | null;
  createdBy: number | null;
  updatedBy: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface EmploymentSpellTable {
  id: Generated<number>;
  laborerId: number;
  startMonth: string;
  endMonth: string | null;
  employmentForm: string;
  workArea: string;
  workRegionCode: string;
  employerName: string | null;
  industry: string | null;
  channel: string | null;
  /** 月收入 in fen. */
  monthlyIncomeFen: number | null;
  isOrganizedTransport: boolean;
  hasTransportSubsidy: boolean;
  hasContract: boolean;
  hasSocialInsurance: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface LaborerChangeTable {
  id: Generated<number>;
  laborerId: number;
  changedAt: string;
  userId: number | null;
  username: string | null;
  /** web, api, import, transfer … */
  source: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

export interface TransferRequestTable {
  id: Generated<number>;
  laborerId: number;
  fromRegionCode: string;
  toRegionCode: string;
  reason: string | null;
  /** pending, accepted, refused, withdrawn */
  status: string;
  requestedBy: number;
  requestedAt: string;
  decidedBy: number | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export type Household = Selectable<HouseholdTable>;
export type NewHousehold = Insertable<HouseholdTable>;
export type Laborer = Selectable<LaborerTable>;
export type NewLaborer = Insertable<LaborerTable>;
export type LaborerUpdate = Updateable<LaborerTable>;
export type EmploymentSpell = Selectable<EmploymentSpellTable>;
