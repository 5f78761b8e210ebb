import type { Generated } from 'kysely';

/** A key the database's encrypted fields were written with: fingerprint and check value, never the key. */
export interface DataKeyTable {
  keyId: string;
  fingerprint: string;
  checkValue: string;
  isIndexKey: Generated<boolean | number>;
  createdAt: string;
}
