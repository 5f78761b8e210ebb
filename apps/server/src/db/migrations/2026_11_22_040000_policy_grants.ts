import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the application (kysely site/docs/migrations.mdx).
// The grant ledger of the policy engine (issue 4, Grant ledger).

export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
