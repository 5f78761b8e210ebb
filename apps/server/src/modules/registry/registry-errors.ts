import {
  checkCode as checkCodeOf,
  REGISTRY_DICTIONARIES,
  type Problem,
  type RegistryDictionaryType,
} from '@jiuye/domain';
import { AppError, type ErrorDetail } from '../../lib/errors.ts';

export function problemDetails(problems: readonly Problem[]): ErrorDetail[] {
  return problems.map((problem) => ({
    field: problem.field,
    message: problem.message,
    code: problem.code,
    severity: problem.severity,
  }));
}

export function validationFailed(details: ErrorDetail[]): AppError {
  return new AppError('VALIDATION_FAILED', '提交的数据有误，请检查标出的字段', details);
}

/** checkCode of packages/domain by dictionary type, as a list (`「文化程度」没有代码 99`). */
export function checkCode(
  type: RegistryDictionaryType,
  value: string | null | undefined,
  field: string,
): Problem[] {
  const problem = checkCodeOf(REGISTRY_DICTIONARIES[type], value, field);
  return problem ? [problem] : [];
}
