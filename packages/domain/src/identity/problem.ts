/**
 * The result shape shared by the identity validators, the import normalisers and the data-quality rules: business
 * outcomes are returned, never thrown. An error blocks the value; a warning lets it through but must be confirmed
 * by the user.
 */

export type Severity = 'error' | 'warning';

export interface Problem<Code extends string = string> {
  /** Stable English code, e.g. `id_number_check_digit`: what clients and tests match on. */
  readonly code: Code;
  /** The field (or field path such as `spells[1].channel`) the problem is about. */
  readonly field: string;
  readonly severity: Severity;
  /** Chinese message for the user, naming the value where that helps. */
  readonly message: string;
}

export type Checked<T, Code extends string = string> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly Problem<Code>[] }
  | { readonly ok: false; readonly problems: readonly Problem<Code>[] };

export function error<Code extends string>(code: Code, field: string, message: string): Problem<Code> {
  return { code, field, severity: 'error', message };
}

export function warning<Code extends string>(code: Code, field: string, message: string): Problem<Code> {
  return { code, field, severity: 'warning', message };
}

export function succeed<T, Code extends string = never>(
  value: T,
  warnings: readonly Problem<Code>[] = [],
): Checked<T, Code> {
  return { ok: true, value, warnings };
}

export function fail<Code extends string>(problems: readonly Problem<Code>[]): Checked<never, Code> {
  return { ok: false, problems };
}

/** Ok when none of the problems is an error; warnings travel with the value. */
export function settle<T, Code extends string>(
  value: T,
  problems: readonly Problem<Code>[],
): Checked<T, Code> {
  return hasErrors(problems) ? fail(problems) : succeed(value, problems);
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}

export function errorsOf<Code extends string>(problems: readonly Problem<Code>[]): Problem<Code>[] {
  return problems.filter((problem) => problem.severity === 'error');
}

export function warningsOf<Code extends string>(problems: readonly Problem<Code>[]): Problem<Code>[] {
  return problems.filter((problem) => problem.severity === 'warning');
}

/** Every problem of a result: the errors of a failure, or the warnings of a success. */
export function problemsOf<Code extends string>(result: Checked<unknown, Code>): readonly Problem<Code>[] {
  return result.ok ? result.warnings : result.problems;
}
