import { hash, verify, type Options } from '@node-rs/argon2';

// argon2id with the OWASP-recommended minimum (19 MiB, 2 iterations, 1 lane).
// `Algorithm` is an ambient const enum, which isolated modules cannot read: 2 is Algorithm.Argon2id.
const OPTIONS: Options = {
  algorithm: 2 as Options['algorithm'],
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/**
 * The password hash of an account that has none yet (待授权: created by the system administrator, waiting for the
 * security administrator's one-time password). No password verifies against it.
 */
export const NO_PASSWORD = '';

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

/** Computes the hash verifyDummy checks against ahead of time, so that no login pays for it. */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('jiuye-dummy-password-Aa1!');
  return dummyHash;
}

/**
 * Spends the time of one verification, with the same parameters as a real one, on a user that does not exist, so
 * that timing does not tell an unknown user from a wrong password.
 */
export async function verifyDummy(password: string): Promise<void> {
  await verifyPassword(await prepareDummyHash(), password);
}
