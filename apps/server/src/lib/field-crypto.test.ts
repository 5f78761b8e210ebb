import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  blindIndex,
  decryptField,
  encryptField,
  generateKeyText,
  keyFingerprint,
  keyIdOf,
  loadKeyRing,
  parseKeyRing,
  readKeyRingSource,
} from './field-crypto.ts';

describe('field encryption', () => {
  const ring = parseKeyRing(generateKeyText('k1'));

  it('round-trips any text and never repeats a ciphertext (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const a = encryptField(ring, text);
        const b = encryptField(ring, text);
        expect(a).not.toBe(b);
        expect(decryptField(ring, a)).toBe(text);
      }),
    );
  });

  it('detects tampering', () => {
    const ciphertext = encryptField(ring, '140902199001011234');
    const parts = ciphertext.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => decryptField(ring, parts.join('.'))).toThrow();
  });

  it('rotates: new key encrypts, old key still decrypts, the blind index stays', () => {
    const oldRing = parseKeyRing(generateKeyText('k1'));
    const oldText = oldRing.keys.get('k1')!.toString('base64');
    const rotated = parseKeyRing(`${generateKeyText('k2')},k1:${oldText}`);
    const old = encryptField(oldRing, 'secret');
    expect(decryptField(rotated, old)).toBe('secret');
    expect(keyIdOf(encryptField(rotated, 'secret'))).toBe('k2');
    expect(blindIndex(rotated, 'idNumber', 'X')).toBe(blindIndex(oldRing, 'idNumber', 'X'));
  });

  it('separates the blind index per field', () => {
    expect(blindIndex(ring, 'idNumber', '13800000000')).not.toBe(blindIndex(ring, 'phone', '13800000000'));
    expect(blindIndex(ring, 'phone', '13800000000')).toBe(blindIndex(ring, 'phone', '13800000000'));
  });

  it('refuses malformed key rings', () => {
    expect(() => parseKeyRing('')).toThrow(/no key/);
    expect(() => parseKeyRing('k1:abc')).toThrow(/32 bytes/);
    const key = generateKeyText('a');
    expect(() => parseKeyRing(`${key},${key}`)).toThrow(/twice/);
  });

  it('creates a key file with mode 600 when asked, and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-key-'));
    const file = path.join(dir, 'keys', 'data.key');
    expect(() => loadKeyRing({ dataKeyFile: file })).toThrow(/no data key/);
    const first = loadKeyRing({ dataKeyFile: file }, { create: true });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = loadKeyRing({ dataKeyFile: file });
    expect(again.keys.get('k1')).toEqual(first.keys.get('k1'));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads a missing key file as no ring and creates nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-key-'));
    const file = path.join(dir, 'keys', 'data.key');
    expect(readKeyRingSource(undefined, file)).toEqual({ ring: undefined, origin: file, file });
    expect(fs.existsSync(path.dirname(file))).toBe(false);
    const key = generateKeyText('k7');
    const fromEnv = readKeyRingSource(key, file);
    expect(fromEnv.origin).toBe('JIUYE_DATA_KEY');
    expect(fromEnv.ring!.currentId).toBe('k7');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fingerprints a key the same way every time, differently for another key, never as the key', () => {
    const one = parseKeyRing(generateKeyText('k1'));
    const two = parseKeyRing(generateKeyText('k1'));
    expect(keyFingerprint(one, 'k1')).toBe(
      keyFingerprint(parseKeyRing(`k1:${one.keys.get('k1')!.toString('base64')}`), 'k1'),
    );
    expect(keyFingerprint(one, 'k1')).not.toBe(keyFingerprint(two, 'k1'));
    expect(keyFingerprint(one, 'k1')).not.toContain(one.keys.get('k1')!.toString('base64url').slice(0, 8));
  });
});
