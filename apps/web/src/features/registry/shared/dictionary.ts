import { useCallback } from 'react';
import dayjs from 'dayjs';
import { useDictionaries, type Dictionaries } from './registry.api.ts';

/**
 * Code → label helpers for the registry's code lists (字典: store the code, show the label). A code missing from
 * its list shows as itself, never as nothing.
 */

/** Dictionary types of /api/dictionaries the registry pages use. */
export type DictionaryType =
  | 'sex'
  | 'ethnicity'
  | 'education'
  | 'health'
  | 'labor_capacity'
  | 'work_area'
  | 'employment_form'
  | 'employment_channel'
  | 'relationship'
  | 'household_type'
  | 'monitoring_category'
  | 'training_willingness'
  | 'job_intention'
  | 'service_need';

/** 就业状态 is derived by the server from the spells (not a dictionary). */
export const EMPLOYMENT_STATUS_LABELS: Record<string, string> = {
  employed: '已就业',
  unemployed: '未就业',
  unable: '无劳动能力',
};

export const EMPLOYMENT_STATUS_COLORS: Record<string, string> = {
  employed: 'green',
  unemployed: 'orange',
  unable: 'default',
};

/** The label of a code in a loaded set of dictionaries; — for nothing, the code itself when unknown. */
export function labelIn(
  dictionaries: Dictionaries | undefined,
  type: DictionaryType,
  code: string | null | undefined,
): string {
  if (code === null || code === undefined || code === '') return '—';
  return dictionaries?.[type]?.find((item) => item.code === code)?.label ?? code;
}

/** `(type, code) => label` over /api/dictionaries (cached for an hour). */
export function useDictionaryLabel(): (type: DictionaryType, code: string | null | undefined) => string {
  const { data } = useDictionaries();
  return useCallback((type, code) => labelIn(data, type, code), [data]);
}

/**
 * Select options of a code list: the codes in use today, plus `keep` (a stored value whose code was retired stays
 * selectable so that editing a record does not silently drop it).
 */
export function dictionaryOptions(
  dictionaries: Dictionaries | undefined,
  type: DictionaryType,
  keep: ReadonlyArray<string | null | undefined> = [],
): Array<{ value: string; label: string }> {
  const today = dayjs().format('YYYY-MM-DD');
  const kept = new Set(keep.filter((code): code is string => Boolean(code)));
  return (dictionaries?.[type] ?? [])
    .filter(
      (item) =>
        kept.has(item.code) ||
        ((item.eraFrom === null || item.eraFrom <= today) && (item.eraTo === null || item.eraTo >= today)),
    )
    .map((item) => ({ value: item.code, label: item.label }));
}

/** `dictionaryOptions` bound to the cached dictionaries. */
export function useDictionaryOptions() {
  const query = useDictionaries();
  const options = useCallback(
    (type: DictionaryType, keep?: ReadonlyArray<string | null | undefined>) =>
      dictionaryOptions(query.data, type, keep),
    [query.data],
  );
  return { options, isPending: query.isPending, isError: query.isError };
}
