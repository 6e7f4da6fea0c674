import { performance } from 'node:perf_hooks';
import { type Summary, summarize } from './stats.js';

/** How long and how often one cell is timed. */
export interface MeasureOptions {
  /** Fewest timed samples (default 5; at least 1). */
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
  /**
   * A sample of a call shorter than this follows an untimed one of as many calls (default 20 ms), so that
   * its timed calls find caches and worker threads as the previous calls of the same cell left them, not
   * as the other cells of the group did: see {@link measureGroup}.
   */
  readonly primeBelowMs?: number;
}

/** The timings of one cell: per-call median, min and max, and how they were taken. */
export interface Measurement extends Summary {
  /** Timed samples. */
  readonly samples: number;
  /** Calls per sample (its time is divided by this). */
  readonly callsPerSample: number;
}

/** One cell under measurement: warmed up and calibrated once, then sampled a sample at a time. */
class Sampler {
  private async = false;
  private callsPerSample = 1;
  private primed = false;
  private readonly samples: number[] = [];
  private spent = 0;

  constructor(
    private readonly fn: () => unknown,
    private readonly o: Required<MeasureOptions>,
  ) {}

  async warm(): Promise<void> {
    let last = 0;
    const start = performance.now();
    for (let i = 0; ; i++) {
      const t0 = performance.now();
      const r = this.fn();
      if (r instanceof Promise) {
        this.async = true;
        await r;
      }
      last = performance.now() - t0;
      const spent = performance.now() - start;
      if (i + 1 >= this.o.warmupCalls && spent >= this.o.warmupMs) break;
      // a slow call (a 1e7 cell) is warm after a few: more would only make the run long
      if (i + 1 >= this.o.warmupCalls && spent >= 100) break;
    }
    this.primed = last < this.o.primeBelowMs;
    const target = this.o.sampleTargetMs;
    this.callsPerSample = last >= target ? 1 : Math.min(10_000, Math.ceil(target / Math.max(last, 1e-4)));
  }

  async sample(): Promise<void> {
    const { fn, callsPerSample: k } = this;
    if (this.primed) await this.prime();
    const t0 = performance.now();
    // a sync call is not awaited: an extra microtask per call would dominate a 1e3-element copy
    if (this.async) for (let i = 0; i < k; i++) await fn();
    else for (let i = 0; i < k; i++) fn();
    const t = performance.now() - t0;
    this.samples.push(t / k);
    this.spent += t;
  }

  /**
   * An untimed sample's calls: after other cells, a call's speed comes back over several calls (a copy's
   * 2nd call after an eviction takes ×2 its steady time, its 5th ×1.2; a kernel's likewise), so a single
   * untimed call would leave the first timed calls of a sample between cold and warm.
   */
  private async prime(): Promise<void> {
    for (let i = 0; i < this.callsPerSample; i++) await this.fn();
  }

  get done(): boolean {
    const n = this.samples.length;
    if (n >= this.o.maxSamples) return true;
    if (n >= this.o.minSamples && this.spent >= this.o.minTimeMs) return true;
    return n >= Math.min(3, this.o.minSamples) && this.spent >= this.o.maxTimeMs;
  }

  result(): Measurement {
    return { ...summarize(this.samples), samples: this.samples.length, callsPerSample: this.callsPerSample };
  }
}

function withDefaults(options: MeasureOptions): Required<MeasureOptions> {
  // a cell with no samples has no median: at least one is always taken
  const minSamples = Math.max(1, options.minSamples ?? 5);
  return {
    minSamples,
    minTimeMs: options.minTimeMs ?? 50,
    maxSamples: Math.max(minSamples, options.maxSamples ?? 100),
    maxTimeMs: options.maxTimeMs ?? 2000,
    warmupCalls: Math.max(1, options.warmupCalls ?? 2),
    warmupMs: options.warmupMs ?? 15,
    sampleTargetMs: options.sampleTargetMs ?? 1,
    primeBelowMs: options.primeBelowMs ?? 20,
  };
}

/**
 * Times several calls against each other: each is warmed up (JIT, session and graph caches, wasm heaps)
 * and calibrated (a call under `sampleTargetMs` is repeated within a sample), then they take samples in
 * turn — one of each per round — until every one has enough samples and time. Interleaving means a
 * burst of load from another process hits every call of the group alike, so their ratios hold even
 * when the absolute times do not. Each sample of a short call follows an untimed sample of as many
 * calls: the other cells of the round evict its arrays from cache (and let worker threads fall asleep),
 * which takes several calls to come back from, and without it the first timed calls of each sample
 * would pay for that, a larger share of a sample of few calls (a kernel's) than of many (a copy's):
 * every cell is timed warm alike. A call that throws gets its error message instead of a measurement.
 * Calls may be sync or async; an async one is awaited inside the timed region, as a user awaits it.
 *
 * @example
 * ```ts
 * const [copy, ours] = await measureGroup([() => dst.set(src), () => forward('relu', { x }, {}, { backend })]);
 * ```
 */
export async function measureGroup(
  fns: readonly (() => unknown)[],
  options: MeasureOptions = {},
): Promise<(Measurement | string)[]> {
  const o = withDefaults(options);
  const samplers = fns.map((fn) => new Sampler(fn, o));
  const results: (Measurement | string | undefined)[] = fns.map(() => undefined);
  const fail = (i: number, e: unknown) => {
    results[i] = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  };
  for (const [i, s] of samplers.entries()) await s.warm().catch((e: unknown) => fail(i, e));
  for (;;) {
    const live = samplers.map((_, i) => i).filter((i) => results[i] === undefined && !samplers[i]!.done);
    if (live.length === 0) break;
    for (const i of live) await samplers[i]!.sample().catch((e: unknown) => fail(i, e));
  }
  return samplers.map((s, i) => results[i] ?? s.result());
}

/**
 * Times one call adaptively: {@link measureGroup} of one.
 *
 * @example
 * ```ts
 * const m = await measure(() => copy.set(source), { minSamples: 5, minTimeMs: 50 });
 * console.log(m.medianMs);
 * ```
 */
export async function measure(fn: () => unknown, options: MeasureOptions = {}): Promise<Measurement> {
  const [m] = await measureGroup([fn], options);
  if (typeof m === 'string') throw new Error(m);
  return m!;
}
