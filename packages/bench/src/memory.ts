import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Backend, forward, type OpId } from '@rectify/core';
import { benchInputs } from './inputs.js';

/** The memory one forward call took on top of its inputs. */
export interface MemoryRow {
  readonly op: OpId;
  readonly backend: string;
  readonly size: number;
  /** Bytes of the op's inputs. */
  readonly inputBytes: number;
  /** Bytes of the result. */
  readonly outputBytes: number;
  /** Highest `process.memoryUsage().arrayBuffers` seen during and right after the call, minus before. */
  readonly peakBytes: number;
  /** peakBytes / inputBytes. */
  readonly ratioToInput: number;
}

let collector: (() => void) | null | undefined;

/**
 * `global.gc` when the process has it, else one obtained by turning on --expose-gc at run time: without a
 * collection first, buffers of earlier cells still count and the peak means nothing.
 */
function gc(): (() => void) | null {
  if (collector !== undefined) return collector;
  const known = (globalThis as { gc?: () => void }).gc;
  if (known) collector = known;
  else {
    try {
      setFlagsFromString('--expose-gc');
      collector = runInNewContext('gc') as () => void;
    } catch {
      collector = null;
    }
  }
  return collector;
}

const arrayBuffers = () => process.memoryUsage().arrayBuffers;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects twice with pauses: V8 frees ArrayBuffer memory on a background sweeper after the collection. */
async function settle(): Promise<void> {
  const collect = gc();
  for (let i = 0; i < 2; i++) {
    collect?.();
    await sleep(20);
  }
}

/**
 * Measures the ArrayBuffer memory a forward call of `op` on `n` elements allocates: collects garbage,
 * samples `arrayBuffers` every millisecond while the call runs and once after it (result still held),
 * and reports the highest value minus the value before. A synchronous kernel cannot be sampled inside,
 * and a collection during the call can free temporaries early, so this is a lower bound of the peak;
 * it still tells a kernel that writes only its output from one that makes float64 copies.
 *
 * @example
 * ```ts
 * const row = await measurePeakMemory('softmax', 1e7, createCpuBackend());
 * console.log(row.ratioToInput); // 1 when only the output is allocated
 * ```
 */
export async function measurePeakMemory(op: OpId, n: number, backend: Backend, seed = 1): Promise<MemoryRow> {
  const inputs = benchInputs(op, n, seed);
  const inputBytes = Object.values(inputs).reduce((s, t) => s + t.data.byteLength, 0);
  // one call first, so that lazily built caches (graphs, wasm heaps) are not counted
  await forward(op, inputs, {}, { backend });
  await settle();
  const before = arrayBuffers();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, arrayBuffers());
  }, 1);
  try {
    const y = await forward(op, inputs, {}, { backend });
    peak = Math.max(peak, arrayBuffers());
    const peakBytes = Math.max(0, peak - before);
    return {
      op,
      backend: backend.name,
      size: n,
      inputBytes,
      outputBytes: y.data.byteLength,
      peakBytes,
      ratioToInput: peakBytes / inputBytes,
    };
  } finally {
    clearInterval(timer);
  }
}
