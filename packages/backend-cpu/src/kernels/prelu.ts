import type { FloatArray } from '@rectify/core';
import { CROSSOVER_CHEAP } from '../context.js';
import { isF32 } from '../grid.js';
import { type KernelFactory, specKernel } from '../kernel.js';
import { mapBlocks, mapBlocks2 } from '../wasm/blocks.js';
import { leakySimdForward } from './leaky.js';

const spec = specKernel<'prelu'>();

/**
 * prelu with one slope (alpha of size 1) is the leaky kernel with that slope, plus Σ g·x over x < 0 for
 * its gradient, summed in float64 lanes with exact two-sum carries. Slopes broadcast per channel or per
 * last-axis entry run the spec's loops.
 */
export const prelu: KernelFactory<'prelu'> = (ctx) => ({
  forward(call, out) {
    const x = call.inputs.x.data as FloatArray;
    const a = call.inputs.alpha.data as FloatArray;
    const rt = a.length === 1 ? ctx.simdFor(x.length, CROSSOVER_CHEAP) : null;
    if (rt) mapBlocks(rt, x, out, (r) => leakySimdForward(r, x, a[0]!));
    else spec.forward(call, out);
  },
  backward(call, out) {
    const x = call.inputs.x.data as FloatArray;
    const a = call.inputs.alpha.data as FloatArray;
    const rt = a.length === 1 ? ctx.simdFor(x.length, CROSSOVER_CHEAP) : null;
    if (!rt) {
      spec.backward(call, out);
      return;
    }
    const alpha = a[0]!;
    const ran = mapBlocks2(rt, x, call.upstream.data as FloatArray, out.x, (r) => {
      const k = isF32(x) ? r.exports.preluGradScalarF32 : r.exports.preluGradScalarF64;
      r.accF64.fill(0, 0, 4);
      return (px, pg, dst, n) => k(px, pg, dst, n, alpha, r.acc);
    });
    out.alpha[0] = combineLanes(ran.accF64);
  },
});

/** The sum of two (sum, carry) lane pairs laid out as [s0, s1, c0, c1], as the reference's Neumaier sum ends. */
function combineLanes(acc: FloatArray): number {
  const s0 = acc[0]!;
  const s1 = acc[1]!;
  const s = s0 + s1;
  const bp = s - s0;
  const e = s0 - (s - bp) + (s1 - bp);
  // an infinite or NaN term makes the carries NaN; the plain sum is then the answer
  return Number.isFinite(s) ? s + (acc[2]! + acc[3]! + e) : s;
}
