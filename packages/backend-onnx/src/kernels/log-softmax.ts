import type { GraphBuilder, Value } from '../graph.js';
import type { OnnxKernel } from '../kernel.js';
import { log1p } from '../math.js';

/**
 * x − m − log Σ e^(x − m) along `axis`, composed in both dtypes rather than ONNX LogSoftmax: ONNX
 * Runtime's float64 kernel gives −∞ (not NaN) beside a +∞ entry, and both round log(1 + r), which
 * loses the digits of the max's own log-probability −log1p(r) ≈ −r (1e-3 relative in float32 at
 * r = 5e-5). As core does, the max's term (exactly 1) is left out of the sum: the terms at the max are
 * counted instead, all but one of them being part of the remainder. A NaN entry, a +∞ entry (∞ − ∞)
 * and a lane of only −∞ each give a NaN term, which makes the whole lane NaN; −∞ beside finite
 * entries gives −∞.
 */
function logSoftmaxOf(b: GraphBuilder, x: Value, axis: number): Value {
  const shifted = b.sub(x, b.reduceMax(x, [axis], true));
  const atMax = b.equal(shifted, b.scalar(0));
  const others = b.reduceSum(b.where(atMax, b.scalar(0), b.exp(shifted)), [axis], true);
  const ties = b.sub(b.reduceSum(b.where(atMax, b.scalar(1), b.scalar(0)), [axis], true), b.scalar(1));
  return b.sub(shifted, log1p(b, b.add(others, ties)));
}

export const logSoftmax: OnnxKernel<'logSoftmax'> = {
  float64: true,
  forward: (b, { x }, { axis }) => logSoftmaxOf(b, x, axis),
  backward(b, { x }, { axis }, g) {
    // dx = g − softmax(x)·Σ g along the axis, with softmax = e^y
    const y = logSoftmaxOf(b, x, axis);
    return { x: b.sub(g, b.mul(b.exp(y), b.reduceSum(g, [axis], true))) };
  },
};
