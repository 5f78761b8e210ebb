/**
 * Parameter resolution for (region, as-of date): walk national → province → city → county, take each level's
 * value in force on the date, and combine them by the lower level's declared override (OpenFisca-style dated
 * parameters, Publicodes-style overrides).
 */
import { formatValidity, isWithin } from './dates.ts';
import { jurisdictionChain } from './jurisdiction.ts';
import { combineParameterData, formatRatio, formatYuan, isRatio } from './money.ts';
import type {
  IsoDate,
  ParameterChainEntry,
  ParameterData,
  ParameterDefinition,
  ParameterTrace,
  Ruleset,
} from './types.ts';

export function resolveParameter(
  ruleset: Ruleset,
  parameterId: string,
  regionCode: string,
  asOf: IsoDate,
): ParameterTrace {
  const definition = ruleset.index.parameters.get(parameterId);
  const values = ruleset.index.valuesByParameter.get(parameterId) ?? [];
  const chain: ParameterChainEntry[] = [];
  let effective: ParameterData | null | undefined;
  let appliedIndex = -1;
  for (const jurisdiction of jurisdictionChain(regionCode)) {
    const value = values.find((v) => v.jurisdiction === jurisdiction && isWithin(v.validity, asOf));
    if (!value) continue;
    const entry: ParameterChainEntry = {
      jurisdiction,
      value: value.value,
      validity: value.validity,
      override: value.override,
      citation: value.citation,
      applied: false,
    };
    chain.push(entry);
    const index = chain.length - 1;
    if (effective === undefined || value.override === 'replace') {
      effective = value.value;
      appliedIndex = index;
    } else if (value.value !== null) {
      if (effective === null) {
        effective = value.value;
        appliedIndex = index;
      } else {
        const combined = combineParameterData(
          effective,
          value.value,
          value.override === 'cap' ? 'min' : 'max',
        );
        if (combined !== effective) appliedIndex = index;
        effective = combined;
      }
    }
  }
  const applied = chain[appliedIndex];
  if (applied) applied.applied = true;
  const label = definition?.label ?? parameterId;
  const unit = definition?.unit ?? 'fen';
  if (effective === undefined || !applied) {
    return {
      parameterId,
      label,
      unit,
      status: 'none',
      value: null,
      display: '无有效规定',
      jurisdiction: null,
      validity: null,
      override: null,
      citation: null,
      chain,
    };
  }
  return {
    parameterId,
    label,
    unit,
    status: effective === null ? 'unset' : 'set',
    value: effective,
    display: effective === null ? '未设定（按规定/待设定）' : formatParameterData(effective, definition),
    jurisdiction: applied.jurisdiction,
    validity: applied.validity,
    override: applied.override,
    citation: applied.citation,
    chain,
  };
}

export function formatParameterData(
  value: ParameterData,
  definition: ParameterDefinition | undefined,
): string {
  if (isRatio(value)) return formatRatio(value);
  if (typeof value === 'object') {
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
    case 'count':
      return `${value}`;
    default:
      return String(value);
  }
}

export function describeParameter(trace: ParameterTrace): string {
  if (trace.status === 'none') return `${trace.label}：无有效规定`;
  const where = trace.citation
    ? `${trace.citation.documentNumber ?? trace.citation.title}${trace.citation.article}`
    : '';
  const validity = trace.validity ? `，有效期${formatValidity(trace.validity)}` : '';
  return `${trace.label}：${trace.display}（${where}${validity}）`;
}

/** A resolver memoised for one evaluation: every parameter looked up is recorded for the explanation. */
export function createParameterResolver(
  ruleset: Ruleset,
  regionCode: string,
  asOf: IsoDate,
): { resolve: (parameterId: string) => ParameterTrace; used: () => ParameterTrace[] } {
  const cache = new Map<string, ParameterTrace>();
  const order: string[] = [];
  return {
    resolve(parameterId) {
      let trace = cache.get(parameterId);
      if (!trace) {
        trace = resolveParameter(ruleset, parameterId, regionCode, asOf);
        cache.set(parameterId, trace);
      }
      if (!order.includes(parameterId)) order.push(parameterId);
      return trace;
    },
    used: () => order.map((id) => cache.get(id)).filter((t): t is ParameterTrace => t !== undefined),
  };
}
