import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { decryptField, encryptField, keyIdOf, type KeyRing } from '../../lib/field-crypto.ts';
import {
  countValuesByKey,
  encryptedTables,
  isEncrypted,
  keyPrefixPattern,
  orderByKeys,
} from './encrypted-columns.ts';

export interface RotationResult {
  /** Values re-encrypted under the current key by this run. */
  reencrypted: number;
  /** Values still under another key (written meanwhile by a process with the old ring): run again. */
  remaining: number;
  /** Keys of the ring that no value uses any more and that may be dropped from it (never the index key). */
  droppable: string[];
}

/**
 * `jiuye keys rotate`: re-encrypts every encrypted value that is not under the ring's current key, one chunk of
 * rows per transaction, so the server keeps running and a killed run loses nothing and is simply started again
 * (it picks up the values still under an old key). A value changed by someone else between the read and the write
 * is left for the next run (`where column = old value`), never overwritten.
 */
export async function rotateKeys(
  db: Db,
  ring: KeyRing,
  options: { chunkSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<RotationResult> {
  const chunkSize = options.chunkSize ?? 500;
  const current = ring.currentId;
  const total = (await countValuesByKey(db))
    .filter((entry) => entry.keyId !== current)
    .reduce((sum, entry) => sum + entry.count, 0);
  let done = 0;
  options.onProgress?.(done, total);
  const notCurrent = (column: string) =>
    sql<boolean>`(${isEncrypted(column)} and ${sql.ref(column)} not like ${keyPrefixPattern(current)} escape '\\')`;
  for (const { table, keys, columns } of encryptedTables()) {
    let after: unknown[] | undefined;
    for (;;) {
      const from = after
        ? sql`(${sql.join(keys.map((key) => sql.ref(key)))}) > (${sql.join(after)})`
        : sql`1 = 1`;
      const { rows } = await sql<Record<string, string | number | null>>`select
          ${sql.join([...keys, ...columns].map((column) => sql.ref(column)))}
        from ${sql.table(table)}
        where ${from} and (${sql.join(columns.map(notCurrent), sql` or `)})
        order by ${orderByKeys(keys)} limit ${chunkSize}`.execute(db.withoutPlugins());
      if (rows.length === 0) break;
      await db.transaction().execute(async (trx) => {
        for (const row of rows) {
          for (const column of columns) {
            const value = row[column];
            if (typeof value !== 'string' || !value.startsWith('v1.') || keyIdOf(value) === current) continue;
            const fresh = encryptField(ring, decryptField(ring, value));
            const result = await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${fresh}
              where ${sql.join(
                keys.map((key) => sql`${sql.ref(key)} = ${row[key]}`),
                sql` and `,
              )} and ${sql.ref(column)} = ${value}`.execute(trx);
            done += Number(result.numAffectedRows ?? 0);
          }
        }
      });
      const last = rows.at(-1)!;
      after = keys.map((key) => last[key]);
      options.onProgress?.(done, total);
    }
  }
  const left = (await countValuesByKey(db)).filter((entry) => entry.keyId !== current);
  const stillUsed = new Set(left.map((entry) => entry.keyId));
  return {
    reencrypted: done,
    remaining: left.reduce((sum, entry) => sum + entry.count, 0),
    droppable: [...ring.keys.keys()].filter(
      (keyId) => keyId !== current && keyId !== ring.indexKeyId && !stillUsed.has(keyId),
    ),
  };
}
