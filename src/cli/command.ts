/** One option of a subcommand, as parsed by node:util's parseArgs and shown in `--help`. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Shown in help, e.g. `N` for `--port N`. */
  valueName?: string;
  short?: string;
  /** May be given several times; the value is then a list. */
  multiple?: boolean;
}

export interface CommandContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** Parsed option values: a string or flag, or a list for options that may repeat. */
export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** An `evalbench` subcommand. `run` resolves to the process exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  positionals?: { name: string; description: string }[];
  run(values: OptionValues, positionals: string[], context: CommandContext): Promise<number>;
}

/** A mistake in how the command was called: printed as one line plus the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
