import type { GraphBuilder, Value } from '../graph.js';
import { DOUBLE, FLOAT } from '../helpers.js';
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

/**
 * The float32 graph's log softmax, m + log Σ e^(x − m) with the sum taken in double: there the max's own
 * term (and each tie's) is exactly 1 and the others' digits survive down to 1e-16 absolute, so log Σ in
 * double is log1p(r) to that much and is rounded once, with none of the float32 form's comparison,
 * selects and second sum (ONNX Runtime's float32 LogSoftmax rounds 1 + r in float32: the max's
 * log-probability −r is off by up to 6e-8, all of it for r < 6e-8, 1e-3 relative at r = 5e-5). A NaN or
 * +∞ entry, or a lane of only −∞, makes the sum NaN, hence the whole lane.
 */
function logSoftmaxFloat32(b: GraphBuilder, x: Value, axis: number): Value {
  const shifted = b.sub(x, b.reduceMax(x, [axis], true));
  const terms = b.op('Cast', [b.exp(shifted)], { to: { int: DOUBLE } });
  const sum = b.op('ReduceSum', [terms, b.int64s([axis])], { keepdims: { int: 1 } });
  return b.sub(shifted, b.op('Cast', [b.log(sum)], { to: { int: FLOAT } }));
}

const logSoftmaxIn = (b: GraphBuilder, x: Value, axis: number) =>
  b.dtype === 'float32' ? logSoftmaxFloat32(b, x, axis) : logSoftmaxOf(b, x, axis);

export const logSoftmax: OnnxKernel<'logSoftmax'> = {
  float64: true,
  forward: (b, { x }, { axis }) => logSoftmaxIn(b, x, axis),
  backward(b, { x }, { axis }, g) {
    // dx = g − softmax(x)·Σ g along the axis, with softmax = e^y
    const y = logSoftmaxIn(b, x, axis);
    return { x: b.sub(g, b.mul(b.exp(y), b.reduceSum(g, [axis], true))) };
  },
};
