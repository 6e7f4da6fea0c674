import type { GraphBuilder, Value } from '../graph.js';
import type { OnnxKernel } from '../kernel.js';
import { indicator, positivePart } from '../loss-graphs.js';
import { lossUpstream, reduceLoss } from '../losses.js';

/**
 * The labels hinge losses use: yTrue, or 2·yTrue − 1 when every label of the tensor is 0 or 1 (NaN
 * counts as neither). Decided in the graph by counting the other labels over the whole tensor; an empty
 * tensor counts none, and has nothing to map.
 */
export function hingeTargets(b: GraphBuilder, yTrue: Value): Value {
  const binary = b.or(b.equal(yTrue, b.scalar(0)), b.equal(yTrue, b.scalar(1)));
  const others = b.reduceSum(indicator(b, b.not(binary)), undefined, false);
  const mapped = b.sub(b.mul(yTrue, b.scalar(2)), b.scalar(1));
  return b.where(b.equal(others, b.scalar(0)), mapped, yTrue);
}

/** `active` where the margin m is positive, NaN where it is NaN, else 0 (no gradient at m = 0, as relu). */
export function marginSelect(b: GraphBuilder, m: Value, active: Value): Value {
  return b.where(b.greater(m, b.scalar(0)), active, b.where(b.isNaN(m), m, b.scalar(0)));
}

/** The margin 1 − t·yPred. */
export const margin = (b: GraphBuilder, t: Value, yPred: Value): Value => b.sub(b.scalar(1), b.mul(t, yPred));

export const hinge: OnnxKernel<'hinge'> = {
  float64: true,
  forward: (b, { yTrue, yPred }, { reduction }) =>
    reduceLoss(b, positivePart(b, margin(b, hingeTargets(b, yTrue), yPred)), reduction),
  backward(b, { yTrue, yPred }, { reduction }, upstream) {
    const g = lossUpstream(b, upstream, reduction, yPred);
    const t = hingeTargets(b, yTrue);
    return { yPred: b.mul(g, marginSelect(b, margin(b, t, yPred), b.neg(t))) };
  },
};
