import type { FormInstance } from 'antd';
import { ApiError, errorMessage } from '../api/client.ts';

/**
 * Puts the field-level errors of an API answer (details[].field) on the form's fields. Returns the message to show
 * beside them: the general message, or the details no field of the form can carry.
 */
export function applyServerErrors(
  form: FormInstance,
  error: unknown,
  fieldAliases: Record<string, string> = {},
): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  const known = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const detail of error.details) {
    // `viewScope.0` → `viewScope`; a server name may also be aliased to the form's name.
    const head = detail.field?.split(/[.[]/)[0];
    const name = head ? (fieldAliases[head] ?? head) : undefined;
    if (name && known.has(name)) byField.set(name, [...(byField.get(name) ?? []), detail.message]);
    else rest.push(detail.message);
  }
  if (byField.size > 0) {
    form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  }
  return rest.length > 0 && error.code === 'VALIDATION_FAILED' ? rest.join('；') : error.message;
}
