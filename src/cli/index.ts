import { parseArgs } from 'node:util';
import { versionInfo } from '../main/services/versionInfo';
import { UserFacingError } from '../shared/result';
import { UsageError, type Command, type CommandContext } from './command';
import { fidelityCommand } from './commands/fidelity';
import { importCommand } from './commands/import';
import { loglikelihoodCommand } from './commands/loglikelihood';
import { inspectCommand } from './commands/inspect';
import { makeFixturesCommand } from './commands/makeFixtures';
import { reportCommand } from './commands/report';
import { runCommand } from './commands/run';
import { runsCommand } from './commands/runs';
import { scoreCommand } from './commands/score';
import { serveCommand } from './commands/serve';
import { validateCommand } from './commands/validate';
import { workerCommand } from './commands/worker';
import { commandHelp, programHelp } from './help';
import { parseErrorMessage, unknownCommandMessage } from './usageErrors';

const commands: readonly Command[] = [
  serveCommand,
  runCommand,
  runsCommand,
  reportCommand,
  validateCommand,
  importCommand,
  scoreCommand,
  inspectCommand,
  fidelityCommand,
  loglikelihoodCommand,
  workerCommand,
  makeFixturesCommand,
];

/** Runs the `evalbench` command line; resolves to the exit code. */
export async function main(argv: string[], context: CommandContext): Promise<number> {
  const { version } = versionInfo();
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const target = first === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    context.stdout.write(target ? commandHelp(target) : programHelp(commands, version));
    return 0;
  }
  if (first === '--version' || first === '-v') {
    context.stdout.write(`${version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    context.stderr.write(`${unknownCommandMessage(first, commands)}\n`);
    return 2;
  }
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (parsed.values.help === true) {
      context.stdout.write(commandHelp(command));
      return 0;
    }
    return await command.run(parsed.values, parsed.positionals, context);
  } catch (error) {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      const message = error instanceof UsageError ? error.message : parseErrorMessage(error as NodeJS.ErrnoException, command);
      context.stderr.write(`evalbench ${command.name}: ${message}\n\n${commandHelp(command)}`);
      return 2;
    }
    // The user's to fix (a damaged store, a missing file): what happened and what to do, no stack.
    if (error instanceof UserFacingError) {
      context.stderr.write(`evalbench ${command.name}: ${error.message}\n${error.hint === undefined ? '' : `${error.hint}\n`}`);
      return 1;
    }
    throw error;
  }
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntryPoint) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`evalbench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
