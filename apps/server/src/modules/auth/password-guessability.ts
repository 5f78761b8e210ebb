import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

/**
 * 等保 2.0 三级 8.1.4.1 a) 身份鉴别信息具有复杂度要求: besides the character classes (password-policy.ts), a password
 * must not be a common one or one that is easy to guess. zxcvbn's score 3 means about 10⁸ guesses or more
 * ("safely unguessable: moderate protection from offline slow-hash scenario"). The dictionaries (a few MB) load
 * once, on the server only: the web shows the server's message, so they never reach the browser bundle.
 */
export const MIN_GUESSABILITY_SCORE = 3;

let checker: ZxcvbnFactory | undefined;

function getChecker(): ZxcvbnFactory {
  checker ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary },
    graphs: common.adjacencyGraphs,
  });
  return checker;
}

/** Whether the password is common or easy to guess; the username and display name count as known words. */
export function isGuessablePassword(password: string, userInputs: readonly string[] = []): boolean {
  const inputs = userInputs.filter((input) => input.length > 0);
  return getChecker().check(password, inputs).score < MIN_GUESSABILITY_SCORE;
}

/** Loads the dictionaries ahead of the first check (at start, so that no request pays for it). */
export function preparePasswordChecker(): void {
  getChecker().check('jiuye');
}
