import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { AppError } from './lib/errors.ts';
import { recordFailure, wasAudited } from './modules/audit/audit.service.ts';
import { actorForCli, type Actor } from './modules/auth/actor.ts';

/** One `jiuye` subcommand; cli.ts collects them from the modules' *.cli.ts files. */
export type CliCommand = {
  usage: string;
  summary: string;
  run: (args: string[]) => Promise<number>;
};

/** Where a command prints, and the configuration it runs with (tests pass their own). */
export interface CliIo {
  print: (line: string) => void;
  printError: (line: string) => void;
  /** JIUYE_USER and the import settings (config.ts). */
  config: Config;
  /** Called after each committed chunk of an import (RunOptions.afterChunk). */
  afterChunk?: (chunks: number) => void;
}

export const consoleIo = (config: Config): CliIo => ({
  print: console.log,
  printError: console.error,
  config,
});

/** Exit code of a refusal: 2 for who may not do it (no such user, no permission, out of scope), 1 for what was sent. */
export function exitCodeOf(error: AppError): number {
  return ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'].includes(error.code) ||
    error.details.some((detail) => detail.field === 'user')
    ? 2
    : 1;
}

/** Prints a refusal as the screen shows it: the message, then each detail with its field and row. */
export function printRefusal(io: Pick<CliIo, 'printError'>, error: AppError, prefix = '拒绝执行'): void {
  io.printError(`${prefix}: ${error.message} (${error.code})`);
  for (const detail of error.details) {
    const where = [detail.row === undefined ? '' : `第 ${detail.row} 行`, detail.field ?? '']
      .filter(Boolean)
      .join(' ');
    io.printError(`  ${where}${where ? ' ' : ''}${detail.message}`);
  }
}

export interface ActAs {
  /** The user the command is run as (`--user`, else JIUYE_USER). */
  username: string | undefined;
  /**
   * The operation-log action of a command that changes something, the same name as its route's `config.audit`: a
   * refusal is then logged as the error handler logs the route's (reads are not logged when refused).
   */
  audit?: string;
  /** Printed before the refusal's message (`拒绝导入` …). */
  refusal?: string;
  /** The command's own exit codes for a refusal, where its usage line promises others than exitCodeOf's. */
  exitCode?: (error: AppError) => number;
}

/**
 * A command's steps after parsing: the actor, then the same service call as the route, then printing. An AppError
 * is printed with its details and answered with its exit code; for a change it is also written to the operation
 * log unless the service logged it already, so that the CLI and the route leave the same row.
 */
export async function runAsActor(
  db: Db,
  io: CliIo,
  options: ActAs,
  work: (actor: Actor) => Promise<number>,
): Promise<number> {
  let actor: Actor | undefined;
  try {
    actor = await actorForCli(db, options.username ?? io.config.user);
    return await work(actor);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (actor && options.audit && !wasAudited(actor)) {
      await recordFailure(db, actor, {
        action: options.audit,
        code: error.code,
        detail: error.details.length > 0 ? { details: error.details.slice(0, 20) } : {},
      });
    }
    printRefusal(io, error, options.refusal);
    return (options.exitCode ?? exitCodeOf)(error);
  }
}
