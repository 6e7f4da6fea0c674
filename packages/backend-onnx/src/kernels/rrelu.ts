import { type ParamsOf, rreluSlopes, tensor } from '@rectify/core';
import type { GraphBuilder, Value } from '../graph.js';
import type { GraphContext, OnnxKernel } from '../kernel.js';

/**
 * The slope of every element: in training a graph input `slopes` shaped like x (core's seeded slopes,
 * fed by `feeds`), otherwise the scalar (lower + upper)/2.
 */
function slopes(b: GraphBuilder, p: ParamsOf<'rrelu'>, ctx: GraphContext): Value {
  return p.training ? b.input('slopes', 'T', ctx.ranks.x) : b.scalar((p.lower + p.upper) / 2);
}

/** x for x > 0, a·x otherwise; a zero slope gives the limit 0 at −∞ (not 0·∞ = NaN), NaN stays NaN. */
function leaky(b: GraphBuilder, x: Value, a: Value): Value {
  const zeroAtMinusInf = b.and(b.equal(a, b.scalar(0)), b.equal(x, b.scalar(Number.NEGATIVE_INFINITY)));
  return b.where(b.greater(x, b.scalar(0)), x, b.where(zeroAtMinusInf, b.scalar(0), b.mul(x, a)));
}

// ONNX has no RReLU. Evaluation is a leaky ReLU: ONNX LeakyRelu in float32 (float only in ONNX Runtime;
// not for a zero slope, whose 0·(−∞) is NaN), a select in float64. Training takes a slope per element
export const rrelu: OnnxKernel<'rrelu'> = {
  float64: true,
  forward(b, { x }, p, ctx) {
    const mean = (p.lower + p.upper) / 2;
    if (!p.training && b.dtype === 'float32' && mean !== 0)
      return b.op('LeakyRelu', [x], { alpha: { float: mean } });
    return leaky(b, x, slopes(b, p, ctx));
  },
  backward(b, { x }, p, g, ctx) {
    // the slope at x = 0 (the left branch), the same slope as the forward pass
    const d = b.where(b.greater(x, b.scalar(0)), b.scalar(1), slopes(b, p, ctx));
    // a zero slope masks even an infinite upstream; NaN x gives NaN
    const masked = b.where(b.equal(d, b.scalar(0)), b.scalar(0), b.mul(g, d));
    return { x: b.keepNaN(x, masked) };
  },
  // the very slopes core draws (row-major), so training results agree across backends
  feeds(inputs, p) {
    const x = inputs.x;
    if (!p.training || !x) return {};
    return { slopes: tensor(rreluSlopes(x.size, p.lower, p.upper, p.seed), x.shape, x.dtype) };
  },
};
