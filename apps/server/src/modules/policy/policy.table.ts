import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** One earlier grant (append-only): caps and "once a year" of the policy engine are evaluated against these. */
export interface PolicyGrantTable {
  id: Generated<number>;
  /** person, employer, provider, station, incubator. */
  subjectKind: string;
  /** The claimant other than a person (USCC or the ledger's code); null for a person subject. */
  subjectId: string | null;
  /** HMAC blind index of the labourer's ID number (lib/field-crypto.ts blindIndex 'idNumber'). */
  personIdIndex: string | null;
  /** The ID number masked for lists (1409**********123X); null when the row names no person. */
  personIdMasked: string | null;
  /**
   * The region that granted it: a county or finer 12-digit code (every person-level row carries the code of the
   * place that owns it). Lists show a user the grants of their view scope; imports and recordings are refused
   * outside the capture scope. '000000000000' (no scope holds it) for an older row whose region could not be told
   * (migration 2026_11_22_060000).
   */
  regionCode: ColumnType<string, string | undefined, string>;
  benefitId: string;
  periodStart: string;
  periodEnd: string | null;
  amountFen: number;
  months: number | null;
  decidedOn: string;
  rulesetVersion: string | null;
  /** 文号 of the decision or the ledger the grant was imported from. */
  source: string | null;
  /** import, decision */
  origin: string;
  /** Hash of what identifies the grant: a re-imported row is skipped. */
  grantKey: string;
  createdBy: number | null;
  createdAt: string;
}

/** A parameter-value file an administrator added, re-applied over the seed ruleset in id order. */
export interface PolicyValueFileTable {
  id: Generated<number>;
  documentId: string | null;
  documentTitle: string | null;
  valueCount: number;
  /** The file as given (JSON). */
  content: string;
  contentSha256: string;
  rulesetVersion: string;
  createdBy: number | null;
  createdAt: string;
}

export type PolicyGrant = Selectable<PolicyGrantTable>;
/** A grant the application writes: it always names the granting region (the column default means 'unknown'). */
export type NewPolicyGrant = Insertable<PolicyGrantTable> & { regionCode: string };
export type PolicyValueFile = Selectable<PolicyValueFileTable>;
export type NewPolicyValueFile = Insertable<PolicyValueFileTable>;
