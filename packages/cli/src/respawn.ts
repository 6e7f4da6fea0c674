// The benchmark times cells of several runtimes in one process, interleaved. With V8's default
// concurrent and parallel GC, the garbage one cell leaves (tfjs's tensors, every fresh output) is
// collected by helper threads while the next cells run, so on a 2-core machine a cell that splits its
// call across both cores finds one of them taken by another cell's collection. Measured at 1e6 elements:
// cpu+resident relu's gradient took ×1.6–1.7 the copy floor with no peers in the run, ×2.2–4.5 with the
// tfjs peers, and ×1.6–2.0 with them under --single-threaded-gc, where each collection runs on the main
// thread when an allocation asks for it, in the time of the cell that allocates.

/** The V8 flag `rectify bench` runs under, unless `--concurrent-gc` is given. */
export const BENCH_NODE_FLAG = '--single-threaded-gc';

/**
 * The Node arguments to run `rectify <args>` again with, or null to run it here: `bench` runs in a Node
 * started with {@link BENCH_NODE_FLAG} (V8 reads its GC flags when it starts), unless it already is, is
 * asked for `--help`, or is told `--concurrent-gc`.
 *
 * @example
 * ```ts
 * benchRespawnArgs(['bench', '--ops', 'relu'], [], 'bin.js');
 * // ['--single-threaded-gc', 'bin.js', 'bench', '--ops', 'relu']
 * ```
 */
export function benchRespawnArgs(
  args: readonly string[],
  execArgv: readonly string[],
  script: string,
): string[] | null {
  if (args[0] !== 'bench' || execArgv.includes(BENCH_NODE_FLAG)) return null;
  if (args.some((a) => a === '--concurrent-gc' || a === '--help' || a === '-h')) return null;
  return [BENCH_NODE_FLAG, ...execArgv, script, ...args];
}
