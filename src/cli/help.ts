import type { Command, OptionSpec } from './command';
import { EXIT_CODES } from './usageErrors';

const exitCodeLines = (): string[] => ['Exit codes:', ...EXIT_CODES.map(([code, meaning]) => `  ${String(code).padEnd(5)}${meaning}`)];

export function commandHelp(command: Command): string {
  const lines = [`Usage: ${command.usage}`, '', command.summary, ''];
  if (command.positionals && command.positionals.length > 0) {
    lines.push('Arguments:');
    for (const p of command.positionals) lines.push(`  ${p.name.padEnd(22)}${p.description}`);
    lines.push('');
  }
  lines.push('Options:');
  const help: OptionSpec = { type: 'boolean', description: 'Show this help.', short: 'h' };
  const entries = Object.entries({ ...command.options, help });
  for (const [name, spec] of entries) {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}${spec.multiple === true ? ' …' : ''}`;
    lines.push(`  ${flag.padEnd(22)}${spec.description}`);
  }
  lines.push('', ...exitCodeLines());
  return lines.join('\n') + '\n';
}

export function programHelp(commands: readonly Command[], version: string): string {
  const lines = [
    `Evalbench ${version}: compare local GGUF models, above all one model at several quantizations.`,
    '',
    'Usage: evalbench <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(16)}${c.summary}`),
    '',
    'Global options:',
    '  -h, --help      Show help; `evalbench <command> --help` describes every option of a command.',
    '  -v, --version   Print the version.',
    '',
    'Environment:',
    '  EVALBENCH_HOME          Data folder (store, caches); defaults to the OS application-data folder.',
    '  EVALBENCH_WORKER_TOKEN  Token `evalbench worker` requires of its clients (instead of --token).',
    '  HF_TOKEN                Hugging Face token for downloads from gated repositories.',
    '  EVALBENCH_CHROMIUM      Chromium or Chrome binary `evalbench report --format pdf` prints with (default /usr/bin/chromium).',
    '',
    ...exitCodeLines(),
  ];
  return lines.join('\n') + '\n';
}
