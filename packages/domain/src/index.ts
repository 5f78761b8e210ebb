export * from './region/region-code.ts';
export * from './auth/roles.ts';
export * from './auth/password-policy.ts';
export type { Checked, Problem, Severity } from './identity/problem.ts';
export { errorsOf, hasErrors, problemsOf, warningsOf } from './identity/problem.ts';
export { chinaDate } from './identity/calendar.ts';
export { seededRng, type Rng } from './identity/rng.ts';
export * from './identity/id-number.ts';
export * from './identity/phone.ts';
export * from './identity/uscc.ts';
export * from './identity/bank-account.ts';
export * from './registry/dictionaries.ts';
export * from './registry/normalize.ts';
export * from './registry/quality-rules.ts';
export * from './registry/laborer-check.ts';
// The policy engine has its own entry point (@jiuye/domain/policy/index.ts); here it is a namespace.
export * as policy from './policy/index.ts';
