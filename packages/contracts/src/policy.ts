import { z } from 'zod';
import { pageQuerySchema, pageSchema, regionCodeSchema } from './common.ts';

/**
 * The policy engine's API: evaluate a scenario or a registry labourer against every benefit of the seed documents
 * and the values administrators added; the policy library; administrator value files. Money is integer fen (分)
 * everywhere; dates are ISO YYYY-MM-DD.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为YYYY-MM-DD格式');

export const POLICY_SUBJECT_KINDS = ['person', 'employer', 'provider', 'station', 'incubator'] as const;
export const policySubjectKindSchema = z
  .enum(POLICY_SUBJECT_KINDS)
  .describe(
    'person 劳动者, employer 用人单位, provider 培训机构/人力资源服务机构, station 服务站, incubator 创业孵化基地',
  );
export type PolicySubjectKind = z.infer<typeof policySubjectKindSchema>;

export const BENEFIT_STATUSES = [
  'eligible',
  'conflict',
  'expired',
  'not_yet_in_force',
  'no_policy_in_force',
  'outside_jurisdiction',
  'condition_not_met',
  'cap_reached',
  'excluded_by_grant',
  'parameter_unset',
  'missing_fact',
] as const;

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces

export const policyCitationSchema = z.object({
  documentId: z.string(),
  documentNumber: z.string().nullable().describe('文号; null when the document has none'),
  title: z.string(),
  issuer: z.string(),
  article: z.string().describe('Article as printed, e.g. （十二）'),
  clause: z.string().optional(),
  quote: z.string().optional().describe('The words of the document the value or case encodes'),
});
export type PolicyCitationDto = z.infer<typeof policyCitationSchema>;

export const policyValiditySchema = z.object({
  from: z.string(),
  to: z.string().nullable().describe('Inclusive; null is open-ended'),
});

export const ratioSchema = z.object({ numerator: z.number().int(), denominator: z.number().int() });

export const parameterDataSchema = z
  .union([z.number(), ratioSchema, z.record(z.string(), z.number())])
  .describe('fen, days, months or a count; a { numerator, denominator } ratio; or a category → fen mapping');

export const factValueSchema = z.union([z.boolean(), z.number(), z.string()]);

export const grantLedgerRowSchema = z.object({
  id: z.string().min(1),
  benefitId: z.string(),
  subjectKind: policySubjectKindSchema,
  subjectId: z.string(),
  personId: z.string().optional().describe('The labourer concerned; for a person subject it is subjectId'),
  periodStart: isoDate,
  periodEnd: isoDate.optional(),
  amountFen: z.number().int().min(0),
  months: z.number().int().min(0).optional(),
  decidedOn: isoDate,
  rulesetVersion: z.string().optional(),
});
export type GrantLedgerRowDto = z.infer<typeof grantLedgerRowSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Evaluate

export const policyEvaluateSchema = z
  .object({
    laborerId: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'A labourer of the registry: facts from the registry row, earlier grants from the ledger, region = 户籍地',
      ),
    subject: z
      .object({
        kind: policySubjectKindSchema,
        id: z.string().max(100).optional(),
        personId: z.string().max(100).optional().describe('For an employer or provider claim: the labourer'),
        facts: z
          .record(z.string(), factValueSchema.nullable())
          .describe('Facts by name (GET /api/policy/library lists them with their type)'),
      })
      .optional()
      .describe('The subject of a free scenario (without laborerId)'),
    facts: z
      .record(z.string(), factValueSchema.nullable())
      .optional()
      .describe('With laborerId: facts the registry does not hold (training days …); registry facts prevail'),
    asOf: isoDate.optional().describe('Evaluation date; with laborerId defaults to today'),
    regionCode: regionCodeSchema.optional().describe('12-digit region of the subject (户籍地 / seat)'),
    grants: z.array(grantLedgerRowSchema).max(1000).optional().describe('Earlier grants (ledger rows)'),
    benefitIds: z.array(z.string()).max(100).optional().describe('Evaluate only these benefits'),
    requireFacts: z
      .boolean()
      .optional()
      .describe('Answer 400 naming the facts still missing instead of results with status missing_fact'),
  })
  .describe('A scenario (subject, asOf, regionCode, grants) or a registry labourer (laborerId)');
export type PolicyEvaluateInput = z.infer<typeof policyEvaluateSchema>;

const inputUsedSchema = z.object({
  fact: z.string(),
  label: z.string(),
  value: factValueSchema.nullable(),
  display: z.string(),
});

const parameterTraceSchema = z.object({
  parameterId: z.string(),
  label: z.string(),
  unit: z.string(),
  status: z.enum(['set', 'unset', 'none']).describe('none: no document gives a value on the date'),
  value: parameterDataSchema.nullable(),
  display: z.string(),
  jurisdiction: z.string().nullable(),
  validity: policyValiditySchema.nullable(),
  override: z.string().nullable(),
  citation: policyCitationSchema.nullable(),
  chain: z.array(
    z.object({
      jurisdiction: z.string(),
      value: parameterDataSchema.nullable(),
      validity: policyValiditySchema,
      override: z.string(),
      citation: policyCitationSchema,
      applied: z.boolean(),
    }),
  ),
});

const conditionOutcomeSchema = z.object({
  conditionId: z.string(),
  label: z.string(),
  status: z.enum(['met', 'failed', 'missing_fact', 'parameter_unset', 'no_policy']),
  actual: z.string(),
  required: z.string(),
  facts: z.array(z.string()),
  params: z.array(z.string()),
  missingFacts: z.array(z.string()),
  selector: z.boolean(),
  citation: policyCitationSchema,
});

const caseTraceSchema = z.object({
  caseId: z.string(),
  label: z.string(),
  kind: z.enum(['base', 'exception']),
  rank: z.number().int(),
  jurisdiction: z.string(),
  validity: z.array(policyValiditySchema),
  citation: policyCitationSchema,
  outcome: z.enum(['applicable', 'failed', 'missing_fact', 'parameter_unset', 'no_policy']),
  conditions: z.array(conditionOutcomeSchema),
});

const limitTraceSchema = z.object({
  limitId: z.string(),
  label: z.string(),
  measure: z.enum(['count', 'amount', 'months']),
  period: z.enum(['year', 'lifetime']),
  scope: z.string(),
  max: z.number().nullable(),
  used: z.number(),
  requested: z.number(),
  granted: z.number(),
  effect: z.enum(['none', 'reduced', 'reached']),
  ledgerRows: z.array(grantLedgerRowSchema),
  citation: policyCitationSchema,
});

const explanationSchema = z.object({
  inputs: z.array(inputUsedSchema).describe('Facts read, with their display'),
  parameters: z.array(parameterTraceSchema).describe('Each parameter with value, validity and citation'),
  governingJurisdiction: z.string().nullable(),
  casesConsidered: z.array(caseTraceSchema),
  overriddenCases: z.array(
    z.object({ caseId: z.string(), jurisdiction: z.string(), citation: policyCitationSchema }),
  ),
  inactiveCases: z.array(
    z.object({
      caseId: z.string(),
      jurisdiction: z.string(),
      validity: z.array(policyValiditySchema),
      citation: policyCitationSchema,
    }),
  ),
  caseTaken: z
    .object({
      caseId: z.string(),
      label: z.string(),
      kind: z.enum(['base', 'exception']),
      rank: z.number().int(),
      citation: policyCitationSchema,
      why: z.string(),
    })
    .nullable(),
  conflictCaseIds: z.array(z.string()),
  steps: z.array(z.object({ label: z.string(), formula: z.string(), resultFen: z.number() })),
  limits: z.array(limitTraceSchema),
  exclusions: z.array(
    z.object({
      exclusionId: z.string(),
      label: z.string(),
      triggered: z.boolean(),
      ledgerRows: z.array(grantLedgerRowSchema),
      citation: policyCitationSchema,
    }),
  ),
  failedConditions: z.array(conditionOutcomeSchema).describe('For a denial: actual and required values'),
  missingFacts: z.array(z.string()),
});

export interface ExplanationNodeDto {
  label: string;
  children?: ExplanationNodeDto[] | undefined;
}

export const explanationNodeSchema: z.ZodType<ExplanationNodeDto> = z.object({
  label: z.string(),
  get children() {
    return z.array(explanationNodeSchema).optional();
  },
});

export const benefitResultSchema = z.object({
  benefitId: z.string(),
  benefitLabel: z.string(),
  benefitKind: z.string(),
  payee: z.string().describe('Who receives the money (劳动者本人, 用人单位 …)'),
  status: z.enum(BENEFIT_STATUSES),
  statusLabel: z.string(),
  amountFen: z.number().int().nullable().describe('Amount in fen when eligible; null otherwise'),
  amountKind: z.enum(['exact', 'up_to', 'loan_limit', 'in_kind']).nullable(),
  loan: z.object({ limitFen: z.number().int(), interestSubsidy: ratioSchema }).optional(),
  months: z.number().int().optional(),
  reason: z
    .object({
      code: z.enum(BENEFIT_STATUSES),
      message: z.string(),
      date: z.string().optional(),
      parameterId: z.string().optional(),
      facts: z.array(z.string()).optional(),
    })
    .nullable(),
  rulesetVersion: z.string(),
  asOf: z.string(),
  regionCode: z.string(),
  sentence: z.string().describe('The explanation as one Chinese sentence for the applicant'),
  tree: explanationNodeSchema.describe('The explanation as a tree for staff'),
  explanation: explanationSchema,
});
export type BenefitResultDto = z.infer<typeof benefitResultSchema>;

export const policyEvaluationSchema = z.object({
  rulesetVersion: z.string().describe('Recorded so that a decision can be replayed'),
  asOf: z.string(),
  regionCode: z.string(),
  subject: z.object({
    kind: policySubjectKindSchema,
    id: z.string().optional(),
    personId: z.string().optional(),
  }),
  laborer: z
    .object({
      id: z.number().int(),
      name: z.string(),
      idNumberMasked: z.string(),
      regionCode: z.string(),
      registryFacts: z.record(z.string(), factValueSchema).describe('Facts taken from the registry'),
      ledgerGrantCount: z.number().int().describe('Earlier grants found in the ledger'),
    })
    .nullable(),
  results: z.array(benefitResultSchema),
});
export type PolicyEvaluationDto = z.infer<typeof policyEvaluationSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Library

export const policyLibrarySchema = z.object({
  rulesetVersion: z.string(),
  jurisdictions: z.array(z.object({ code: z.string(), name: z.string() })),
  documents: z.array(
    z.object({
      id: z.string(),
      number: z.string().nullable(),
      title: z.string(),
      issuer: z.string(),
      issuedOn: z.string().nullable(),
      jurisdiction: z.string(),
      origin: z
        .enum(['seed', 'added'])
        .describe('seed: the five seed documents; added: an administrator file'),
      articles: z
        .array(z.object({ article: z.string(), clause: z.string().optional(), quotes: z.array(z.string()) }))
        .describe('Articles cited by values and cases, with the words quoted'),
    }),
  ),
  facts: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      type: z.enum(['boolean', 'integer', 'date', 'enum']),
      values: z.array(z.string()).optional(),
      valueLabels: z.record(z.string(), z.string()).optional(),
      min: z.number().optional(),
      unit: z.string().optional(),
    }),
  ),
  parameters: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      unit: z.string(),
      categories: z.array(z.string()).optional(),
      values: z.array(
        z.object({
          jurisdiction: z.string(),
          validity: policyValiditySchema,
          value: parameterDataSchema.nullable().describe('null: 按规定 / 待设定'),
          display: z.string(),
          override: z.string(),
          citation: policyCitationSchema,
          note: z.string().optional(),
        }),
      ),
      benefitIds: z.array(z.string()).describe('Benefits whose cases use the parameter'),
    }),
  ),
  benefits: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      kind: z.string(),
      subjectKind: policySubjectKindSchema,
      payee: z.string(),
      unit: z.enum(['person', 'subject']),
      parameterIds: z.array(z.string()),
      cases: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          kind: z.enum(['base', 'exception']),
          rank: z.number().int(),
          jurisdiction: z.string(),
          validity: z.array(policyValiditySchema),
          citation: policyCitationSchema,
          facts: z.array(z.string()).describe('Facts the case reads (conditions, amount, months claimed)'),
          capParam: z.string().nullable().describe('The parameter capping the amount (不超过…), if any'),
          limits: z
            .array(
              z.object({
                id: z.string(),
                label: z.string(),
                measure: z.enum(['count', 'amount', 'months']),
                period: z.enum(['year', 'lifetime']),
                scope: z.string().describe('subject, person or subject_person: whose grants count'),
                maxParam: z.string().describe('The parameter holding the maximum'),
                benefitIds: z.array(z.string()).describe('Benefits whose grants count toward the limit'),
                citation: policyCitationSchema,
              }),
            )
            .describe('Caps against the grant ledger (per year or lifetime; count, amount or months)'),
          exclusions: z
            .array(
              z.object({
                id: z.string(),
                label: z.string(),
                scope: z.string(),
                period: z.enum(['year', 'lifetime']),
                benefitIds: z
                  .array(z.string())
                  .describe('An earlier grant of any of these excludes this one'),
                citation: policyCitationSchema,
              }),
            )
            .describe('Exclusivity (不得重复享受) against the grant ledger'),
        }),
      ),
    }),
  ),
  factsBySubjectKind: z
    .array(
      z.object({
        subjectKind: policySubjectKindSchema,
        facts: z
          .array(z.object({ name: z.string(), benefitIds: z.array(z.string()) }))
          .describe('In the order the cases first use them, with the benefits using each'),
      }),
    )
    .describe('Which facts a scenario of each subject kind needs'),
});
export type PolicyLibraryDto = z.infer<typeof policyLibrarySchema>;

// ---------------------------------------------------------------------------------------------------------------
// Administrator value files

export const policyValuesFileSchema = z
  .object({
    document: z
      .object({
        id: z.string().min(1).max(100),
        number: z.string().max(100).nullish().describe('文号'),
        title: z.string().max(300),
        issuer: z.string().max(200),
        issuedOn: isoDate.nullish(),
        jurisdiction: z.string().max(12).describe('national, 14, 1409 …'),
      })
      .optional()
      .describe('The new document whose values the file adds'),
    values: z
      .array(
        z.object({
          parameter: z.string(),
          jurisdiction: z.string(),
          from: z.string(),
          to: z.string().nullish(),
          value: parameterDataSchema.nullable().describe('In the parameter’s unit; null = 待设定'),
          override: z.enum(['replace', 'cap', 'floor']).optional(),
          supersede: z.boolean().optional().describe('End the values in force where this one starts'),
          citation: z
            .object({
              documentId: z.string().optional(),
              documentNumber: z.string().nullish(),
              title: z.string().optional(),
              issuer: z.string().optional(),
              article: z.string().optional(),
              clause: z.string().optional(),
              quote: z.string().optional(),
            })
            .optional(),
          note: z.string().max(500).optional(),
        }),
      )
      .max(1000),
  })
  .describe('Refused whole on overlapping validity, a missing citation or an unknown jurisdiction');
export type PolicyValuesFileInput = z.infer<typeof policyValuesFileSchema>;

export const policyValueFileSchema = z.object({
  id: z.number().int(),
  documentId: z.string().nullable(),
  documentTitle: z.string().nullable(),
  valueCount: z.number().int(),
  rulesetVersion: z.string().describe('Ruleset version once the file was applied'),
  createdBy: z.number().int().nullable(),
  createdAt: z.string(),
});
export type PolicyValueFileDto = z.infer<typeof policyValueFileSchema>;
export const policyValueFileListSchema = z.object({
  items: z.array(policyValueFileSchema),
  rulesetVersion: z.string().describe('The ruleset in force now'),
});

// ---------------------------------------------------------------------------------------------------------------
// Grant ledger

export const policyGrantQuerySchema = pageQuerySchema.extend({
  laborerId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('Every grant held about this registry labourer (in your view scope), wherever it was granted'),
  regionCode: regionCodeSchema
    .optional()
    .describe('Granting region inside your view scope; default the whole scope (ignored with laborerId)'),
  benefitId: z.string().max(100).optional(),
  periodFrom: isoDate.optional().describe('Grants whose period starts on or after this date'),
  periodTo: isoDate.optional().describe('Grants whose period starts on or before this date'),
});

/**
 * The same filters with an exact ID number, sent in the body of POST /policy/grants/search: an ID number never
 * travels in a URL, which proxies and browsers log (OWASP ASVS 4.0 V8.3.1).
 */
export const policyGrantSearchSchema = policyGrantQuerySchema.extend({
  idNumber: z
    .string()
    .trim()
    .max(30)
    .optional()
    .describe('Exact ID number of the person (matched by its blind index, never stored or shown in full)'),
});
export type PolicyGrantQuery = z.infer<typeof policyGrantSearchSchema>;

export const policyGrantSchema = z.object({
  id: z.number().int(),
  regionCode: z.string().describe('The region that granted it (county or finer); 000000000000 = unknown'),
  regionName: z.string().nullable(),
  subjectKind: policySubjectKindSchema,
  subjectId: z.string().nullable(),
  personIdMasked: z.string().nullable().describe('1409**********123X'),
  personName: z
    .string()
    .nullable()
    .describe(
      'The registry labourer’s name, when registered in your view scope and you may read the registry',
    ),
  laborerId: z.number().int().nullable().describe('Likewise: the registry labourer, when you may see them'),
  benefitId: z.string(),
  benefitLabel: z.string(),
  periodStart: z.string(),
  periodEnd: z.string().nullable(),
  amountFen: z.number().int(),
  months: z.number().int().nullable(),
  decidedOn: z.string(),
  rulesetVersion: z.string().nullable(),
  source: z.string().nullable(),
  origin: z.string().describe('import: from a ledger file; decision: recorded from an evaluation'),
  createdAt: z.string(),
});
export type PolicyGrantDto = z.infer<typeof policyGrantSchema>;
export const policyGrantListSchema = pageSchema(policyGrantSchema);
export type PolicyGrantPageDto = z.infer<typeof policyGrantListSchema>;

export const policyGrantRecordSchema = z
  .object({
    laborerId: z.number().int().positive().describe('The registry labourer granted (the subject)'),
    benefitId: z.string().min(1).max(100),
    asOf: isoDate.describe('The evaluation date of the decision: the benefit is evaluated again on it'),
    facts: z
      .record(z.string(), factValueSchema.nullable())
      .optional()
      .describe('The facts given with the evaluation that the registry does not hold'),
    rulesetVersion: z
      .string()
      .min(1)
      .max(100)
      .describe('The ruleset version of the evaluation; refused when the ruleset in force has changed'),
    periodStart: isoDate.optional().describe('Default: asOf'),
    periodEnd: isoDate.optional(),
    amountFen: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Default: the evaluated amount; never more than it'),
    decidedOn: isoDate.optional().describe('Default: today (China); not in the future'),
    regionCode: regionCodeSchema
      .optional()
      .describe(
        'The granting region, in your capture scope; default the labourer’s 户籍地 (or your only county)',
      ),
    source: z.string().trim().max(300).optional().describe('文号 of the decision'),
  })
  .describe(
    'Records a grant decided on an evaluation; refused when the engine finds the benefit not applicable',
  );
export type PolicyGrantRecordInput = z.infer<typeof policyGrantRecordSchema>;

export const policyGrantImportSummarySchema = z.object({
  rows: z.number().int().describe('Data rows read'),
  inserted: z.number().int(),
  skipped: z.number().int().describe('Rows the ledger already held'),
});
export type PolicyGrantImportSummaryDto = z.infer<typeof policyGrantImportSummarySchema>;

// ---------------------------------------------------------------------------------------------------------------
// What-if over the registry

export const policyWhatIfSchema = z.object({
  overlay: policyValuesFileSchema.describe(
    'A parameter-value file as POST /api/policy/values takes it: each value supersedes the values in force from its date on; jurisdiction "*" = every jurisdiction holding the parameter; citation optional (the what-if cites itself)',
  ),
  asOf: isoDate.describe('The date every labourer is evaluated on'),
  regionCode: regionCodeSchema
    .optional()
    .describe('Inside the caller’s view scope (labourers by 户籍地); default the whole scope'),
});
export type PolicyWhatIfInput = z.infer<typeof policyWhatIfSchema>;

export const policyWhatIfStartedSchema = z.object({ jobId: z.string() });
export type PolicyWhatIfStartedDto = z.infer<typeof policyWhatIfStartedSchema>;

export const policyWhatIfJobParamsSchema = z.object({ jobId: z.string().min(1).max(100) });

const whatIfTotalsSchema = z.object({
  recipients: z.number().int(),
  totalFen: z.number().int(),
  averageFen: z.number().int().describe('totalFen / recipients, rounded down; 0 without recipients'),
});
const whatIfRegionTotalsSchema = z.object({ recipients: z.number().int(), totalFen: z.number().int() });

export const policyWhatIfResultSchema = z.object({
  asOf: z.string(),
  regionCode: z.string().nullable().describe('The region asked for; null = the caller’s whole scope'),
  rulesetVersion: z.string().describe('Baseline: the ruleset in force'),
  overlayVersion: z.string().describe('The ruleset with the overlay applied'),
  population: z.number().int().describe('Labourers evaluated'),
  benefits: z.array(
    z.object({
      benefitId: z.string(),
      label: z.string(),
      baseline: whatIfTotalsSchema,
      overlay: whatIfTotalsSchema,
      delta: z.object({ recipients: z.number().int(), totalFen: z.number().int() }),
      byRegion: z
        .array(
          z.object({
            regionCode: z.string(),
            regionName: z.string(),
            baseline: whatIfRegionTotalsSchema,
            overlay: whatIfRegionTotalsSchema,
          }),
        )
        .describe('County level; township level when the scope is a county or smaller'),
    }),
  ),
});
export type PolicyWhatIfResultDto = z.infer<typeof policyWhatIfResultSchema>;

export const policyWhatIfJobSchema = z.object({
  status: z.enum(['running', 'finished', 'failed']),
  processed: z.number().int().describe('Labourers loaded so far'),
  total: z.number().int().nullable().describe('Labourers in the scope; null until counted'),
  message: z.string().nullable(),
  result: policyWhatIfResultSchema.nullable(),
});
export type PolicyWhatIfJobDto = z.infer<typeof policyWhatIfJobSchema>;
