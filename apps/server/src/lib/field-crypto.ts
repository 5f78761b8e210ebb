import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Encryption of sensitive fields at rest (等保 2.0 三级 8.1.4.8 数据保密性): AES-256-GCM with a key ring, so keys
 * can be rotated, and an HMAC-SHA256 blind index for exact look-up and uniqueness.
 *
 * Ciphertext format: `v1.<keyId>.<iv>.<ciphertext+tag>` (base64url parts). The blind-index key is derived from the
 * first key of the ring that was ever used for indexing (`indexKeyId`), so rotation of the encryption key does not
 * change any index.
 */
export interface KeyRing {
  /** Key used for new encryptions. */
  currentId: string;
  keys: Map<string, Buffer>;
  /** Key from which the blind index is derived. */
  indexKeyId: string;
}

const VERSION = 'v1';

function parseKey(value: string, origin: string): Buffer {
  const text = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32)
    throw new Error(`${origin}: a data key must be 32 bytes (64 hex or 44 base64 characters)`);
  return key;
}

/**
 * Parses a key ring: `id:key[,id:key…]`, newest first. The last entry is the index key (the oldest, which stays
 * until all data is re-indexed). A single bare key gets the id `k1`.
 */
export function parseKeyRing(text: string, origin = 'JIUYE_DATA_KEY'): KeyRing {
  const entries = text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0 && !part.startsWith('#'));
  if (entries.length === 0) throw new Error(`${origin}: no key`);
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const [id, value] = colon > 0 ? [entry.slice(0, colon), entry.slice(colon + 1)] : ['k1', entry];
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(id)) throw new Error(`${origin}: bad key id ${JSON.stringify(id)}`);
    if (keys.has(id)) throw new Error(`${origin}: key id ${id} appears twice`);
    keys.set(id, parseKey(value, origin));
  }
  const ids = [...keys.keys()];
  return { currentId: ids[0]!, keys, indexKeyId: ids.at(-1)! };
}

export function generateKeyText(id = 'k1'): string {
  return `${id}:${crypto.randomBytes(32).toString('base64')}`;
}

/** Where a key ring comes from: the environment, a key file, or nowhere yet (`ring` undefined). */
export interface KeyRingSource {
  ring: KeyRing | undefined;
  /** `JIUYE_DATA_KEY`, or the key file's absolute path. */
  origin: string;
  /** The key file read or to be created (also when the ring came from the environment). */
  file: string;
}

/**
 * Reads the key ring from `dataKey` (JIUYE_DATA_KEY), else from the key file (config.dataKeyFile: JIUYE_DATA_KEY_FILE,
 * else beside the database). A missing file gives `ring: undefined`: whether a key may be created is the
 * database's to say (modules/keys/data-key.service.ts), never this function's.
 */
export function readKeyRingSource(dataKey: string | undefined, keyFile: string): KeyRingSource {
  const file = path.resolve(keyFile);
  if (dataKey) return { ring: parseKeyRing(dataKey), origin: 'JIUYE_DATA_KEY', file };
  if (!fs.existsSync(file)) return { ring: undefined, origin: file, file };
  return { ring: parseKeyRing(fs.readFileSync(file, 'utf8'), file), origin: file, file };
}

/** Writes a fresh one-key ring to `file` (folder 700, file 600); refuses to overwrite an existing file. */
export function createKeyFile(file: string): KeyRing {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, `${generateKeyText()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use that one.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parseKeyRing(fs.readFileSync(file, 'utf8'), file);
}

/**
 * The key ring from `dataKey`, or from `dataKeyFile`, created with a fresh key and mode 600 when `create` is set and
 * it does not exist. The server and the CLI do not call this: they open the ring through
 * modules/keys/data-key.service.ts, which checks it against the database first.
 */
export function loadKeyRing(
  config: { dataKey?: string | undefined; dataKeyFile: string },
  options: { create?: boolean } = {},
): KeyRing {
  const source = readKeyRingSource(config.dataKey, config.dataKeyFile);
  if (source.ring) return source.ring;
  if (!options.create) throw new Error(`no data key: set JIUYE_DATA_KEY or create ${source.file}`);
  return createKeyFile(source.file);
}

const FINGERPRINT_LABEL = 'jiuye data key fingerprint v1';
/** The known plaintext of a database's check values. */
export const CHECK_PLAINTEXT = 'jiuye data key check v1';

/**
 * A key's fingerprint: HMAC-SHA256 of a fixed label under the key. It identifies the key without revealing
 * anything that helps to find it (HMAC is a PRF), so the database may store it.
 */
export function keyFingerprint(ring: KeyRing, keyId: string): string {
  return crypto.createHmac('sha256', ring.keys.get(keyId)!).update(FINGERPRINT_LABEL).digest('base64url');
}

/** The ring reduced to one key, which then also encrypts (a check value is made under each key of a ring). */
export function ringOf(ring: KeyRing, keyId: string): KeyRing {
  return { currentId: keyId, keys: new Map([[keyId, ring.keys.get(keyId)!]]), indexKeyId: keyId };
}

// IVs are taken from a pool of CSPRNG output, each 12 bytes used once: one randomBytes call per 4,096 fields
// instead of one per field (a bulk import encrypts three fields a row).
let ivPool = Buffer.alloc(0);
let ivAt = 0;
function nextIv(): Buffer {
  if (ivAt + 12 > ivPool.length) {
    ivPool = crypto.randomBytes(12 * 4096);
    ivAt = 0;
  }
  ivAt += 12;
  return ivPool.subarray(ivAt - 12, ivAt);
}

export function encryptField(ring: KeyRing, plaintext: string): string {
  const key = ring.keys.get(ring.currentId)!;
  const iv = nextIv();
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, ring.currentId, iv.toString('base64url'), body.toString('base64url')].join('.');
}

export function decryptField(ring: KeyRing, ciphertext: string): string {
  const [version, keyId, ivText, bodyText] = ciphertext.split('.');
  if (version !== VERSION || !keyId || !ivText || !bodyText) throw new Error('not an encrypted field');
  const key = ring.keys.get(keyId);
  if (!key) throw new Error(`data key ${keyId} is not in the key ring`);
  const body = Buffer.from(bodyText, 'base64url');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

/** Key id a ciphertext was made with (to find what a rotation must re-encrypt). */
export function keyIdOf(ciphertext: string): string | undefined {
  return ciphertext.split('.')[1];
}

const indexKeys = new WeakMap<KeyRing, Buffer>();

/**
 * Deterministic HMAC of a normalised value, per field (`idNumber`, `phone` …), so equal values can be found and
 * kept unique without decrypting anything and without one field's index matching another's.
 */
export function blindIndex(ring: KeyRing, field: string, normalizedValue: string): string {
  let key = indexKeys.get(ring);
  if (!key) {
    key = Buffer.from(
      crypto.hkdfSync('sha256', ring.keys.get(ring.indexKeyId)!, Buffer.alloc(0), 'jiuye blind index', 32),
    );
    indexKeys.set(ring, key);
  }
  return crypto.createHmac('sha256', key).update(`${field}\u0000${normalizedValue}`).digest('base64url');
}
