import type { GraphBuilder, Value } from './graph.js';

/**
 * `exp(x) − 1` with full relative precision near 0, from primitives (ONNX has no Expm1). For |x| < 1 it is
 * Kahan's `(u − 1)·x / log(u)` with `u = exp(x)`, whose rounding errors in `u − 1` and `log(u)` cancel (x
 * itself where u rounds to 1); elsewhere `u − 1` has no cancellation and gives the limits −1 at −∞ and ∞
 * at ∞ (Kahan's formula would not: log of a subnormal u is far from x, and log(0), log(∞) give 0/0-like
 * forms). NaN takes the `u − 1` branch and stays NaN.
 *
 * @example
 * ```ts
 * const y = expm1(b, x); // ≈ x for tiny x, −1 at −∞
 * ```
 */
export function expm1(b: GraphBuilder, x: Value): Value {
  const u = b.exp(x);
  const um1 = b.sub(u, b.scalar(1));
  const kahan = b.where(b.equal(u, b.scalar(1)), x, b.mul(um1, b.div(x, b.log(u))));
  return b.where(b.less(b.abs(x), b.scalar(1)), kahan, um1);
}

/** TensorProto.DataType codes, for Cast's `to`. */
export const FLOAT = 1;
export const DOUBLE = 11;

/** The TensorProto.DataType of the graph's float type, for Cast. */
export const floatTypeOf = (b: GraphBuilder): number => (b.dtype === 'float64' ? DOUBLE : FLOAT);

/** The largest finite float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * x with −∞ moved to the most negative finite float32 (+∞ and NaN kept: ONNX Runtime's Clip keeps NaN, and
 * an explicit +∞ bound, as a missing one clamps +∞ to the largest float). A float-only native kernel that
 * gives −∞·0 = NaN at −∞ (Gelu, Mish, HardSwish) then computes its limit at −3.4e38 for about nothing
 * (Clip is a fraction of a pass), where an IsInf or Equal test and a Where cost two slow ones.
 */
export function finiteBelow(b: GraphBuilder, x: Value): Value {
  return b.op('Clip', [x, b.scalar(-FLOAT32_MAX), b.scalar(Number.POSITIVE_INFINITY)]);
}
