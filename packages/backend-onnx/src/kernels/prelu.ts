import type { GraphBuilder, Value } from '../graph.js';
import { DOUBLE, FLOAT32_MAX, floatTypeOf } from '../helpers.js';
import type { OnnxKernel } from '../kernel.js';

/** alpha·x, with the limit 0 (not 0·(−∞) = NaN) where alpha = 0 and x = −∞. */
function zeroSlopeLimit(b: GraphBuilder, x: Value, alpha: Value, product: Value): Value {
  const zeroAtMinusInf = b.and(b.equal(x, b.scalar(Number.NEGATIVE_INFINITY)), b.equal(alpha, b.scalar(0)));
  return b.where(zeroAtMinusInf, b.scalar(0), product);
}

/**
 * Sums `terms` (shaped like x) over the axes alpha was broadcast along, into alpha's shape: x's extra
 * leading axes (known from the ranks), then alpha's axes of size 1 (known only at run time, so the
 * axes list is computed in the graph from alpha's shape).
 */
function sumToAlpha(b: GraphBuilder, terms: Value, alpha: Value, rankX: number, rankAlpha: number): Value {
  const lead = rankX - rankAlpha;
  let t = terms;
  if (lead > 0) t = b.reduceSum(t, [...Array(lead).keys()], false);
  if (rankAlpha === 0) return t;
  const shape = b.op('Shape', [alpha]);
  const axes = b.op('Compress', [b.int64s([...Array(rankAlpha).keys()]), b.equal(shape, b.int64s([1]))]);
  // no axis of size 1: no reduction (without noop_with_empty_axes, an empty list would reduce every axis)
  t = b.op('ReduceSum', [t, axes], { keepdims: { int: 1 }, noop_with_empty_axes: { int: 1 } });
  return b.op('Reshape', [t, shape]);
}

// ONNX PRelu broadcasts the slope to x from the trailing axes, as the catalog does, but ONNX Runtime runs
// it in float only: float64 selects between x and alpha·x
export const prelu: OnnxKernel<'prelu'> = {
  float64: true,
  forward(b, { x, alpha }) {
    if (b.dtype === 'float32') {
      // PRelu gives 0·(−∞) = NaN where a zero slope meets −∞, whose limit is 0: under a zero slope x is
      // first raised to at least −3.4e38 (Max keeps NaN in ONNX Runtime), where it gives −0. The bound is
      // chosen on alpha's own small shape, so x takes one Max instead of two Equals, an And and a Where
      const floor = b.where(
        b.equal(alpha, b.scalar(0)),
        b.scalar(-FLOAT32_MAX),
        b.scalar(Number.NEGATIVE_INFINITY),
      );
      return b.op('PRelu', [b.max(x, floor), alpha]);
    }
    // NaN fails x > 0 and takes alpha·NaN = NaN
    return b.where(b.greater(x, b.scalar(0)), x, zeroSlopeLimit(b, x, alpha, b.mul(x, alpha)));
  },
  backward(b, { x, alpha }, _params, g, ctx) {
    const rankX = ctx.ranks.x;
    const rankAlpha = ctx.ranks.alpha;
    if (rankX === undefined || rankAlpha === undefined) {
      throw new Error(
        "prelu's gradient needs the ranks of x and alpha to know which axes to sum dalpha over: export it with options.ranks",
      );
    }
    const nan = b.isNaN(x);
    // dx: g·(x > 0 ? 1 : alpha) (alpha at x = 0); a zero slope gives 0 even for an infinite upstream
    const d = b.where(b.greater(x, b.scalar(0)), b.scalar(1), alpha);
    const dx = b.where(nan, x, b.where(b.equal(d, b.scalar(0)), b.scalar(0), b.mul(g, d)));
    // dalpha: g·x where x < 0 (x = 0 adds nothing, so an infinite upstream cannot make it NaN); NaN x poisons it
    const terms = b.where(nan, x, b.where(b.less(x, b.scalar(0)), b.mul(g, x), b.scalar(0)));
    // float32 sums run in double: one slope can gather many terms, and the reference sums them exactly
    const wide = b.dtype === 'float32' ? b.op('Cast', [terms], { to: { int: DOUBLE } }) : terms;
    const sum = sumToAlpha(b, wide, alpha, rankX, rankAlpha);
    const dalpha = b.dtype === 'float32' ? b.op('Cast', [sum], { to: { int: floatTypeOf(b) } }) : sum;
    return { x: dx, alpha: dalpha };
  },
};
