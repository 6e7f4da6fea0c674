import { CompensatedSum } from './numerics.js';
import type { FloatArray, Tensor } from './tensor.js';

/** How a loss combines its per-element (or per-sample) values. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Writes the reduced losses into `out` (one value for 'mean' and 'sum'). The mean of nothing is NaN. */
export function reduceInto(losses: Float64Array, reduction: Reduction, out: FloatArray): void {
  if (reduction === 'none') {
    out.set(losses);
    return;
  }
  const s = new CompensatedSum();
  for (let i = 0; i < losses.length; i++) s.add(losses[i]!);
  out[0] = reduction === 'sum' ? s.value : s.value / losses.length;
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
