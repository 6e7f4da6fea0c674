// What the loss kernels share: float64 (sum, carry) lanes and the upstream gradient's two forms.

import { promoteHi, promoteLo } from './simd';

/** The rounding error of t = s + a, exact at any magnitudes (Knuth's two-sum). */
export function twoSumError(s: v128, a: v128, t: v128): v128 {
  const bp = f64x2.sub(t, s);
  return f64x2.add(f64x2.sub(s, f64x2.sub(t, bp)), f64x2.sub(a, bp));
}

/**
 * Adds a loop's (sum, carry) lanes to the pairs at acc (sums at acc, carries 16 bytes on); the running
 * sums stay in locals of the caller's loop, this only folds a loop's result in.
 */
export function fold(acc: usize, s: v128, c: v128): void {
  const s0 = v128.load(acc);
  const t = f64x2.add(s0, s);
  v128.store(acc, t);
  v128.store(acc, f64x2.add(f64x2.add(v128.load(acc, 16), c), twoSumError(s0, s, t)), 16);
}

/** The upstream gradient of lanes 0–1: the scale, or the per-element values at pg. */
export function upstreamLo(pg: usize, g: v128, perElement: bool): v128 {
  return perElement ? promoteLo(v128.load(pg)) : g;
}

/** The upstream gradient of lanes 2–3: the scale, or the per-element values at pg. */
export function upstreamHi(pg: usize, g: v128, perElement: bool): v128 {
  return perElement ? promoteHi(v128.load(pg)) : g;
}
