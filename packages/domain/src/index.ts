export * from './region/region-code.ts';
export * from './auth/roles.ts';
export * from './auth/password-policy.ts';
