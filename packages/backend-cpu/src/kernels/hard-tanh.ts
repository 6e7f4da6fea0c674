import { CROSSOVER_CHEAP } from '../context.js';
import { above, below, isF32 } from '../grid.js';
import { elementwise } from './elementwise.js';

/** The inclusive float bounds of hardTanh's slope-1 band: an infinite bound never clips. */
function band(min: number, max: number, f32: boolean): [number, number] {
  return [min === -Infinity ? -Infinity : above(min, f32), max === Infinity ? Infinity : below(max, f32)];
}

export const hardTanh = elementwise<'hardTanh'>({
  crossover: CROSSOVER_CHEAP,
  simdForward: (rt, x, { min, max }) => {
    const k = isF32(x) ? rt.exports.clampF32 : rt.exports.clampF64;
    const signed = min === 0 || max === 0 ? 1 : 0;
    return (p, dst, n) => k(p, dst, n, min, max, signed);
  },
  simdBackward: (rt, x, { min, max }) => {
    const f32 = isF32(x);
    const [lo, hi] = band(min, max, f32);
    const k = f32 ? rt.exports.passBandGradF32 : rt.exports.passBandGradF64;
    return (px, pg, dst, n) => k(px, pg, dst, n, lo, hi);
  },
  forward(x, out, { min, max }) {
    for (let i = 0; i < x.length; i++) out[i] = Math.min(Math.max(x[i]!, min), max);
  },
  backward(x, g, out, { min, max }) {
    const [lo, hi] = band(min, max, isF32(x));
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      out[i] = v >= lo && v <= hi ? g[i]! : Number.isNaN(v) ? v : 0;
    }
  },
});
