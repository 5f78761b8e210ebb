import type { UserDto } from '@jiuye/contracts';
import { assertStrongPassword } from '../auth/auth.service.ts';
import { generatePassword } from '../auth/password-generator.ts';
import type { UserRecord } from './user.repository.ts';

/** An account as answered, with the one-time password when this request issued one (shown once). */
export type UserWithPassword = UserDto & { oneTimePassword?: string };

/**
 * A generated password (first-start.ts) checked like any other, the common-password check included; the
 * generator's 16 random characters of four classes pass it, so the loop is a guard, not a search. Nobody chooses
 * another's password (三员分立, GB/T 22239-2019 8.1.4.2).
 */
export function newOneTimePassword(username: string, displayName: string): string {
  for (;;) {
    const password = generatePassword();
    try {
      assertStrongPassword(password, username, 'password', [displayName]);
      return password;
    } catch {
      // Drawn again: a random password that happens to contain the username or a dictionary word.
    }
  }
}

export function withOneTimePassword(user: UserRecord, oneTimePassword: string | undefined): UserWithPassword {
  return oneTimePassword === undefined ? user : { ...user, oneTimePassword };
}
