import { performance } from 'node:perf_hooks';
import { type Summary, summarize } from './stats.js';

/** How long and how often one cell is timed. */
export interface MeasureOptions {
  /** Fewest timed samples (default 5). */
  readonly minSamples?: number;
  /** Keep sampling until this much time was spent, in ms (default 50). */
  readonly minTimeMs?: number;
  /** Stop after this many samples (default 100). */
  readonly maxSamples?: number;
  /** Stop after this much time once 3 samples are in, in ms (default 2000): caps slow 1e7 cells. */
  readonly maxTimeMs?: number;
  /** Calls made before timing starts, at least (default 2). */
  readonly warmupCalls?: number;
  /** Keep warming up until this much time was spent, in ms (default 15): JITs need hundreds of small calls. */
  readonly warmupMs?: number;
  /** A sample repeats the call until it lasts this long, so that sub-ms calls are above timer noise (default 1 ms). */
  readonly sampleTargetMs?: number;
}

/** The timings of one cell: per-call median, min and max, and how they were taken. */
export interface Measurement extends Summary {
  /** Timed samples. */
  readonly samples: number;
  /** Calls per sample (its time is divided by this). */
  readonly callsPerSample: number;
}

/**
 * Times `fn` adaptively: warm-up calls (JIT, session and graph caches, wasm heaps), then samples of
 * `callsPerSample` calls each until there are enough samples and enough time was spent; returns the
 * per-call median, min and max in ms. `fn` may be sync or async; an async one is awaited inside the
 * timed region, as a user awaits it.
 *
 * @example
 * ```ts
 * const m = await measure(() => copy.set(source), { minSamples: 5, minTimeMs: 50 });
 * console.log(m.medianMs);
 * ```
 */
export async function measure(fn: () => unknown, options: MeasureOptions = {}): Promise<Measurement> {
  const minSamples = options.minSamples ?? 5;
  const minTimeMs = options.minTimeMs ?? 50;
  const maxSamples = Math.max(minSamples, options.maxSamples ?? 100);
  const maxTimeMs = options.maxTimeMs ?? 2000;
  const target = options.sampleTargetMs ?? 1;

  let last = 0;
  let async = false;
  const warmStart = performance.now();
  const warmupCalls = Math.max(1, options.warmupCalls ?? 2);
  const warmupMs = options.warmupMs ?? 15;
  for (let i = 0; ; i++) {
    const t0 = performance.now();
    const r = fn();
    if (r instanceof Promise) {
      async = true;
      await r;
    }
    last = performance.now() - t0;
    const spent = performance.now() - warmStart;
    if (i + 1 >= warmupCalls && spent >= warmupMs) break;
    // a slow call (a 1e7 cell) is warm after a few: more would only make the run long
    if (i + 1 >= warmupCalls && spent >= 100) break;
  }
  const callsPerSample = last >= target ? 1 : Math.min(10_000, Math.ceil(target / Math.max(last, 1e-4)));

  const samples: number[] = [];
  const start = performance.now();
  for (;;) {
    const t0 = performance.now();
    // a sync call is not awaited: an extra microtask per call would dominate a 1e3-element copy
    if (async) for (let i = 0; i < callsPerSample; i++) await fn();
    else for (let i = 0; i < callsPerSample; i++) fn();
    samples.push((performance.now() - t0) / callsPerSample);
    const spent = performance.now() - start;
    if (samples.length >= maxSamples) break;
    if (samples.length >= minSamples && spent >= minTimeMs) break;
    if (samples.length >= Math.min(3, minSamples) && spent >= maxTimeMs) break;
  }
  return { ...summarize(samples), samples: samples.length, callsPerSample };
}
