import type { Db } from '../../db/database.ts';
import { dialectOf } from '../../db/create-db.ts';
import type { KeyRing } from '../../lib/field-crypto.ts';
import type { ChunkStore } from './chunk-plan.ts';
import { openPostgresStore } from './postgres-chunk-store.ts';
import { openSqliteStore } from './sqlite-chunk-store.ts';

/**
 * Writes one chunk of an import in one transaction, together with the job's resume point and counts, so a killed
 * run resumes exactly after the last committed chunk. SQLite: synchronous better-sqlite3 prepared statements on a
 * second connection to the same file (WAL, sqlite-chunk-store.ts); PostgreSQL: COPY into a temporary table, then
 * INSERT … ON CONFLICT / UPDATE … FROM in the same transaction (postgres-chunk-store.ts). What each row becomes is
 * worked out the same way for both (chunk-plan.ts).
 */

export async function openChunkStore(db: Db, ring: KeyRing): Promise<ChunkStore> {
  return dialectOf(db) === 'sqlite' ? openSqliteStore(db, ring) : openPostgresStore(db, ring);
}
