import {
  type CaseResult,
  type ConformanceCase,
  generateSuite,
  runCases,
  type Summary,
  summarize,
  type Tally,
} from '@rectify/conformance';
import type { Backend, OpId } from '@rectify/core';

/** The seed the CLI uses unless told otherwise. */
export const cliSeed = 1;

/** The backend names the CLI knows (webgl exists only in browsers). */
const cliBackends: Readonly<Record<string, string>> = {
  cpu: 'cpu',
  'tfjs-cpu': 'tfjs-cpu',
  'tfjs-wasm': 'tfjs-wasm',
  onnx: 'onnx',
};

/**
 * The cases `pnpm rectify conformance --ops <op> --generated-only` runs: the suite generated with seed 1
 * for that op, filtered to the op (which drops the suite's unknown-op case), exactly as the CLI does.
 */
export function cliCases(op: OpId): ConformanceCase[] {
  return generateSuite({ ops: [op], seed: cliSeed }).filter((c) => c.op === op);
}

/** The CLI command whose figures the agreement panel reproduces, or undefined for browser-only backends. */
export function cliCommand(op: OpId, backend: string): string | undefined {
  const name = cliBackends[backend];
  return name ? `pnpm rectify conformance --ops ${op} --backend ${name} --generated-only` : undefined;
}

/** One backend's figures in one dtype: what the CLI's matrix cell says. */
export interface Figure {
  readonly dtype: 'f32' | 'f64';
  readonly tally: Tally;
  /** Cases that ran (not unsupported). */
  readonly run: number;
}

/** The figures of one summary's cells for an op and a backend, one per dtype the suite has. */
export function figuresOf(summary: Summary, op: OpId, backend: string): Figure[] {
  const figures: Figure[] = [];
  for (const dtype of ['f32', 'f64'] as const) {
    const tally = summary.cells[op]?.[`${backend} ${dtype}`];
    if (tally) figures.push({ dtype, tally, run: tally.total - tally.unsupported });
  }
  return figures;
}

/** How the CLI prints a worst ULP. */
export function formatUlp(u: number): string {
  if (!Number.isFinite(u)) return '∞';
  if (u === 0) return '0';
  return u < 10 ? u.toFixed(1) : u < 1e6 ? Math.round(u).toString() : u.toExponential(0);
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Runs the CLI's cases for an op on one backend and summarizes them. The cases run in slices with a
 * pause between them so the page stays responsive; `runCases` is sequential, so the results are the same
 * as one `runCases([backend], cases)` call. Resolves undefined when `signal` aborts.
 */
export async function runConformance(
  backend: Backend,
  op: OpId,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<Summary | undefined> {
  const cases = cliCases(op);
  const results: CaseResult[] = [];
  const slice = 24;
  for (let i = 0; i < cases.length; i += slice) {
    if (options.signal?.aborted) return undefined;
    results.push(...(await runCases([backend], cases.slice(i, i + slice))));
    options.onProgress?.(results.length, cases.length);
    await nextTask();
  }
  return summarize(results);
}

/** Conformance summaries by op and backend: they depend on neither the params nor the probe. */
export class ConformanceCache {
  readonly #done = new Map<string, Summary>();
  get(op: OpId, backend: string): Summary | undefined {
    return this.#done.get(`${op} ${backend}`);
  }
  set(op: OpId, backend: string, summary: Summary): void {
    this.#done.set(`${op} ${backend}`, summary);
  }
}
