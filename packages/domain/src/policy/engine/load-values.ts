/**
 * Adding values without code changes: an administrator's file of a new document's values (refused whole on
 * overlapping validity, a missing citation or an unknown jurisdiction), and what-if overlays that supersede
 * values from a date on.
 */
import { addDays, isIsoDate, overlaps } from './dates.ts';
import { buildRuleset, rulesetData } from './ruleset.ts';
import type {
  Citation,
  Jurisdiction,
  OverrideMode,
  ParameterData,
  ParameterValue,
  PolicyDocument,
  Ruleset,
  RulesetError,
  RulesetOutcome,
} from './types.ts';

export interface ParameterValueInput {
  parameter: string;
  jurisdiction: Jurisdiction;
  from: string;
  to?: string | null;
  /** In the parameter's unit: fen for money, a { numerator, denominator } ratio, a category → fen mapping; null = unset. */
  value: ParameterData | null;
  override?: OverrideMode;
  /** End the values already in force for this parameter and jurisdiction where this one starts (default false). */
  supersede?: boolean;
  citation?: Partial<Citation>;
  note?: string;
}

export interface ParameterValuesFile {
  document?: PolicyDocument;
  values: ParameterValueInput[];
}

/** Removes the part of existing values (same parameter and jurisdiction) that a new interval covers. */
export function supersedeValues(
  values: readonly ParameterValue[],
  incoming: ParameterValue,
): ParameterValue[] {
  const result: ParameterValue[] = [];
  for (const value of values) {
    if (
      value.parameterId !== incoming.parameterId ||
      value.jurisdiction !== incoming.jurisdiction ||
      !overlaps(value.validity, incoming.validity)
    ) {
      result.push(value);
      continue;
    }
    const note = `${incoming.validity.from}起被${incoming.citation.documentNumber ?? incoming.citation.title}取代`;
    if (value.validity.from < incoming.validity.from) {
      result.push({
        ...value,
        validity: { from: value.validity.from, to: addDays(incoming.validity.from, -1) },
        note,
      });
    }
    if (
      incoming.validity.to !== null &&
      (value.validity.to === null || value.validity.to > incoming.validity.to)
    ) {
      result.push({ ...value, validity: { from: addDays(incoming.validity.to, 1), to: value.validity.to } });
    }
  }
  return result;
}

function parseValueInputs(
  inputs: unknown,
  citationFor: (input: ParameterValueInput, path: string) => Citation | undefined,
): { values: { value: ParameterValue; supersede: boolean }[]; errors: RulesetError[] } {
  const errors: RulesetError[] = [];
  const values: { value: ParameterValue; supersede: boolean }[] = [];
  if (!Array.isArray(inputs) || inputs.length === 0) {
    return { values, errors: [{ code: 'invalid_input', message: 'values 应为非空数组', path: 'values' }] };
  }
  inputs.forEach((raw: unknown, i) => {
    const path = `values[${i}]`;
    if (typeof raw !== 'object' || raw === null) {
      errors.push({ code: 'invalid_input', message: `${path} 应为对象`, path });
      return;
    }
    const input = raw as ParameterValueInput;
    if (typeof input.parameter !== 'string')
      errors.push({ code: 'invalid_input', message: `${path}.parameter 缺失`, path: `${path}.parameter` });
    if (typeof input.jurisdiction !== 'string')
      errors.push({
        code: 'unknown_jurisdiction',
        message: `${path}.jurisdiction 缺失`,
        path: `${path}.jurisdiction`,
      });
    if (!isIsoDate(input.from))
      errors.push({
        code: 'invalid_interval',
        message: `${path}.from 应为 YYYY-MM-DD`,
        path: `${path}.from`,
      });
    if (input.to !== undefined && input.to !== null && !isIsoDate(input.to)) {
      errors.push({
        code: 'invalid_interval',
        message: `${path}.to 应为 YYYY-MM-DD 或 null`,
        path: `${path}.to`,
      });
    }
    if (!('value' in input))
      errors.push({
        code: 'invalid_value',
        message: `${path}.value 缺失（未设定请写 null）`,
        path: `${path}.value`,
      });
    const citation = citationFor(input, path);
    if (!citation) {
      errors.push({
        code: 'missing_citation',
        message: `${path} 缺少出处（文件与条款）`,
        path: `${path}.citation`,
      });
      return;
    }
    const value: ParameterValue = {
      parameterId: input.parameter,
      jurisdiction: input.jurisdiction,
      validity: { from: input.from, to: input.to ?? null },
      value: input.value ?? null,
      override: input.override ?? 'replace',
      citation,
    };
    if (input.note !== undefined) value.note = input.note;
    values.push({ value, supersede: input.supersede === true });
  });
  return { values, errors };
}

/** Merges parsed values into the ruleset data and rebuilds it; any error refuses the whole file. */
function mergeValues(
  base: Ruleset,
  document: PolicyDocument | undefined,
  values: { value: ParameterValue; supersede: boolean }[],
): RulesetOutcome {
  const data = rulesetData(base);
  let merged: ParameterValue[] = [...data.values];
  for (const { value, supersede } of values) {
    if (supersede) merged = supersedeValues(merged, value);
  }
  merged.push(...values.map((v) => v.value));
  return buildRuleset({
    ...data,
    documents: document ? [...data.documents, document] : data.documents,
    values: merged,
  });
}

/**
 * Loads an administrator's parameter file (a new document and its values). Citations default to the file's
 * document; each value needs at least an article. Refused whole on any error, returning every error.
 */
export function loadParameterValues(content: unknown, base: Ruleset): RulesetOutcome {
  if (typeof content !== 'object' || content === null) {
    return { ok: false, errors: [{ code: 'invalid_input', message: '文件内容应为对象', path: '' }] };
  }
  const file = content as Partial<ParameterValuesFile>;
  const errors: RulesetError[] = [];
  const document = file.document;
  if (document !== undefined) {
    if (typeof document !== 'object' || document === null || typeof document.id !== 'string') {
      errors.push({
        code: 'invalid_input',
        message: 'document 应包含 id、title、issuer、jurisdiction',
        path: 'document',
      });
    } else if (base.index.documents.has(document.id)) {
      errors.push({ code: 'duplicate_id', message: `文件 ${document.id} 已存在`, path: 'document.id' });
    }
  }
  const documentOk =
    document !== undefined &&
    typeof document === 'object' &&
    document !== null &&
    typeof document.id === 'string';
  const normalizedDocument: PolicyDocument | undefined = documentOk
    ? {
        id: document.id,
        number: document.number ?? null,
        title: document.title,
        issuer: document.issuer,
        issuedOn: document.issuedOn ?? null,
        jurisdiction: document.jurisdiction,
      }
    : undefined;
  const parsed = parseValueInputs(file.values, (input) => {
    const given = input.citation;
    if (!given || typeof given.article !== 'string' || given.article.trim() === '') return undefined;
    const source =
      given.documentId !== undefined ? base.index.documents.get(given.documentId) : normalizedDocument;
    if (!source) return undefined;
    const citation: Citation = {
      documentId: source.id,
      documentNumber: given.documentNumber ?? source.number,
      title: given.title ?? source.title,
      issuer: given.issuer ?? source.issuer,
      article: given.article,
    };
    if (given.clause !== undefined) citation.clause = given.clause;
    if (given.quote !== undefined) citation.quote = given.quote;
    return citation;
  });
  errors.push(...parsed.errors);
  if (errors.length > 0) return { ok: false, errors };
  return mergeValues(base, normalizedDocument, parsed.values);
}

export interface OverlayValue {
  parameter: string;
  /** A jurisdiction, or '*' for every jurisdiction that holds values of this parameter. */
  jurisdiction: Jurisdiction | '*';
  from: string;
  to?: string | null;
  value: ParameterData | null;
}

export interface Overlay {
  id: string;
  label: string;
  values: OverlayValue[];
}

/**
 * What-if: a ruleset where the overlay's values supersede the existing ones from their date on (e.g. the
 * cross-province transport subsidy at 1000元 from 2026-01-01). The overlay is recorded as a pseudo-document, so
 * results still cite where each value comes from, and the ruleset version changes.
 */
export function applyOverlay(ruleset: Ruleset, overlay: Overlay): RulesetOutcome {
  const document: PolicyDocument = {
    id: `overlay:${overlay.id}`,
    number: null,
    title: `测算情景：${overlay.label}`,
    issuer: '政策测算（非正式文件）',
    issuedOn: null,
    jurisdiction: 'national',
  };
  const errors: RulesetError[] = [];
  const expanded: ParameterValueInput[] = [];
  (Array.isArray(overlay.values) ? overlay.values : []).forEach((value, i) => {
    if (value.jurisdiction !== '*') {
      expanded.push({ ...value, supersede: true, citation: { documentId: document.id, article: '测算' } });
      return;
    }
    const held = [
      ...new Set((ruleset.index.valuesByParameter.get(value.parameter) ?? []).map((v) => v.jurisdiction)),
    ];
    if (held.length === 0) {
      errors.push({
        code: 'unknown_parameter',
        message: `参数 ${value.parameter} 没有任何取值，无法用 '*' 展开`,
        path: `values[${i}]`,
      });
    }
    for (const jurisdiction of held) {
      expanded.push({
        ...value,
        jurisdiction,
        supersede: true,
        citation: { documentId: document.id, article: '测算' },
      });
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  if (ruleset.index.documents.has(document.id)) {
    return {
      ok: false,
      errors: [{ code: 'duplicate_id', message: `测算情景 ${overlay.id} 已应用`, path: 'id' }],
    };
  }
  const withDocument = buildRuleset({ ...rulesetData(ruleset), documents: [...ruleset.documents, document] });
  if (!withDocument.ok) return withDocument;
  return loadParameterValues({ values: expanded }, withDocument.ruleset);
}
