/** The median, minimum and maximum of a set of timings, in ms. */
export interface Summary {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * Median, min and max of samples (the median of an even count is the mean of the middle two).
 * Throws on an empty set: a cell without a sample is a bug, not a zero.
 *
 * @example
 * ```ts
 * summarize([3, 1, 2, 10]); // { medianMs: 2.5, minMs: 1, maxMs: 10 }
 * ```
 */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { medianMs, minMs: sorted[0]!, maxMs: sorted[sorted.length - 1]! };
}

/**
 * Throughput in GB/s (10⁹ bytes per second) of moving `bytes` in `ms` milliseconds.
 *
 * @example
 * ```ts
 * gbps(8_000_000, 2); // 4: 8 MB read + written in 2 ms
 * ```
 */
export function gbps(bytes: number, ms: number): number {
  return ms > 0 ? bytes / (ms * 1e6) : Number.POSITIVE_INFINITY;
}

/**
 * `value / reference`, or null when there is no reference (no peer, no runtime to compare with).
 *
 * @example
 * ```ts
 * ratio(3, 2); // 1.5
 * ratio(3, undefined); // null
 * ```
 */
export function ratio(value: number, reference: number | null | undefined): number | null {
  if (reference === null || reference === undefined || !(reference > 0)) return null;
  return value / reference;
}

/** The smallest of some numbers, or null when there are none. */
export function minOrNull(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.min(...values);
}
