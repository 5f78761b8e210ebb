/** Small builders that keep the policy files close to the seed text. */
import type { Citation, ConditionSpec, PolicyDocument, Validity } from '../engine/types.ts';

export function citeDocument(
  document: PolicyDocument,
  article: string,
  quote: string,
  clause?: string,
): Citation {
  const citation: Citation = {
    documentId: document.id,
    documentNumber: document.number,
    title: document.title,
    issuer: document.issuer,
    article,
    quote,
  };
  if (clause !== undefined) citation.clause = clause;
  return citation;
}

export const openFrom = (from: string): Validity => ({ from, to: null });
export const between = (from: string, to: string): Validity => ({ from, to });

export const isAlleviated: ConditionSpec = {
  id: 'is_alleviated',
  label: '属于脱贫人口（建档立卡农村贫困劳动力）',
  kind: 'is_true',
  fact: 'isAlleviated',
};

export function isTrue(id: string, label: string, fact: string): ConditionSpec {
  return { id, label, kind: 'is_true', fact };
}

export function positive(id: string, label: string, fact: string): ConditionSpec {
  return { id, label, kind: 'compare_value', fact, op: 'gt', value: 0 };
}
