import { CompensatedSum } from './numerics.js';
import type { FloatArray, Tensor } from './tensor.js';

/** How a loss combines its per-element (or per-sample) values. */
export type Reduction = 'mean' | 'sum' | 'none';

/**
 * Writes the reduced losses `lossAt(0…n−1)` into `out` (one value for 'mean' and 'sum', compensated
 * sum). The mean of nothing is NaN. Losses are taken one at a time, so no per-element array is needed.
 */
export function reduceInto(
  n: number,
  lossAt: (i: number) => number,
  reduction: Reduction,
  out: FloatArray,
): void {
  if (reduction === 'none') {
    for (let i = 0; i < n; i++) out[i] = lossAt(i);
    return;
  }
  const s = new CompensatedSum();
  for (let i = 0; i < n; i++) s.add(lossAt(i));
  out[0] = reduction === 'sum' ? s.value : s.value / n;
}

/**
 * The upstream gradient each per-element (or per-sample) loss receives: `g[i]` for 'none', `g` for
 * 'sum', `g / n` for 'mean'.
 */
export function upstreamOf(upstream: Tensor, reduction: Reduction, n: number): (i: number) => number {
  const g = upstream.data;
  if (reduction === 'none') return (i) => g[i]!;
  const scale = reduction === 'sum' ? g[0]! : g[0]! / n;
  return () => scale;
}
