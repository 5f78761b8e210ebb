export * from './common.ts';
export * from './regions.ts';
export * from './auth.ts';
export * from './organizations.ts';
export * from './users.ts';
export * from './audit.ts';
export * from './registry.ts';
export * from './registry-import.ts';
