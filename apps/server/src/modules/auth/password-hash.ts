import { hash, verify, type Options } from '@node-rs/argon2';

// argon2id with the OWASP-recommended minimum (19 MiB, 2 iterations, 1 lane).
// `Algorithm` is an ambient const enum, which isolated modules cannot read: 2 is Algorithm.Argon2id.
const OPTIONS: Options = { algorithm: 2 as Options['algorithm'], memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the time of one verification on a user that does not exist, so timing reveals nothing. */
export async function verifyDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword('jiuye-dummy-password-Aa1!');
  await verifyPassword(await dummyHash, password);
}
