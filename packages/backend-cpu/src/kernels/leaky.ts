import type { FloatArray } from '@rectify/core';
import { isF32 } from '../grid.js';
import type { Binary, Unary } from '../wasm/blocks.js';
import type { WasmRuntime } from '../wasm/runtime.js';

// The leaky family (leakyRelu, rrelu in evaluation, prelu with one slope): x > 0 ? x : α·x, with the limit
// 0 for α = 0 at −∞, and gradient g for x > 0, g·α (0 when α = 0) otherwise, NaN for NaN x.

/** The kernels' ways of picking between x and α·x (assembly/piecewise.ts). */
const LEAKY_MAX = 0;
const LEAKY_MIN = 1;
const LEAKY_SELECT = 2;

/** max(x, αx) is the select for 0 < α ≤ 1, min(x, αx) for α > 1; other slopes need the select. */
function mode(alpha: number): number {
  return alpha > 0 ? (alpha <= 1 ? LEAKY_MAX : LEAKY_MIN) : LEAKY_SELECT;
}

export function leakySimdForward(rt: WasmRuntime, x: FloatArray, alpha: number): Unary {
  const k = isF32(x) ? rt.exports.leakyReluF32 : rt.exports.leakyReluF64;
  const m = mode(alpha);
  return (p, dst, n) => k(p, dst, n, alpha, m);
}

export function leakySimdBackward(rt: WasmRuntime, x: FloatArray, alpha: number): Binary {
  const k = isF32(x) ? rt.exports.leakyReluGradF32 : rt.exports.leakyReluGradF64;
  return (px, pg, dst, n) => k(px, pg, dst, n, alpha);
}

export function leakyForward(x: FloatArray, out: FloatArray, alpha: number): void {
  if (alpha > 0 && alpha <= 1) {
    // the max of x and αx is the select, without a branch on the sign of x
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      out[i] = Math.max(v, alpha * v);
    }
    return;
  }
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    out[i] = v > 0 ? v : alpha === 0 && v === -Infinity ? 0 : alpha * v;
  }
}

export function leakyBackward(x: FloatArray, g: FloatArray, out: FloatArray, alpha: number): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    out[i] = v > 0 ? g[i]! : Number.isNaN(v) ? v : alpha === 0 ? 0 : g[i]! * alpha;
  }
}
