import { CaseFormatError } from '@rectify/conformance';
import { isRectifyError } from '@rectify/core';
import { UsageError } from './backends.js';
import { benchCommand, benchUsage } from './commands/bench.js';
import { conformanceCommand, conformanceUsage } from './commands/conformance.js';
import { exportOnnxCommand, exportOnnxUsage } from './commands/export-onnx.js';
import { plotCommand, plotUsage } from './commands/plot.js';
import { trainCommand, trainUsage } from './commands/train.js';

type Command = (argv: readonly string[], out: (line: string) => void) => Promise<number>;

const commands: Readonly<Record<string, { run: Command; usage: string }>> = {
  bench: { run: benchCommand, usage: benchUsage },
  conformance: { run: conformanceCommand, usage: conformanceUsage },
  'export-onnx': { run: exportOnnxCommand, usage: exportOnnxUsage },
  plot: { run: plotCommand, usage: plotUsage },
  train: { run: trainCommand, usage: trainUsage },
};

export const usage = `usage: rectify <command> [options]

commands:
${Object.values(commands)
  .map((c) => `  ${c.usage.split('\n')[0]}`)
  .join('\n')}

Run "rectify <command> --help" for a command's options.`;

/**
 * Runs the CLI with the given arguments and returns the exit code: 0 success, 1 a failed check,
 * 2 a usage or input error (printed to stderr).
 */
export async function main(
  argv: readonly string[],
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  err: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(usage);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    err(`rectify: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  try {
    return await command.run(rest, out);
  } catch (e) {
    const known =
      e instanceof UsageError ||
      e instanceof CaseFormatError ||
      isRectifyError(e) ||
      (e instanceof Error && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'));
    if (!known) throw e;
    err(`rectify ${name}: ${(e as Error).message}`);
    if (e instanceof UsageError || ('code' in (e as object) && !isRectifyError(e))) err(`\n${command.usage}`);
    return 2;
  }
}
