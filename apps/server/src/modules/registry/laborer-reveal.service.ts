import type { Db } from '../../db/database.ts';
import { decryptField, type KeyRing } from '../../lib/field-crypto.ts';
import { recordSensitiveRead } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { getOwnedLaborer } from './laborer-read.service.ts';

export async function revealSensitiveField(
  db: Db,
  ring: KeyRing,
  actor: Actor,
  id: number,
  input: { field: 'idNumber' | 'phone' | 'bankAccount'; purpose: string },
) {
  // Only the 户籍地 reveals: the work region verifies employment with masked values.
  const laborer = await getOwnedLaborer(db, actor, id, 'view');
  const cipher =
    input.field === 'idNumber'
      ? laborer.idNumberCipher
      : input.field === 'phone'
        ? laborer.phoneCipher
        : laborer.bankAccountCipher;
  const value = cipher ? decryptField(ring, cipher) : null;
  await recordSensitiveRead(db, actor, {
    targetType: 'laborer',
    targetId: id,
    field: input.field,
    purpose: input.purpose,
  });
  return { field: input.field, value };
}
