import { didYouMean } from '../shared/testset/didYouMean';
import type { Command } from './command';

/** The exit codes every command uses, listed in `--help` so scripts and CI can rely on them. */
export const EXIT_CODES: readonly (readonly [number, string])[] = [
  [0, 'success'],
  [1, 'the command failed (a bad file, a run that could not start, an I/O error); stderr says why'],
  [2, 'the command was called wrongly (unknown command or option, a missing value)'],
  [3, '`run --fail-under`: a condition was not met'],
  [130, '`run`: stopped by Ctrl-C or SIGTERM; `run --resume` finishes it'],
];

/** `Unknown command "rnu". Did you mean "run"?` with the list of commands. */
export function unknownCommandMessage(word: string, commands: readonly Command[]): string {
  const suggestion = didYouMean(
    word,
    commands.map((c) => c.name),
  );
  return `Unknown command "${word}".${suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`} Commands: ${commands.map((c) => c.name).join(', ')}. See \`evalbench --help\`.`;
}

function optionName(message: string): string | undefined {
  return /option '(-{1,2}[^' <]+)/i.exec(message)?.[1];
}

/**
 * node:util parseArgs' errors reworded for a person: the closest option for a typo, how to pass a
 * value that starts with '-', and which options need or refuse a value.
 */
export function parseErrorMessage(error: { code?: string | undefined; message: string }, command: Command): string {
  const given = optionName(error.message);
  const names = Object.keys(command.options).concat('help');
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && given !== undefined) {
    const bare = given.replace(/^-+/, '').split('=')[0] ?? '';
    const suggestion = didYouMean(bare, names);
    const hint =
      suggestion === undefined ? ` Options of \`evalbench ${command.name}\` are listed below.` : ` Did you mean --${suggestion}?`;
    return `unknown option ${given}.${hint} (To pass a value that starts with '-', put it after \`--\`.)`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && given !== undefined) {
    const name = given.replace(/^-+/, '');
    const spec = command.options[name];
    if (/argument missing/i.test(error.message)) return `--${name} needs a value: --${name} ${spec?.valueName ?? 'VALUE'}.`;
    if (/does not take an argument/i.test(error.message)) return `--${name} is a switch and takes no value; write just --${name}.`;
  }
  return error.message;
}
