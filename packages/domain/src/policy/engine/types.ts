/**
 * Types of the policy engine: dated parameters with citations, jurisdictions, benefits made of cases with
 * declarative conditions, caps and exclusions evaluated against a ledger of earlier grants. Everything here is
 * plain data so that a ruleset can be hashed, stored and replayed.
 */

/** 'YYYY-MM-DD'. */
export type IsoDate = string;

/** 'national', or the significant prefix of a region code: '14' 山西省, '1409' 忻州市, '1410' 临汾市. */
export type Jurisdiction = string;

export type SubjectKind = 'person' | 'employer' | 'provider' | 'station' | 'incubator';

export interface JurisdictionInfo {
  code: Jurisdiction;
  name: string;
}

export interface PolicyDocument {
  id: string;
  /** 文号, e.g. 晋政办发〔2017〕29号; null when the document has none (002, 003). */
  number: string | null;
  title: string;
  issuer: string;
  issuedOn: IsoDate | null;
  jurisdiction: Jurisdiction;
  note?: string;
}

/** Where a value or a case comes from: document number (or title), article, clause, issuer. */
export interface Citation {
  documentId: string;
  documentNumber: string | null;
  title: string;
  issuer: string;
  /** Article as printed, e.g. '（十二）' or '二（三）1②'. */
  article: string;
  clause?: string;
  /** The words of the seed text that the value or case encodes. */
  quote?: string;
}

/** Inclusive interval of ISO dates; `to: null` is open-ended. */
export interface Validity {
  from: IsoDate;
  to: IsoDate | null;
}

/** An exact fraction (2/3, 80/100): kept as integers so money stays exact. */
export interface Ratio {
  numerator: number;
  denominator: number;
}

export type ParameterUnit = 'fen' | 'days' | 'months' | 'count' | 'ratio' | 'fen_by_category';

export type ParameterData = number | Ratio | Readonly<Record<string, number>>;

export interface ParameterDefinition {
  id: string;
  label: string;
  unit: ParameterUnit;
  /** For 'fen_by_category': the category codes the mapping may hold. */
  categories?: readonly string[];
  description?: string;
}

/**
 * How a value of a lower jurisdiction combines with the value inherited from above:
 * 'replace' takes the local value (also to unset it), 'cap' keeps the lower of both, 'floor' the higher.
 */
export type OverrideMode = 'replace' | 'cap' | 'floor';

export interface ParameterValue {
  parameterId: string;
  jurisdiction: Jurisdiction;
  validity: Validity;
  /** null: the document says "按规定" / "具体标准由市级制定": the parameter exists, its value is not set. */
  value: ParameterData | null;
  override: OverrideMode;
  citation: Citation;
  note?: string;
}

export type FactType = 'boolean' | 'integer' | 'date' | 'enum';

export interface FactDefinition {
  name: string;
  label: string;
  type: FactType;
  /** For 'enum'. */
  values?: readonly string[];
  valueLabels?: Readonly<Record<string, string>>;
  /** For 'integer': smallest allowed value (default 0). */
  min?: number;
  /** Display unit for integers: '天', '人', '个月', 'fen' (shown as 元) … */
  unit?: string;
}

export type FactValue = boolean | number | string;
export type Facts = Readonly<Record<string, FactValue | null | undefined>>;

export type Comparator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';

interface ConditionBase {
  id: string;
  label: string;
  citation?: Citation;
  /** A selector picks between labelled cases (e.g. ≤ 10 days vs > 10 days) rather than deciding eligibility. */
  selector?: boolean;
}

export type ConditionSpec = ConditionBase &
  (
    | { kind: 'is_true'; fact: string }
    | { kind: 'any_true'; facts: readonly string[] }
    | { kind: 'in'; fact: string; values: readonly string[] }
    | { kind: 'compare'; fact: string; op: Comparator; param: string }
    | { kind: 'compare_value'; fact: string; op: Comparator; value: number }
    | { kind: 'sum_compare'; facts: readonly string[]; op: Comparator; param: string }
    | { kind: 'ratio_at_least'; numerator: string; denominator: string; param: string }
    | { kind: 'share_of_param_at_least'; fact: string; baseParam: string; ratioParam: string }
    | { kind: 'date_in_asof_year'; fact: string }
    | { kind: 'date_within_months'; fact: string; param: string }
  );

export type ConditionKind = ConditionSpec['kind'];

/** exact: the amount is due; up_to: "不超过/最高" — the maximum payable; loan_limit: a loan ceiling; in_kind: no money. */
export type AmountKind = 'exact' | 'up_to' | 'loan_limit' | 'in_kind';

export type AmountSpec =
  | { kind: 'fixed'; param: string; amountKind: 'exact' | 'up_to'; capParam?: string }
  | {
      kind: 'per_unit';
      unitsFact: string;
      rateParam: string;
      amountKind: 'exact' | 'up_to';
      capParam?: string;
    }
  | {
      kind: 'share_of_fact';
      fact: string;
      ratioParam: string;
      amountKind: 'exact' | 'up_to';
      capParam?: string;
    }
  | {
      kind: 'by_category';
      fact: string;
      mappingParam: string;
      amountKind: 'exact' | 'up_to';
      capParam?: string;
    }
  | { kind: 'loan'; limitParam: string; interestSubsidyParam: string }
  | { kind: 'in_kind'; description: string };

/** Which earlier grants count: of the same subject, about the same person, or both. */
export type LedgerScope = 'subject' | 'person' | 'subject_person';

export interface LimitSpec {
  id: string;
  label: string;
  measure: 'count' | 'amount' | 'months';
  period: 'year' | 'lifetime';
  scope: LedgerScope;
  maxParam: string;
  /** Benefits whose grants count toward the limit; default: the benefit itself. */
  benefitIds?: readonly string[];
  /** For 'months': the fact holding the months claimed now. */
  monthsFact?: string;
  citation: Citation;
}

export interface ExclusionSpec {
  id: string;
  label: string;
  /** An earlier grant of any of these benefits excludes this one. */
  benefitIds: readonly string[];
  /** 'person_other_subject': a grant about the same person from another subject (e.g. another employer). */
  scope: LedgerScope | 'person_other_subject';
  period: 'year' | 'lifetime';
  citation: Citation;
}

export interface BenefitCase {
  id: string;
  benefitId: string;
  label: string;
  /** Base case or a labelled exception; the higher rank wins, equal ranks that both apply are a conflict. */
  kind: 'base' | 'exception';
  rank: number;
  jurisdiction: Jurisdiction;
  validity: readonly Validity[];
  citation: Citation;
  conditions: readonly ConditionSpec[];
  amount: AmountSpec;
  limits?: readonly LimitSpec[];
  exclusions?: readonly ExclusionSpec[];
  note?: string;
}

export type BenefitKind =
  'subsidy' | 'allowance' | 'reward' | 'loan' | 'tax_relief' | 'support' | 'insurance';

export interface BenefitDefinition {
  id: string;
  label: string;
  kind: BenefitKind;
  /** Who claims and is evaluated. */
  subjectKind: SubjectKind;
  /** Who receives the money, in Chinese (劳动者本人, 培训主体 …). */
  payee: string;
  /** 'person': one evaluation per labourer (payee may be an employer or provider); 'subject': per claimant. */
  unit: 'person' | 'subject';
}

export interface RulesetData {
  jurisdictions: readonly JurisdictionInfo[];
  documents: readonly PolicyDocument[];
  facts: readonly FactDefinition[];
  parameters: readonly ParameterDefinition[];
  values: readonly ParameterValue[];
  benefits: readonly BenefitDefinition[];
  cases: readonly BenefitCase[];
}

export interface RulesetIndex {
  documents: ReadonlyMap<string, PolicyDocument>;
  facts: ReadonlyMap<string, FactDefinition>;
  parameters: ReadonlyMap<string, ParameterDefinition>;
  valuesByParameter: ReadonlyMap<string, readonly ParameterValue[]>;
  benefits: ReadonlyMap<string, BenefitDefinition>;
  casesByBenefit: ReadonlyMap<string, readonly BenefitCase[]>;
  jurisdictions: ReadonlyMap<string, JurisdictionInfo>;
}

export interface Ruleset extends RulesetData {
  /** Hash of the ruleset data and the engine version: recorded in every result for replay. */
  version: string;
  index: RulesetIndex;
}

export interface RulesetError {
  code:
    | 'overlapping_validity'
    | 'missing_citation'
    | 'unknown_jurisdiction'
    | 'unknown_parameter'
    | 'unknown_document'
    | 'unknown_benefit'
    | 'unknown_fact'
    | 'invalid_value'
    | 'invalid_interval'
    | 'duplicate_id'
    | 'invalid_input';
  message: string;
  path: string;
}

export type RulesetOutcome = { ok: true; ruleset: Ruleset } | { ok: false; errors: RulesetError[] };

/** One earlier grant (append-only ledger): caps and "once a year" are evaluated against these rows. */
export interface GrantLedgerRow {
  id: string;
  benefitId: string;
  subjectKind: SubjectKind;
  subjectId: string;
  /** The labourer concerned; for a person subject it defaults to subjectId. */
  personId?: string;
  periodStart: IsoDate;
  periodEnd?: IsoDate;
  amountFen: number;
  months?: number;
  decidedOn: IsoDate;
  rulesetVersion?: string;
}

export interface Subject {
  kind: SubjectKind;
  id?: string;
  /** For employer/provider claims about one labourer: that labourer's id. */
  personId?: string;
  facts: Facts;
}

export interface Scenario {
  subject: Subject;
  asOf: IsoDate;
  /** 12-digit region code of the subject (户籍地 for a labourer, seat for an employer). */
  regionCode: string;
  grants?: readonly GrantLedgerRow[];
  /** Evaluate only these benefits (default: every benefit of the subject's kind). */
  benefitIds?: readonly string[];
}

export type NotApplicableReason =
  | 'expired'
  | 'not_yet_in_force'
  | 'no_policy_in_force'
  | 'outside_jurisdiction'
  | 'condition_not_met'
  | 'cap_reached'
  | 'excluded_by_grant'
  | 'parameter_unset'
  | 'missing_fact';

export type BenefitStatus = 'eligible' | 'conflict' | NotApplicableReason;

export interface InputUsed {
  fact: string;
  label: string;
  value: FactValue | null;
  display: string;
}

export interface ParameterChainEntry {
  jurisdiction: Jurisdiction;
  value: ParameterData | null;
  validity: Validity;
  override: OverrideMode;
  citation: Citation;
  /** True when this entry decided the effective value. */
  applied: boolean;
}

export interface ParameterTrace {
  parameterId: string;
  label: string;
  unit: ParameterUnit;
  /** 'none': no document in the system gives this parameter a value on the date. */
  status: 'set' | 'unset' | 'none';
  value: ParameterData | null;
  display: string;
  jurisdiction: Jurisdiction | null;
  validity: Validity | null;
  override: OverrideMode | null;
  citation: Citation | null;
  chain: ParameterChainEntry[];
}

export type ConditionStatus = 'met' | 'failed' | 'missing_fact' | 'parameter_unset' | 'no_policy';

export interface ConditionOutcome {
  conditionId: string;
  label: string;
  status: ConditionStatus;
  actual: string;
  required: string;
  facts: string[];
  params: string[];
  missingFacts: string[];
  selector: boolean;
  citation: Citation;
}

export type CaseOutcomeKind = 'applicable' | 'failed' | 'missing_fact' | 'parameter_unset' | 'no_policy';

export interface CaseTrace {
  caseId: string;
  label: string;
  kind: 'base' | 'exception';
  rank: number;
  jurisdiction: Jurisdiction;
  validity: readonly Validity[];
  citation: Citation;
  outcome: CaseOutcomeKind;
  conditions: ConditionOutcome[];
}

export interface AmountStep {
  label: string;
  formula: string;
  resultFen: number;
}

export interface LimitTrace {
  limitId: string;
  label: string;
  measure: 'count' | 'amount' | 'months';
  period: 'year' | 'lifetime';
  scope: LedgerScope;
  max: number | null;
  used: number;
  requested: number;
  granted: number;
  effect: 'none' | 'reduced' | 'reached';
  ledgerRows: GrantLedgerRow[];
  citation: Citation;
}

export interface ExclusionTrace {
  exclusionId: string;
  label: string;
  triggered: boolean;
  ledgerRows: GrantLedgerRow[];
  citation: Citation;
}

export interface Explanation {
  inputs: InputUsed[];
  parameters: ParameterTrace[];
  governingJurisdiction: Jurisdiction | null;
  casesConsidered: CaseTrace[];
  /** Cases in force at a more general level that the governing (more specific) level overrides. */
  overriddenCases: { caseId: string; jurisdiction: Jurisdiction; citation: Citation }[];
  /** For expired / not yet in force / gaps: the cases of the benefit for this region and their validity. */
  inactiveCases: {
    caseId: string;
    jurisdiction: Jurisdiction;
    validity: readonly Validity[];
    citation: Citation;
  }[];
  caseTaken: {
    caseId: string;
    label: string;
    kind: 'base' | 'exception';
    rank: number;
    citation: Citation;
    why: string;
  } | null;
  conflictCaseIds: string[];
  steps: AmountStep[];
  limits: LimitTrace[];
  exclusions: ExclusionTrace[];
  failedConditions: ConditionOutcome[];
  missingFacts: string[];
}

export interface BenefitResult {
  benefitId: string;
  benefitLabel: string;
  benefitKind: BenefitKind;
  payee: string;
  status: BenefitStatus;
  /** Amount in fen (分) when eligible; null otherwise and for in-kind support. */
  amountFen: number | null;
  amountKind: AmountKind | null;
  loan?: { limitFen: number; interestSubsidy: Ratio };
  /** Months granted now, when a months limit applies. */
  months?: number;
  reason: {
    code: BenefitStatus;
    message: string;
    date?: IsoDate;
    parameterId?: string;
    facts?: string[];
  } | null;
  rulesetVersion: string;
  asOf: IsoDate;
  regionCode: string;
  explanation: Explanation;
}

export interface ScenarioError {
  code: 'missing' | 'invalid_type' | 'invalid_value' | 'unknown_fact' | 'unknown_benefit';
  /** The field or fact named, e.g. 'facts.trainingDays', 'asOf'. */
  path: string;
  message: string;
}

export interface Evaluation {
  rulesetVersion: string;
  asOf: IsoDate;
  regionCode: string;
  subject: { kind: SubjectKind; id?: string; personId?: string };
  results: BenefitResult[];
  /** Non-empty when the scenario is ill-formed: then nothing is evaluated. */
  errors: ScenarioError[];
}
