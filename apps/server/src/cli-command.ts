/** One `jiuye` subcommand; cli.ts collects them from the modules' *.cli.ts files. */
export type CliCommand = {
  usage: string;
  summary: string;
  run: (args: string[]) => Promise<number>;
};
