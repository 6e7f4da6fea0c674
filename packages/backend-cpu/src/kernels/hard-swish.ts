import { CROSSOVER_CHEAP } from '../context.js';
import { isF32 } from '../grid.js';
import { elementwise } from './elementwise.js';

export const hardSwish = elementwise<'hardSwish'>({
  crossover: CROSSOVER_CHEAP,
  threads: true,
  simdForward: (rt, x) => (isF32(x) ? rt.exports.hardSwishF32 : rt.exports.hardSwishF64),
  simdBackward: (rt, x) => (isF32(x) ? rt.exports.hardSwishGradF32 : rt.exports.hardSwishGradF64),
  forward(x, out) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      out[i] = v < -3 ? 0 : v > 3 ? v : (v * (v + 3)) / 6;
    }
  },
  backward(x, g, out) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      const d = v < -3 ? 0 : v <= 3 ? v / 3 + 0.5 : v > 3 ? 1 : v;
      out[i] = Number.isNaN(v) ? v : d === 0 ? 0 : g[i]! * d;
    }
  },
});
