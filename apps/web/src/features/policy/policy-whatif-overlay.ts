import type { Dayjs } from 'dayjs';
import type { LibraryParameter, PolicyValuesFileInput } from './policy.api.ts';

/**
 * The what-if form's values and the overlay they make: a parameter-value file as POST /api/policy/values takes it,
 * each value superseding the values in force from its date on.
 */

export interface Adjustment {
  parameter?: string;
  jurisdiction?: string;
  /** fen parameters, entered in 元. */
  amountYuan?: number;
  /** count, days, months. */
  number?: number;
  numerator?: number;
  denominator?: number;
  /** fen_by_category, in 元 by category. */
  categories?: Record<string, number | undefined>;
  from?: Dayjs;
  to?: Dayjs | null;
}

export interface WhatIfValues {
  adjustments: Adjustment[];
  title: string;
  article?: string;
  asOf: Dayjs;
  regionCode?: string;
}

type ParameterData = PolicyValuesFileInput['values'][number]['value'];

function adjustmentValue(adjustment: Adjustment, parameter: LibraryParameter): ParameterData {
  switch (parameter.unit) {
    case 'fen':
      return Math.round((adjustment.amountYuan ?? 0) * 100);
    case 'ratio':
      return { numerator: adjustment.numerator ?? 0, denominator: adjustment.denominator ?? 1 };
    case 'fen_by_category':
      return Object.fromEntries(
        (parameter.categories ?? []).map((c) => [c, Math.round((adjustment.categories?.[c] ?? 0) * 100)]),
      );
    default:
      return adjustment.number ?? 0;
  }
}

/** The overlay of POST /api/policy/whatif: one value per complete adjustment, under a document of its own. */
export function overlayOf(
  values: WhatIfValues,
  parameters: ReadonlyMap<string, LibraryParameter>,
): PolicyValuesFileInput {
  const overlayValues = values.adjustments.flatMap((adjustment) => {
    const parameter = adjustment.parameter ? parameters.get(adjustment.parameter) : undefined;
    if (!parameter || !adjustment.jurisdiction || !adjustment.from) return [];
    return [
      {
        parameter: parameter.id,
        jurisdiction: adjustment.jurisdiction,
        from: adjustment.from.format('YYYY-MM-DD'),
        to: adjustment.to ? adjustment.to.format('YYYY-MM-DD') : null,
        value: adjustmentValue(adjustment, parameter),
        supersede: true,
        citation: { article: values.article?.trim() || '测算' },
      },
    ];
  });
  return {
    document: {
      id: `whatif-${Date.now()}`,
      title: values.title.trim(),
      issuer: '政策调整模拟（非正式文件）',
      jurisdiction:
        overlayValues[0] && overlayValues[0].jurisdiction !== '*'
          ? overlayValues[0].jurisdiction
          : 'national',
    },
    values: overlayValues,
  };
}
