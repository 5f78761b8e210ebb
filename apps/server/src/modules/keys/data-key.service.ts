import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { nowIso, toBoolean } from '../../db/create-db.ts';
import {
  blindIndex,
  CHECK_PLAINTEXT,
  createKeyFile,
  decryptField,
  encryptField,
  keyFingerprint,
  readKeyRingSource,
  ringOf,
  type KeyRing,
} from '../../lib/field-crypto.ts';
import {
  countValuesByKey,
  ENCRYPTED_COLUMNS,
  hasEncryptedValues,
  hasValuesUnder,
  sampleValuesUnder,
} from './encrypted-columns.ts';

/**
 * The key belongs to the data. Before the server or a CLI command encrypts or decrypts anything,
 * the key ring is checked against the keys the database recorded (data_key: fingerprint and check value per key
 * id); a ring that does not fit stops the program with a message that says what to do, and a key is generated
 * only for an empty database (no recorded key, no encrypted value).
 */

/** The key ring does not fit the database: the program must stop (exit 1) and change nothing. */
export class DataKeyError extends Error {
  constructor(
    readonly code: 'DATA_KEY_MISSING' | 'DATA_KEY_MISMATCH' | 'DATABASE_NOT_MIGRATED',
    message: string,
  ) {
    super(message);
    this.name = 'DataKeyError';
  }
}

export interface KeyRingPlace {
  /** Key file used when JIUYE_DATA_KEY is not set (config.dataKeyFile). */
  dataKeyFile: string;
  /** What the database is, for the message (`SQLite /srv/jiuye/jiuye.db`). */
  database: string;
}

function advice(place: KeyRingPlace): string {
  return [
    `  请将 JIUYE_DATA_KEY_FILE 设为与该数据库一同备份的密钥文件，或在 JIUYE_DATA_KEY 中给出其密钥环（新密钥在前）。`,
    `  (Set JIUYE_DATA_KEY_FILE to the key file backed up with this database, or give its key ring in`,
    `  JIUYE_DATA_KEY, newest key first.) 未作任何修改 (nothing was changed).`,
    `  数据库 database: ${place.database}`,
    `  密钥来源 key from: ${place.dataKeyFile}`,
  ].join('\n');
}

interface RecordedKey {
  keyId: string;
  fingerprint: string;
  checkValue: string;
  isIndexKey: boolean;
}

/** The keys the database recorded; `[]` for a database of a version before data_key when `allowUnmigrated`. */
async function recordedKeys(db: Db, allowUnmigrated = false): Promise<RecordedKey[]> {
  try {
    const rows = await db
      .selectFrom('dataKey')
      .select(['keyId', 'fingerprint', 'checkValue', 'isIndexKey'])
      .orderBy('createdAt')
      .execute();
    return rows.map((row) => ({ ...row, isIndexKey: toBoolean(row.isIndexKey) }));
  } catch {
    if (allowUnmigrated) return [];
    throw new DataKeyError(
      'DATABASE_NOT_MIGRATED',
      '数据库尚未迁移到当前版本，无法检查数据密钥：请先运行 `jiuye db migrate` 或启动一次服务\n' +
        '(the database is not migrated to this version, so its data key cannot be checked: run `jiuye db migrate` first)',
    );
  }
}

export function keyMismatchError(place: KeyRingPlace, what: string): DataKeyError {
  return new DataKeyError(
    'DATA_KEY_MISMATCH',
    `数据密钥与数据库不符，已停止 (the data key does not fit this database; stopped):\n  ${what}\n${advice(place)}`,
  );
}

export function missingKeyError(place: KeyRingPlace): DataKeyError {
  return new DataKeyError(
    'DATA_KEY_MISSING',
    `找不到数据密钥，而数据库中已有加密数据，已停止；不会生成新密钥 (no data key found, and this database holds encrypted data; stopped, no new key is made):\n` +
      `  未设置 JIUYE_DATA_KEY，密钥文件不存在 (JIUYE_DATA_KEY is not set and the key file does not exist).\n${advice(place)}`,
  );
}

/**
 * Problems of `ring` against the database, or none. Reads only. For a database made before keys were recorded
 * (encrypted values, no data_key rows) the ring must decrypt samples of every key id present and reproduce the
 * blind index of sampled labourers.
 */
export async function findKeyRingProblems(
  db: Db,
  ring: KeyRing,
  options: { allowUnmigrated?: boolean } = {},
): Promise<string[]> {
  const problems: string[] = [];
  const recorded = await recordedKeys(db, options.allowUnmigrated);
  for (const key of recorded) {
    if (ring.keys.has(key.keyId)) {
      let decrypts: boolean;
      try {
        decrypts = decryptField(ring, key.checkValue) === CHECK_PLAINTEXT;
      } catch {
        decrypts = false;
      }
      if (keyFingerprint(ring, key.keyId) !== key.fingerprint || !decrypts)
        problems.push(
          `密钥 ${key.keyId} 不是该数据库数据所用的密钥 ${key.keyId}（指纹不同，无法解密校验值）` +
            ` (key ${key.keyId} is not the key ${key.keyId} this database was written with)`,
        );
    } else if (await hasValuesUnder(db, key.keyId)) {
      problems.push(
        `密钥环缺少密钥 ${key.keyId}，而数据库中有用它加密的数据` +
          ` (the key ring lacks key ${key.keyId}, and data encrypted under it exists)`,
      );
    }
    if (key.isIndexKey && ring.indexKeyId !== key.keyId)
      problems.push(
        `密钥环的最后一个密钥应为盲索引密钥 ${key.keyId}，而不是 ${ring.indexKeyId}` +
          ` (the last key of the ring must be the blind-index key ${key.keyId}, not ${ring.indexKeyId})`,
      );
  }
  if (recorded.length === 0 && (await hasEncryptedValues(db)))
    problems.push(...(await findLegacyProblems(db, ring)));
  return problems;
}

async function findLegacyProblems(db: Db, ring: KeyRing): Promise<string[]> {
  const problems: string[] = [];
  const keyIds = new Set((await countValuesByKey(db)).map((entry) => entry.keyId));
  for (const keyId of keyIds) {
    if (!ring.keys.has(keyId)) {
      problems.push(
        `密钥环缺少密钥 ${keyId}，而数据库中有用它加密的数据 (the key ring lacks key ${keyId}, and data encrypted under it exists)`,
      );
      continue;
    }
    for (const column of ENCRYPTED_COLUMNS) {
      for (const value of await sampleValuesUnder(db, column, keyId, 5)) {
        try {
          decryptField(ring, value);
        } catch {
          problems.push(
            `密钥 ${keyId} 无法解密数据库中用 ${keyId} 加密的数据 (key ${keyId} cannot decrypt the data encrypted under ${keyId})`,
          );
          break;
        }
      }
      if (problems.length > 0) return problems;
    }
  }
  if (problems.length > 0) return problems;
  // The blind index: the ring's last key must reproduce the stored index of decrypted ID numbers.
  const sample = await db
    .selectFrom('laborer')
    .select(['idNumberCipher', 'idNumberIndex'])
    .orderBy('id')
    .limit(5)
    .execute();
  for (const row of sample) {
    if (blindIndex(ring, 'idNumber', decryptField(ring, row.idNumberCipher)) !== row.idNumberIndex) {
      problems.push(
        `密钥环的最后一个密钥 ${ring.indexKeyId} 不是该数据库的盲索引密钥 (the last key ${ring.indexKeyId} of the ring is not this database's blind-index key)`,
      );
      break;
    }
  }
  return problems;
}

/** Records the ring's keys the database does not hold yet (fingerprint, check value, the index key once). */
async function recordKeyRing(db: Db, ring: KeyRing): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const held = await trx.selectFrom('dataKey').select(['keyId', 'isIndexKey']).execute();
    const hasIndexKey = held.some((key) => toBoolean(key.isIndexKey));
    const known = new Set(held.map((key) => key.keyId));
    for (const keyId of ring.keys.keys()) {
      if (known.has(keyId)) continue;
      await trx
        .insertInto('dataKey')
        .values({
          keyId,
          fingerprint: keyFingerprint(ring, keyId),
          checkValue: encryptField(ringOf(ring, keyId), CHECK_PLAINTEXT),
          isIndexKey: !hasIndexKey && keyId === ring.indexKeyId,
          createdAt: nowIso(),
        })
        .onConflict((conflict) => conflict.column('keyId').doNothing())
        .execute();
    }
  });
}

/**
 * The key ring for `db`, checked: from JIUYE_DATA_KEY or the key file (beside the database by default); created
 * beside the database only when the database is empty; throws DataKeyError (and changes nothing) when it does not
 * fit. On success the ring's new keys are recorded, so data written from now on is checked at the next start.
 */
export async function openKeyRing(
  db: Db,
  place: KeyRingPlace,
  options: { dataKey?: string | undefined; log?: (line: string) => void } = {},
): Promise<KeyRing> {
  const source = readKeyRingSource(options.dataKey, place.dataKeyFile);
  let ring = source.ring;
  const recorded = await recordedKeys(db);
  if (!ring) {
    if (recorded.length > 0 || (await hasEncryptedValues(db))) throw missingKeyError(place);
    ring = createKeyFile(source.file);
    options.log?.(`已为空数据库生成数据密钥 (a data key was made for this empty database): ${source.file}`);
    options.log?.('  请备份该文件，并与数据库备份分开保存 (back it up, apart from the database backups)');
  }
  const problems = await findKeyRingProblems(db, ring);
  if (problems.length > 0)
    throw keyMismatchError({ ...place, dataKeyFile: source.origin }, problems.join('\n  '));
  await recordKeyRing(db, ring);
  // Two processes may record at once: check again what was recorded.
  const after = await findKeyRingProblems(db, ring);
  if (after.length > 0) throw keyMismatchError({ ...place, dataKeyFile: source.origin }, after.join('\n  '));
  return ring;
}

/** openKeyRing with the place from the configuration (the server and every CLI command). */
export function openConfiguredKeyRing(
  db: Db,
  config: Pick<Config, 'dataKey' | 'dataKeyFile' | 'databaseUrl' | 'sqlitePath'>,
  options: { log?: (line: string) => void } = {},
): Promise<KeyRing> {
  return openKeyRing(
    db,
    { dataKeyFile: config.dataKeyFile, database: describePlace(config) },
    { dataKey: config.dataKey, log: options.log },
  );
}

export function describePlace(config: Pick<Config, 'databaseUrl' | 'sqlitePath'>): string {
  if (!config.databaseUrl) return `SQLite ${config.sqlitePath}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

/** Does the database hold keys or encrypted values (so that no new key may be made for it)? */
export async function holdsEncryptedData(db: Db, options: { allowUnmigrated?: boolean } = {}) {
  return (await recordedKeys(db, options.allowUnmigrated)).length > 0 || (await hasEncryptedValues(db));
}

/** Keys recorded by the database with the number of values under each (`jiuye keys status`). */
export async function describeKeys(db: Db) {
  const recorded = await recordedKeys(db);
  const counts = await countValuesByKey(db);
  const byKey = new Map<string, number>();
  for (const entry of counts) byKey.set(entry.keyId, (byKey.get(entry.keyId) ?? 0) + entry.count);
  const ids = new Set([...recorded.map((key) => key.keyId), ...byKey.keys()]);
  return [...ids].sort().map((keyId) => ({
    keyId,
    isRecorded: recorded.some((key) => key.keyId === keyId),
    isIndexKey: recorded.some((key) => key.keyId === keyId && key.isIndexKey),
    values: byKey.get(keyId) ?? 0,
  }));
}
