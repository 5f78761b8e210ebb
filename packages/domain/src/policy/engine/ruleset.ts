/**
 * Building a ruleset: validates the data at load time (overlapping validity, citations, jurisdictions, references,
 * value types) and computes the ruleset version recorded in every result.
 */
import { isIsoDate, overlaps } from './dates.ts';
import { canonicalJson, hashText } from './hash.ts';
import { isJurisdictionSyntax } from './jurisdiction.ts';
import { isRatio } from './money.ts';
import type {
  AmountSpec,
  BenefitCase,
  Citation,
  ConditionSpec,
  FactType,
  ParameterData,
  ParameterDefinition,
  ParameterUnit,
  ParameterValue,
  Ruleset,
  RulesetData,
  RulesetError,
  RulesetOutcome,
  Validity,
} from './types.ts';

/** Bumped when the evaluation semantics change, so that versions of equal data but different code differ. */
export const ENGINE_VERSION = 'policy-engine/1';

export function computeRulesetVersion(data: RulesetData): string {
  const values = [...data.values].sort((a, b) =>
    a.parameterId !== b.parameterId
      ? a.parameterId < b.parameterId
        ? -1
        : 1
      : a.jurisdiction !== b.jurisdiction
        ? a.jurisdiction < b.jurisdiction
          ? -1
          : 1
        : a.validity.from < b.validity.from
          ? -1
          : a.validity.from > b.validity.from
            ? 1
            : 0,
  );
  const text = canonicalJson({ engine: ENGINE_VERSION, ...data, values });
  return `rs-${hashText(text)}`;
}

export function citationErrors(
  citation: Citation | undefined,
  path: string,
  documentIds?: ReadonlySet<string>,
): RulesetError[] {
  const missing = (what: string): RulesetError => ({
    code: 'missing_citation',
    message: `${path} 缺少出处（${what}）`,
    path,
  });
  if (!citation || typeof citation !== 'object') return [missing('citation')];
  const errors: RulesetError[] = [];
  if (!nonEmpty(citation.documentId)) errors.push(missing('文件'));
  if (!nonEmpty(citation.documentNumber) && !nonEmpty(citation.title)) errors.push(missing('文号或标题'));
  if (!nonEmpty(citation.issuer)) errors.push(missing('发文机关'));
  if (!nonEmpty(citation.article)) errors.push(missing('条款'));
  if (documentIds && nonEmpty(citation.documentId) && !documentIds.has(citation.documentId)) {
    errors.push({
      code: 'unknown_document',
      message: `${path} 引用了未登记的文件 ${citation.documentId}`,
      path,
    });
  }
  return errors;
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}

export function validityErrors(validity: Validity | undefined, path: string): RulesetError[] {
  if (!validity || !isIsoDate(validity.from) || (validity.to !== null && !isIsoDate(validity.to))) {
    return [{ code: 'invalid_interval', message: `${path} 的有效期不是合法日期（YYYY-MM-DD）`, path }];
  }
  if (validity.to !== null && validity.to < validity.from) {
    return [{ code: 'invalid_interval', message: `${path} 的有效期止日早于起日`, path }];
  }
  return [];
}

export function isValueOfUnit(value: ParameterData, definition: ParameterDefinition): boolean {
  const unit: ParameterUnit = definition.unit;
  if (unit === 'ratio') return isRatio(value);
  if (unit === 'fen_by_category') {
    if (typeof value !== 'object' || value === null || isRatio(value)) return false;
    return Object.entries(value).every(
      ([key, amount]) =>
        Number.isSafeInteger(amount) &&
        amount >= 0 &&
        (definition.categories === undefined || definition.categories.includes(key)),
    );
  }
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Overlapping validity for the same parameter and jurisdiction is a load-time error. */
export function overlapErrors(
  values: readonly ParameterValue[],
  pathOf: (value: ParameterValue) => string,
): RulesetError[] {
  const errors: RulesetError[] = [];
  const groups = new Map<string, ParameterValue[]>();
  for (const value of values) {
    const key = `${value.parameterId}\u0000${value.jurisdiction}`;
    const group = groups.get(key) ?? [];
    for (const other of group) {
      if (overlaps(other.validity, value.validity)) {
        errors.push({
          code: 'overlapping_validity',
          message: `参数 ${value.parameterId} 在 ${value.jurisdiction} 的有效期 ${value.validity.from}—${value.validity.to ?? '…'} 与 ${other.validity.from}—${other.validity.to ?? '…'} 重叠`,
          path: pathOf(value),
        });
      }
    }
    group.push(value);
    groups.set(key, group);
  }
  return errors;
}

const FACT_TYPES_BY_CONDITION: Record<string, FactType[]> = {
  is_true: ['boolean'],
  any_true: ['boolean'],
  in: ['enum'],
  compare: ['integer'],
  compare_value: ['integer'],
  sum_compare: ['integer'],
  ratio_at_least: ['integer'],
  share_of_param_at_least: ['integer'],
  date_in_asof_year: ['date'],
  date_within_months: ['date'],
};

/** The facts a condition reads. */
export function conditionFacts(condition: ConditionSpec): string[] {
  switch (condition.kind) {
    case 'any_true':
    case 'sum_compare':
      return [...condition.facts];
    case 'ratio_at_least':
      return [condition.numerator, condition.denominator];
    default:
      return [condition.fact];
  }
}

function conditionParams(condition: ConditionSpec): [string, ParameterUnit[]][] {
  switch (condition.kind) {
    case 'compare':
    case 'sum_compare':
      return [[condition.param, ['count', 'days', 'months', 'fen']]];
    case 'ratio_at_least':
      return [[condition.param, ['ratio']]];
    case 'share_of_param_at_least':
      return [
        [condition.baseParam, ['fen']],
        [condition.ratioParam, ['ratio']],
      ];
    case 'date_within_months':
      return [[condition.param, ['months']]];
    default:
      return [];
  }
}

function amountRefs(amount: AmountSpec): {
  facts: [string, FactType][];
  params: [string, ParameterUnit[]][];
} {
  const cap: [string, ParameterUnit[]][] =
    'capParam' in amount && amount.capParam ? [[amount.capParam, ['fen']]] : [];
  switch (amount.kind) {
    case 'fixed':
      return { facts: [], params: [[amount.param, ['fen']], ...cap] };
    case 'per_unit':
      return { facts: [[amount.unitsFact, 'integer']], params: [[amount.rateParam, ['fen']], ...cap] };
    case 'share_of_fact':
      return { facts: [[amount.fact, 'integer']], params: [[amount.ratioParam, ['ratio']], ...cap] };
    case 'by_category':
      return { facts: [[amount.fact, 'enum']], params: [[amount.mappingParam, ['fen_by_category']], ...cap] };
    case 'loan':
      return {
        facts: [],
        params: [
          [amount.limitParam, ['fen']],
          [amount.interestSubsidyParam, ['ratio']],
        ],
      };
    case 'in_kind':
      return { facts: [], params: [] };
  }
}

function caseErrors(
  benefitCase: BenefitCase,
  path: string,
  known: {
    documents: ReadonlySet<string>;
    jurisdictions: ReadonlySet<string>;
    facts: ReadonlyMap<string, FactType>;
    parameters: ReadonlyMap<string, ParameterDefinition>;
    benefits: ReadonlySet<string>;
  },
): RulesetError[] {
  const errors: RulesetError[] = [];
  if (!known.benefits.has(benefitCase.benefitId)) {
    errors.push({
      code: 'unknown_benefit',
      message: `${path} 属于未定义的待遇 ${benefitCase.benefitId}`,
      path,
    });
  }
  if (!known.jurisdictions.has(benefitCase.jurisdiction)) {
    errors.push({
      code: 'unknown_jurisdiction',
      message: `${path} 的实施范围 ${benefitCase.jurisdiction} 未登记`,
      path,
    });
  }
  errors.push(...citationErrors(benefitCase.citation, path, known.documents));
  if (benefitCase.validity.length === 0) {
    errors.push({ code: 'invalid_interval', message: `${path} 没有有效期`, path });
  }
  benefitCase.validity.forEach((validity, i) => {
    errors.push(...validityErrors(validity, `${path}.validity[${i}]`));
    benefitCase.validity.slice(0, i).forEach((other) => {
      if (overlaps(other, validity)) {
        errors.push({ code: 'overlapping_validity', message: `${path} 的有效期区间互相重叠`, path });
      }
    });
  });
  const checkFact = (fact: string, types: FactType[], at: string): void => {
    const type = known.facts.get(fact);
    if (type === undefined || !types.includes(type)) {
      errors.push({ code: 'unknown_fact', message: `${at} 引用了未定义或类型不符的事实 ${fact}`, path: at });
    }
  };
  const checkParam = (param: string, units: ParameterUnit[], at: string): void => {
    const definition = known.parameters.get(param);
    if (definition === undefined || !units.includes(definition.unit)) {
      errors.push({
        code: 'unknown_parameter',
        message: `${at} 引用了未定义或单位不符的参数 ${param}`,
        path: at,
      });
    }
  };
  benefitCase.conditions.forEach((condition, i) => {
    const at = `${path}.conditions[${i}]`;
    for (const fact of conditionFacts(condition))
      checkFact(fact, FACT_TYPES_BY_CONDITION[condition.kind] ?? [], at);
    for (const [param, units] of conditionParams(condition)) checkParam(param, units, at);
    if (condition.citation) errors.push(...citationErrors(condition.citation, at, known.documents));
  });
  const refs = amountRefs(benefitCase.amount);
  for (const [fact, type] of refs.facts) checkFact(fact, [type], `${path}.amount`);
  for (const [param, units] of refs.params) checkParam(param, units, `${path}.amount`);
  (benefitCase.limits ?? []).forEach((limit, i) => {
    const at = `${path}.limits[${i}]`;
    checkParam(
      limit.maxParam,
      limit.measure === 'amount' ? ['fen'] : limit.measure === 'months' ? ['months'] : ['count'],
      at,
    );
    if (limit.measure === 'months') {
      if (!limit.monthsFact)
        errors.push({ code: 'unknown_fact', message: `${at} 缺少申请月数事实`, path: at });
      else checkFact(limit.monthsFact, ['integer'], at);
    }
    for (const id of limit.benefitIds ?? []) {
      if (!known.benefits.has(id))
        errors.push({ code: 'unknown_benefit', message: `${at} 引用了未定义的待遇 ${id}`, path: at });
    }
    errors.push(...citationErrors(limit.citation, at, known.documents));
  });
  (benefitCase.exclusions ?? []).forEach((exclusion, i) => {
    const at = `${path}.exclusions[${i}]`;
    for (const id of exclusion.benefitIds) {
      if (!known.benefits.has(id))
        errors.push({ code: 'unknown_benefit', message: `${at} 引用了未定义的待遇 ${id}`, path: at });
    }
    errors.push(...citationErrors(exclusion.citation, at, known.documents));
  });
  return errors;
}

function duplicateErrors(ids: readonly string[], what: string): RulesetError[] {
  const seen = new Set<string>();
  const errors: RulesetError[] = [];
  for (const id of ids) {
    if (seen.has(id))
      errors.push({ code: 'duplicate_id', message: `${what} ${id} 重复`, path: `${what}.${id}` });
    seen.add(id);
  }
  return errors;
}

/** Validates ruleset data and returns it with indexes and a version; refused whole on any error. */
export function buildRuleset(data: RulesetData): RulesetOutcome {
  const errors: RulesetError[] = [
    ...duplicateErrors(
      data.jurisdictions.map((j) => j.code),
      'jurisdiction',
    ),
    ...duplicateErrors(
      data.documents.map((d) => d.id),
      'document',
    ),
    ...duplicateErrors(
      data.facts.map((f) => f.name),
      'fact',
    ),
    ...duplicateErrors(
      data.parameters.map((p) => p.id),
      'parameter',
    ),
    ...duplicateErrors(
      data.benefits.map((b) => b.id),
      'benefit',
    ),
    ...duplicateErrors(
      data.cases.map((c) => c.id),
      'case',
    ),
  ];
  const jurisdictions = new Set(data.jurisdictions.map((j) => j.code));
  for (const j of data.jurisdictions) {
    if (!isJurisdictionSyntax(j.code)) {
      errors.push({
        code: 'unknown_jurisdiction',
        message: `实施范围代码 ${j.code} 不合法`,
        path: `jurisdiction.${j.code}`,
      });
    }
  }
  const documents = new Set(data.documents.map((d) => d.id));
  data.documents.forEach((document) => {
    const path = `document.${document.id}`;
    if (!jurisdictions.has(document.jurisdiction)) {
      errors.push({
        code: 'unknown_jurisdiction',
        message: `文件 ${document.id} 的实施范围 ${document.jurisdiction} 未登记`,
        path,
      });
    }
    if (!nonEmpty(document.title) || !nonEmpty(document.issuer)) {
      errors.push({ code: 'missing_citation', message: `文件 ${document.id} 缺少标题或发文机关`, path });
    }
  });
  const parameters = new Map(data.parameters.map((p) => [p.id, p]));
  const facts = new Map(data.facts.map((f) => [f.name, f.type]));
  const benefits = new Set(data.benefits.map((b) => b.id));
  const valuePath = (value: ParameterValue): string =>
    `value.${value.parameterId}@${value.jurisdiction}@${value.validity?.from}`;
  data.values.forEach((value) => {
    const path = valuePath(value);
    const definition = parameters.get(value.parameterId);
    if (!definition)
      errors.push({ code: 'unknown_parameter', message: `参数 ${value.parameterId} 未定义`, path });
    if (!jurisdictions.has(value.jurisdiction)) {
      errors.push({
        code: 'unknown_jurisdiction',
        message: `参数 ${value.parameterId} 的实施范围 ${value.jurisdiction} 未登记`,
        path,
      });
    }
    errors.push(...validityErrors(value.validity, path));
    errors.push(...citationErrors(value.citation, path, documents));
    if (!['replace', 'cap', 'floor'].includes(value.override)) {
      errors.push({
        code: 'invalid_value',
        message: `参数 ${value.parameterId} 的覆盖方式 ${String(value.override)} 不合法`,
        path,
      });
    }
    if (definition && value.value !== null && !isValueOfUnit(value.value, definition)) {
      errors.push({
        code: 'invalid_value',
        message: `参数 ${value.parameterId} 的取值与单位 ${definition.unit} 不符`,
        path,
      });
    }
  });
  if (errors.every((e) => e.code !== 'invalid_interval'))
    errors.push(...overlapErrors(data.values, valuePath));
  data.cases.forEach((benefitCase) => {
    errors.push(
      ...caseErrors(benefitCase, `case.${benefitCase.id}`, {
        documents,
        jurisdictions,
        facts,
        parameters,
        benefits,
      }),
    );
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, ruleset: indexRuleset(data) };
}

function indexRuleset(data: RulesetData): Ruleset {
  const valuesByParameter = new Map<string, ParameterValue[]>();
  for (const value of data.values) {
    const list = valuesByParameter.get(value.parameterId) ?? [];
    list.push(value);
    valuesByParameter.set(value.parameterId, list);
  }
  const casesByBenefit = new Map<string, BenefitCase[]>();
  for (const benefitCase of data.cases) {
    const list = casesByBenefit.get(benefitCase.benefitId) ?? [];
    list.push(benefitCase);
    casesByBenefit.set(benefitCase.benefitId, list);
  }
  return {
    ...data,
    version: computeRulesetVersion(data),
    index: {
      documents: new Map(data.documents.map((d) => [d.id, d])),
      facts: new Map(data.facts.map((f) => [f.name, f])),
      parameters: new Map(data.parameters.map((p) => [p.id, p])),
      valuesByParameter,
      benefits: new Map(data.benefits.map((b) => [b.id, b])),
      casesByBenefit,
      jurisdictions: new Map(data.jurisdictions.map((j) => [j.code, j])),
    },
  };
}

/** The data part of a ruleset (without indexes and version), e.g. to extend it. */
export function rulesetData(ruleset: Ruleset): RulesetData {
  const { jurisdictions, documents, facts, parameters, values, benefits, cases } = ruleset;
  return { jurisdictions, documents, facts, parameters, values, benefits, cases };
}
