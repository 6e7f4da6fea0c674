import type { FloatArray } from '@rectify/core';
import { firstFloat32 } from '@rectify/core';
import { CROSSOVER_CHEAP } from '../context.js';
import { below, isF32 } from '../grid.js';
import { elementwise } from './elementwise.js';

interface Line {
  readonly alpha: number;
  readonly beta: number;
}

/** The kernels' forms of the line (assembly/piecewise.ts). */
const LINE_SHIFT = 0;
const LINE_AFFINE = 1;

/** The reference's line: (x + β/α)·α while β/α is finite, else α·x + β; flat at β for α = 0 (NaN stays). */
function line(x: number, { alpha, beta }: Line): number {
  if (alpha === 0) return Number.isNaN(x) ? x : beta;
  const shift = beta / alpha;
  return Number.isFinite(shift) ? (x + shift) * alpha : alpha * x + beta;
}

function lineForm({ alpha, beta }: Line): { mode: number; c: number } {
  const shift = beta / alpha;
  return Number.isFinite(shift) ? { mode: LINE_SHIFT, c: shift } : { mode: LINE_AFFINE, c: beta };
}

const clamp01 = (z: number) => Math.max(0, Math.min(1, z));

/**
 * The float32 inputs whose line lies strictly inside (0, 1), as an inclusive range [lo, hi]: the line is
 * monotone, so each condition holds on one side of a threshold on the float32 grid. Empty: lo > hi or NaN.
 */
function band32(p: Line): [number, number] {
  if (p.alpha === 0) return [Number.NaN, Number.NaN];
  const rising = p.alpha > 0;
  // for a rising line z > 0 starts at some x and z < 1 stops at another; a falling one the other way round
  const start = firstFloat32((v) => (rising ? line(v, p) > 0 : !(line(v, p) >= 1)));
  const stop = firstFloat32((v) => (rising ? !(line(v, p) < 1) : !(line(v, p) > 0)));
  const lo = start;
  const hi = Number.isNaN(stop) ? Infinity : below(stop, true);
  return [lo, hi];
}

export const hardSigmoid = elementwise<'hardSigmoid'>({
  crossover: CROSSOVER_CHEAP,
  threads: true,
  simdForward: (rt, x, p) => {
    const f32 = isF32(x);
    if (p.alpha === 0) {
      const c = clamp01(p.beta);
      const k = f32 ? rt.exports.constantF32 : rt.exports.constantF64;
      return (q, dst, n) => k(q, dst, n, c);
    }
    const { mode, c } = lineForm(p);
    const k = f32 ? rt.exports.hardSigmoidF32 : rt.exports.hardSigmoidF64;
    return (q, dst, n) => k(q, dst, n, p.alpha, c, mode);
  },
  simdBackward: (rt, x, p) => {
    if (isF32(x)) {
      const [lo, hi] = band32(p);
      return (px, pg, dst, n) => rt.exports.bandGradF32(px, pg, dst, n, lo, hi, p.alpha);
    }
    const { mode, c } = p.alpha === 0 ? { mode: LINE_AFFINE, c: p.beta } : lineForm(p);
    return (px, pg, dst, n) => rt.exports.hardSigmoidGradF64(px, pg, dst, n, p.alpha, c, mode);
  },
  forward(x: FloatArray, out: FloatArray, p) {
    for (let i = 0; i < x.length; i++) out[i] = clamp01(line(x[i]!, p));
  },
  backward(x, g, out, p) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      const z = line(v, p);
      out[i] = Number.isNaN(v) ? v : z > 0 && z < 1 && p.alpha !== 0 ? g[i]! * p.alpha : 0;
    }
  },
});
