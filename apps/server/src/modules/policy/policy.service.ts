import crypto from 'node:crypto';
import { sql } from 'kysely';
import type {
  BenefitResultDto,
  PolicyEvaluateInput,
  PolicyEvaluationDto,
  PolicyValuesFileInput,
} from '@jiuye/contracts';
import { chinaDate, isWithinScope } from '@jiuye/domain';
import {
  evaluate,
  explainSentence,
  explainTree,
  loadParameterValues,
  STATUS_LABELS,
  type BenefitResult,
  type GrantLedgerRow,
  type Scenario,
} from '@jiuye/domain/policy/index.ts';
import type { Db } from '../../db/database.ts';
import { dialectOf, nowIso } from '../../db/create-db.ts';
import { AppError, type ErrorDetail } from '../../lib/errors.ts';
import { recordOperation } from '../audit/audit.service.ts';
import { assertCan, type Actor } from '../auth/actor.ts';
import { findHousehold } from '../registry/household.repository.ts';
import { listSpells } from '../registry/laborer.repository.ts';
import { getVisibleLaborer } from '../registry/laborer-read.service.ts';
import { factsFromRegistry, ledgerRowsFor } from './policy-facts.ts';
import { loadRuleset, rulesetFromFiles, valuesRefused } from './policy-ruleset.ts';
import { insertValueFile, listGrantsByPersonIndex, listValueFileContents } from './policy.repository.ts';

/** Advisory-lock key of the parameter-value files (PostgreSQL). */
const VALUE_FILE_LOCK = 40_112_240;

export function today(): string {
  return chinaDate(new Date());
}

function withExplanations(result: BenefitResult): BenefitResultDto {
  return {
    ...result,
    statusLabel: STATUS_LABELS[result.status],
    sentence: explainSentence(result),
    tree: explainTree(result),
    explanation: {
      ...result.explanation,
      casesConsidered: result.explanation.casesConsidered.map((c) => ({ ...c, validity: [...c.validity] })),
      inactiveCases: result.explanation.inactiveCases.map((c) => ({ ...c, validity: [...c.validity] })),
    },
  };
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Evaluates a scenario, or a registry labourer by id (facts from the registry row, earlier grants from the ledger,
 * region = 户籍地), against the ruleset in force (seed documents plus administrator files). An ill-formed scenario
 * is VALIDATION_FAILED naming each field or fact.
 */
export async function evaluatePolicy(
  db: Db,
  actor: Actor | undefined,
  input: PolicyEvaluateInput,
  options: { audit?: boolean } = {},
): Promise<PolicyEvaluationDto> {
  if (actor) assertCan(actor, 'policy:read');
  const ruleset = await loadRuleset(db);
  let scenario: Partial<Scenario>;
  let laborerInfo: PolicyEvaluationDto['laborer'] = null;
  if (input.laborerId !== undefined) {
    if (input.subject !== undefined || input.regionCode !== undefined) {
      throw new AppError('VALIDATION_FAILED', '按劳动力评估时由台账提供主体和区划', [
        {
          field: input.subject !== undefined ? 'subject' : 'regionCode',
          message: '与 laborerId 不能同时提供',
        },
      ]);
    }
    if (!actor) throw new AppError('UNAUTHENTICATED', '按劳动力评估须指定执行用户（--user）');
    const laborer = await getVisibleLaborer(db, actor, input.laborerId);
    const asOf = input.asOf ?? today();
    const household = laborer.householdId ? await findHousehold(db, laborer.householdId) : undefined;
    const spells = await listSpells(db, laborer.id);
    const registryFacts = factsFromRegistry(laborer, household?.householdType ?? null, spells, asOf);
    const personKey = `laborer-${laborer.id}`;
    const ledger = ledgerRowsFor(await listGrantsByPersonIndex(db, laborer.idNumberIndex), personKey, (id) =>
      ruleset.index.benefits.has(id),
    );
    // Every grant about the person counts, whichever region granted it: caps and "once a year" are per person
    // (a labourer moving county keeps their history). The grants' regions bound who may list them, not this.
    scenario = definedOnly({
      subject: { kind: 'person' as const, id: personKey, facts: { ...input.facts, ...registryFacts } },
      asOf,
      regionCode: laborer.regionCode,
      grants: [...ledger, ...((input.grants ?? []) as GrantLedgerRow[])],
      benefitIds: input.benefitIds,
    });
    laborerInfo = {
      id: laborer.id,
      name: laborer.name,
      idNumberMasked: laborer.idNumberMasked,
      regionCode: laborer.regionCode,
      registryFacts,
      ledgerGrantCount: ledger.length,
    };
  } else {
    scenario = definedOnly({
      subject: input.subject && definedOnly(input.subject),
      asOf: input.asOf,
      regionCode: input.regionCode,
      grants: input.grants?.map((grant) => definedOnly(grant)) as GrantLedgerRow[] | undefined,
      benefitIds: input.benefitIds,
    });
  }
  const evaluation = evaluate(scenario, { ruleset });
  if (evaluation.errors.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      '评估情形有误，请检查标出的字段或事实',
      evaluation.errors.map((error) => ({ field: error.path, message: error.message, code: error.code })),
    );
  }
  if (input.requireFacts) {
    const details: ErrorDetail[] = [];
    for (const result of evaluation.results) {
      if (result.status !== 'missing_fact') continue;
      for (const fact of result.reason?.facts ?? []) {
        const label = ruleset.index.facts.get(fact)?.label ?? fact;
        details.push({
          field: fact.startsWith('subject.') ? fact : `subject.facts.${fact}`,
          message: `缺少${label}（${fact}），判断${result.benefitLabel}需要`,
          code: 'missing',
        });
      }
    }
    if (details.length > 0) throw new AppError('VALIDATION_FAILED', '缺少判断所需的事实', details);
  }
  if (laborerInfo && actor && options.audit !== false) {
    await recordOperation(db, actor, {
      action: 'policy.evaluate',
      targetType: 'laborer',
      targetId: laborerInfo.id,
      detail: { asOf: evaluation.asOf, rulesetVersion: evaluation.rulesetVersion },
    });
  }
  return {
    rulesetVersion: evaluation.rulesetVersion,
    asOf: evaluation.asOf,
    regionCode: evaluation.regionCode,
    subject: evaluation.subject,
    laborer: laborerInfo,
    results: evaluation.results.map(withExplanations),
  };
}

/**
 * A city sets its own values (具体标准由市级制定), the province its own and its cities'; national values need a
 * province-wide scope. The capture scope decides.
 */
function jurisdictionsOutsideScope(actor: Actor, file: PolicyValuesFileInput): ErrorDetail[] {
  const allowed = (jurisdiction: string): boolean =>
    jurisdiction === 'national'
      ? actor.captureScope.some((code) => /^\d{2}0{10}$/u.test(code))
      : isWithinScope(jurisdiction.padEnd(12, '0'), actor.captureScope);
  const details: ErrorDetail[] = [];
  if (file.document && !allowed(file.document.jurisdiction))
    details.push({
      field: 'document.jurisdiction',
      message: `实施范围 ${file.document.jurisdiction} 不在您的管辖范围内`,
    });
  file.values.forEach((value, i) => {
    if (!allowed(value.jurisdiction))
      details.push({
        field: `values[${i}].jurisdiction`,
        message: `实施范围 ${value.jurisdiction} 不在您的管辖范围内`,
      });
  });
  return details;
}

/**
 * Adds an administrator's parameter-value file (a new document's values with citations and validity) to the
 * ruleset in force. Refused whole, with nothing written, on overlapping validity, a missing citation or an unknown
 * jurisdiction (the engine's loadParameterValues decides).
 */
export async function addParameterValues(db: Db, actor: Actor, content: PolicyValuesFileInput | unknown) {
  assertCan(actor, 'policy:write');
  const file = content as PolicyValuesFileInput;
  const text = JSON.stringify(content);
  const createdAt = nowIso();
  return db.transaction().execute(async (trx) => {
    // Files are checked against the files already stored: one at a time, so two files that overlap each other
    // cannot both pass (SQLite serialises transactions; PostgreSQL takes a transaction-level advisory lock).
    if (dialectOf(trx) === 'postgres')
      await sql`select pg_advisory_xact_lock(${VALUE_FILE_LOCK})`.execute(trx);
    const ruleset = rulesetFromFiles(await listValueFileContents(trx));
    const outcome = loadParameterValues(content, ruleset);
    if (!outcome.ok) throw valuesRefused(outcome.errors);
    const outside = jurisdictionsOutsideScope(actor, file);
    if (outside.length > 0) throw new AppError('FORBIDDEN', '只能设定本人管辖范围内的参数取值', outside);
    const row = {
      documentId: file.document?.id ?? null,
      documentTitle: file.document?.title ?? null,
      valueCount: file.values.length,
      content: text,
      contentSha256: crypto.createHash('sha256').update(text).digest('hex'),
      rulesetVersion: outcome.ruleset.version,
      createdBy: actor.userId,
      createdAt,
    };
    const id = await insertValueFile(trx, row);
    await recordOperation(trx, actor, {
      action: 'policy.values.add',
      targetType: 'policy_value_file',
      targetId: id,
      detail: {
        documentId: row.documentId,
        values: row.valueCount,
        sha256: row.contentSha256,
        rulesetVersion: row.rulesetVersion,
      },
    });
    return {
      id,
      documentId: row.documentId,
      documentTitle: row.documentTitle,
      valueCount: row.valueCount,
      rulesetVersion: row.rulesetVersion,
      createdBy: row.createdBy,
      createdAt,
    };
  });
}
