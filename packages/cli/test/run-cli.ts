import { main } from '../src/index.js';

/** Runs the CLI in-process and collects its exit code, stdout and stderr. */
export async function runCli(args: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
