import { CROSSOVER_CHEAP } from '../context.js';
import { above, below, isF32 } from '../grid.js';
import { elementwise } from './elementwise.js';

/** The kernels' ways of clamping (assembly/piecewise.ts CLAMP_*). */
const CLAMP_PLAIN = 0;
const CLAMP_IEEE = 1;
export const CLAMP_ZERO_FLOOR = 2;

/**
 * pmin/pmax agree with Math.min/Math.max except on signed zeros: max(−0, +0) must be +0 (a + 0 after the
 * clamp fixes it when lo is +0) and min(+0, −0) must be −0 (only the IEEE min gets it).
 */
function clampMode(min: number, max: number): number {
  return Object.is(max, -0) ? CLAMP_IEEE : Object.is(min, 0) ? CLAMP_ZERO_FLOOR : CLAMP_PLAIN;
}

/** The inclusive float bounds of hardTanh's slope-1 band: an infinite bound never clips. */
function band(min: number, max: number, f32: boolean): [number, number] {
  return [min === -Infinity ? -Infinity : above(min, f32), max === Infinity ? Infinity : below(max, f32)];
}

export const hardTanh = elementwise<'hardTanh'>({
  crossover: CROSSOVER_CHEAP,
  simdForward: (rt, x, { min, max }) => {
    const k = isF32(x) ? rt.exports.clampF32 : rt.exports.clampF64;
    const mode = clampMode(min, max);
    return (p, dst, n) => k(p, dst, n, min, max, mode);
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
