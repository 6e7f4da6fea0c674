import { CROSSOVER_CHEAP } from '../context.js';
import { above, below, isF32 } from '../grid.js';
import { elementwise } from './elementwise.js';
import { CLAMP_ZERO_FLOOR } from './hard-tanh.js';

export const relu6 = elementwise<'relu6'>({
  crossover: CROSSOVER_CHEAP,
  simdForward: (rt, x) => {
    const k = isF32(x) ? rt.exports.clampF32 : rt.exports.clampF64;
    return (p, dst, n) => k(p, dst, n, 0, 6, CLAMP_ZERO_FLOOR);
  },
  simdBackward: (rt, x) => {
    const f32 = isF32(x);
    const lo = above(0, f32);
    const hi = below(6, f32);
    const k = f32 ? rt.exports.passBandGradF32 : rt.exports.passBandGradF64;
    return (px, pg, dst, n) => k(px, pg, dst, n, lo, hi);
  },
  forward(x, out) {
    for (let i = 0; i < x.length; i++) out[i] = Math.min(Math.max(x[i]!, 0), 6);
  },
  backward(x, g, out) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      out[i] = v > 0 && v < 6 ? g[i]! : Number.isNaN(v) ? v : 0;
    }
  },
});
