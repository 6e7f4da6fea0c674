import type { GraphBuilder, Value } from '../graph.js';
import type { OnnxKernel } from '../kernel.js';
import { atMost, finite, type Lanes, lanesOf, laneUpstream, maxLanes, sumLanes } from '../loss-graphs.js';
import { reduceLoss } from '../losses.js';

/** The floor of each norm, as in PyTorch's F.normalize. */
const NORM_EPS = 1e-12;

/**
 * A lane normalized by max(‖v‖₂, 1e-12), with ‖v‖ = m·s for m = max |v| and s = ‖v/m‖ ∈ [1, √C]:
 * squaring v/m neither overflows nor underflows, and û = (v/m)/s stays finite where m·s itself
 * overflows. A lane whose max is 0, ±∞ or NaN is normalized by that max itself (scale 1), which gives
 * the reference's 0, NaN and 0 entries; ReduceMax may drop a NaN, but s then carries it.
 */
function normalized(b: GraphBuilder, v: Value, lanes: Lanes) {
  const m = maxLanes(b, b.abs(v), lanes);
  const plain = b.or(b.equal(m, b.scalar(0)), b.not(finite(b, m)));
  const scale = b.where(plain, b.scalar(1), m);
  const r = b.div(v, scale);
  const s = b.sqrt(sumLanes(b, b.mul(r, r), lanes, true));
  // the norm decides the floor (an overflow to +∞ is still above it)
  const norm = b.where(plain, m, b.mul(scale, s));
  const floored = atMost(b, norm, NORM_EPS);
  const unit = b.where(floored, b.div(v, b.scalar(NORM_EPS)), b.div(r, s));
  return { unit, floored, scale, s };
}

export const cosineSimilarity: OnnxKernel<'cosineSimilarity'> = {
  float64: true,
  forward(b, { yTrue, yPred }, { axis, reduction }, ctx) {
    const lanes = lanesOf(b, yPred, axis, ctx.ranks.yPred);
    const c = sumLanes(
      b,
      b.mul(normalized(b, yPred, lanes).unit, normalized(b, yTrue, lanes).unit),
      lanes,
      false,
    );
    return reduceLoss(b, b.neg(c), reduction);
  },
  backward(b, { yTrue, yPred }, { axis, reduction }, upstream, ctx) {
    const lanes = lanesOf(b, yPred, axis, ctx.ranks.yPred);
    const { unit: u, floored, scale, s } = normalized(b, yPred, lanes);
    const w = normalized(b, yTrue, lanes).unit;
    const c = sumLanes(b, b.mul(u, w), lanes, true);
    // at or below the floor û = y/1e-12 is linear in y, so only ŵ/1e-12 remains
    const flat = b.div(b.neg(w), b.scalar(NORM_EPS));
    // −(ŵ − û·c)/‖y‖, dividing by s and the scale in turn so that ‖y‖ is never formed; NaN norms land here
    const smooth = b.neg(b.div(b.div(b.sub(w, b.mul(u, c)), s), scale));
    const dy = b.where(floored, flat, smooth);
    return { yPred: b.mul(laneUpstream(b, upstream, reduction, lanes, c), dy) };
  },
};
