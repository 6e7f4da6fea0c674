import { firstFloat32 } from '@rectify/core';
import type { GraphBuilder, Value } from '../graph.js';
import { unaryKernel } from '../kernel.js';

interface Line {
  readonly alpha: number;
  readonly beta: number;
}

/** `alpha·x + beta` in float64 exactly as core evaluates it, to place the kinks where core does. */
function line(x: number, p: Line): number {
  const shift = p.beta / p.alpha;
  return Number.isFinite(shift) ? (x + shift) * p.alpha : p.alpha * x + p.beta;
}

/** The same line in a graph: `(x + beta/alpha)·alpha`, so the cancellation near the lower kink is exact. */
function lineOf(b: GraphBuilder, x: Value, p: Line): Value {
  const shift = p.beta / p.alpha;
  return Number.isFinite(shift)
    ? b.mul(b.add(x, b.scalar(shift)), b.scalar(p.alpha))
    : b.add(b.mul(x, b.scalar(p.alpha)), b.scalar(p.beta));
}

// ONNX HardSigmoid defaults alpha to 0.2: both attributes are always passed. ONNX Runtime runs it in
// float only, so float64 composes Clip((x + beta/alpha)·alpha, 0, 1) as core; both keep NaN
export const hardSigmoid = unaryKernel<'hardSigmoid'>(
  true,
  (b, x, p) => {
    // alpha = 0: flat at beta, also at ±∞ (where 0·∞ would be NaN)
    if (p.alpha === 0) return b.keepNaN(x, b.fill(x, Math.max(0, Math.min(1, p.beta))));
    return b.dtype === 'float32'
      ? b.op('HardSigmoid', [x], { alpha: { float: p.alpha }, beta: { float: p.beta } })
      : b.op('Clip', [lineOf(b, x, p), b.scalar(0), b.scalar(1)]);
  },
  (b, x, p) => {
    if (p.alpha === 0) return b.fill(x, 0);
    let inside: Value;
    if (b.dtype === 'float64') {
      const z = lineOf(b, x, p);
      inside = b.and(b.greater(z, b.scalar(0)), b.less(z, b.scalar(1)));
    } else {
      // 0 < line(x) < 1 as two tests that turn true as x grows, decided in float64 like core (0 at both
      // kinks): float32 arithmetic could misplace a kink by an ulp
      const rising = p.alpha > 0;
      const aboveZero = firstFloat32(rising ? (v) => line(v, p) > 0 : (v) => line(v, p) <= 0);
      const belowOne = firstFloat32(rising ? (v) => line(v, p) >= 1 : (v) => line(v, p) < 1);
      const [lo, hi] = rising ? [aboveZero, belowOne] : [belowOne, aboveZero];
      inside = b.and(b.greaterOrEqual(x, b.scalar(lo)), b.less(x, b.scalar(hi)));
    }
    return b.where(inside, b.scalar(p.alpha), b.scalar(0));
  },
);
