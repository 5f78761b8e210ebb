import type { CliCommand } from '../../cli.ts';

export const commands: Record<string, CliCommand> = {};
