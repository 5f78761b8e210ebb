import {
  formatYuan,
  loadParameterValues,
  SEED_RULESET,
  type BenefitCase,
  type Citation,
  type ParameterData,
  type ParameterDefinition,
  type Ruleset,
  type RulesetError,
} from '@jiuye/domain/policy/index.ts';
import type { PolicyLibraryDto } from '@jiuye/contracts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../lib/errors.ts';
import { listValueFileContents, valueFilesStamp } from './policy.repository.ts';
import { caseRules, factsBySubjectKind } from './policy-library.ts';

/**
 * The ruleset the API and the CLI evaluate with: the seed documents, then every parameter-value file an
 * administrator added, applied in the order they were added. Rebuilt only when a file was added since (one cheap
 * count per request), per database handle.
 */

const cache = new WeakMap<object, { stamp: string; ruleset: Ruleset }>();

/** Applies stored files over the seed ruleset, in order. A stored file that no longer applies is a server error. */
export function rulesetFromFiles(files: ReadonlyArray<{ id: number; content: string }>): Ruleset {
  let ruleset = SEED_RULESET;
  for (const file of files) {
    const outcome = loadParameterValues(JSON.parse(file.content) as unknown, ruleset);
    if (!outcome.ok) {
      throw new Error(
        `stored parameter-value file #${file.id} no longer applies: ${outcome.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      );
    }
    ruleset = outcome.ruleset;
  }
  return ruleset;
}

export async function loadRuleset(db: Db): Promise<Ruleset> {
  const stamp = await valueFilesStamp(db);
  const held = cache.get(db);
  if (held && held.stamp === stamp) return held.ruleset;
  const ruleset = rulesetFromFiles(await listValueFileContents(db));
  cache.set(db, { stamp, ruleset });
  return ruleset;
}

/** A refused parameter file: every error of the engine, naming the value and what is wrong. */
export function valuesRefused(errors: readonly RulesetError[]): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    '参数文件有误，整份文件未导入',
    errors.map((error) => ({ field: error.path, message: error.message, code: error.code })),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Library

function displayValue(value: ParameterData | null, definition: ParameterDefinition | undefined): string {
  if (value === null) return '未设定（按规定/待设定）';
  if (typeof value === 'object') {
    if ('numerator' in value && 'denominator' in value && typeof value.numerator === 'number')
      return `${value.numerator}/${value.denominator}`;
    return Object.entries(value)
      .map(([key, amount]) => `${key}: ${formatYuan(amount)}`)
      .join('，');
  }
  switch (definition?.unit) {
    case 'fen':
      return formatYuan(value);
    case 'days':
      return `${value}天`;
    case 'months':
      return `${value}个月`;
    default:
      return String(value);
  }
}

/** The parameters a case refers to: every `…Param`/`param` field of its conditions, amount and limits. */
function parametersOfCase(benefitCase: BenefitCase): string[] {
  const found = new Set<string>();
  const collect = (spec: object): void => {
    for (const [key, value] of Object.entries(spec))
      if (/param$/iu.test(key) && typeof value === 'string') found.add(value);
  };
  benefitCase.conditions.forEach(collect);
  collect(benefitCase.amount);
  (benefitCase.limits ?? []).forEach(collect);
  return [...found];
}

function citationsOfCase(benefitCase: BenefitCase): Citation[] {
  return [
    benefitCase.citation,
    ...benefitCase.conditions.flatMap((c) => (c.citation ? [c.citation] : [])),
    ...(benefitCase.limits ?? []).map((l) => l.citation),
    ...(benefitCase.exclusions ?? []).map((x) => x.citation),
  ];
}

/** Documents with their cited articles, parameters with validity, jurisdiction and the benefits using them. */
export function buildLibrary(ruleset: Ruleset): PolicyLibraryDto {
  const articles = new Map<string, Map<string, { article: string; clause?: string; quotes: Set<string> }>>();
  const cite = (citation: Citation): void => {
    const byDocument = articles.get(citation.documentId) ?? new Map();
    articles.set(citation.documentId, byDocument);
    const key = `${citation.article}\u0000${citation.clause ?? ''}`;
    let entry = byDocument.get(key);
    if (!entry) {
      entry = { article: citation.article, quotes: new Set<string>() };
      if (citation.clause !== undefined) entry.clause = citation.clause;
      byDocument.set(key, entry);
    }
    if (citation.quote) entry.quotes.add(citation.quote);
  };
  ruleset.values.forEach((value) => cite(value.citation));
  ruleset.cases.forEach((benefitCase) => citationsOfCase(benefitCase).forEach(cite));

  const benefitsByParameter = new Map<string, Set<string>>();
  const parametersByBenefit = new Map<string, Set<string>>();
  for (const benefitCase of ruleset.cases) {
    for (const parameter of parametersOfCase(benefitCase)) {
      const benefits = benefitsByParameter.get(parameter) ?? new Set<string>();
      benefits.add(benefitCase.benefitId);
      benefitsByParameter.set(parameter, benefits);
      const parameters = parametersByBenefit.get(benefitCase.benefitId) ?? new Set<string>();
      parameters.add(parameter);
      parametersByBenefit.set(benefitCase.benefitId, parameters);
    }
  }

  return {
    rulesetVersion: ruleset.version,
    jurisdictions: ruleset.jurisdictions.map(({ code, name }) => ({ code, name })),
    documents: ruleset.documents.map((document) => ({
      id: document.id,
      number: document.number,
      title: document.title,
      issuer: document.issuer,
      issuedOn: document.issuedOn,
      jurisdiction: document.jurisdiction,
      origin: SEED_RULESET.index.documents.has(document.id) ? ('seed' as const) : ('added' as const),
      articles: [...(articles.get(document.id)?.values() ?? [])].map((entry) => ({
        article: entry.article,
        ...(entry.clause !== undefined ? { clause: entry.clause } : {}),
        quotes: [...entry.quotes],
      })),
    })),
    facts: ruleset.facts.map((fact) => ({
      name: fact.name,
      label: fact.label,
      type: fact.type,
      ...(fact.values ? { values: [...fact.values] } : {}),
      ...(fact.valueLabels ? { valueLabels: { ...fact.valueLabels } } : {}),
      ...(fact.min !== undefined ? { min: fact.min } : {}),
      ...(fact.unit !== undefined ? { unit: fact.unit } : {}),
    })),
    parameters: ruleset.parameters.map((definition) => ({
      id: definition.id,
      label: definition.label,
      unit: definition.unit,
      ...(definition.categories ? { categories: [...definition.categories] } : {}),
      values: (ruleset.index.valuesByParameter.get(definition.id) ?? []).map((value) => ({
        jurisdiction: value.jurisdiction,
        validity: value.validity,
        value: value.value,
        display: displayValue(value.value, definition),
        override: value.override,
        citation: value.citation,
        ...(value.note !== undefined ? { note: value.note } : {}),
      })),
      benefitIds: [...(benefitsByParameter.get(definition.id) ?? [])],
    })),
    benefits: ruleset.benefits.map((benefit) => ({
      id: benefit.id,
      label: benefit.label,
      kind: benefit.kind,
      subjectKind: benefit.subjectKind,
      payee: benefit.payee,
      unit: benefit.unit,
      parameterIds: [...(parametersByBenefit.get(benefit.id) ?? [])],
      cases: (ruleset.index.casesByBenefit.get(benefit.id) ?? []).map((benefitCase) => ({
        id: benefitCase.id,
        label: benefitCase.label,
        kind: benefitCase.kind,
        rank: benefitCase.rank,
        jurisdiction: benefitCase.jurisdiction,
        validity: [...benefitCase.validity],
        citation: benefitCase.citation,
        ...caseRules(benefitCase),
      })),
    })),
    factsBySubjectKind: factsBySubjectKind(ruleset),
  };
}
