import { CROSSOVER_CHEAP } from '../context.js';
import { above, isF32 } from '../grid.js';
import { elementwise } from './elementwise.js';

export const thresholdedRelu = elementwise<'thresholdedRelu'>({
  crossover: CROSSOVER_CHEAP,
  simdForward: (rt, x, { alpha }) => {
    if (!isF32(x)) return (p, dst, n) => rt.exports.thresholdedReluF64(p, dst, n, alpha);
    const t = above(alpha, true);
    return (p, dst, n) => rt.exports.thresholdedReluF32(p, dst, n, t);
  },
  simdBackward: (rt, x, { alpha }) => {
    const f32 = isF32(x);
    const lo = above(alpha, f32);
    const k = f32 ? rt.exports.passBandGradF32 : rt.exports.passBandGradF64;
    return (px, pg, dst, n) => k(px, pg, dst, n, lo, Infinity);
  },
  forward(x, out, { alpha }) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      out[i] = v <= alpha ? 0 : v;
    }
  },
  backward(x, g, out, { alpha }) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      out[i] = v > alpha ? g[i]! : v <= alpha ? 0 : v;
    }
  },
});
