import type { FloatArray, OpCall } from '@rectify/core';
import { CROSSOVER_CHEAP } from '../context.js';
import { isF32 } from '../grid.js';
import { type KernelFactory, specKernel } from '../kernel.js';
import { mapBlocks, mapBlocks2, mapFresh } from '../wasm/blocks.js';
import { BLOCK_BYTES, blockLength, residentHome } from '../wasm/runtime.js';
import { leakySimdForward } from './leaky.js';

const spec = specKernel<'prelu'>();

/**
 * prelu with one slope (alpha of size 1) is the leaky kernel with that slope, plus Σ g·x over x < 0 for
 * its gradient, summed in float64 lanes with exact two-sum carries. Slopes broadcast per channel or per
 * last-axis entry run the spec's loops.
 */
export const prelu: KernelFactory<'prelu'> = (ctx) => {
  /** x, the one slope, and the runtime its SIMD kernels run in (null: several slopes, or too few elements). */
  const oneSlope = (call: OpCall<'prelu'>) => {
    const x = call.inputs.x.data as FloatArray;
    const a = call.inputs.alpha.data as FloatArray;
    return { x, alpha: a[0]!, rt: a.length === 1 ? ctx.simdFor(x.length, CROSSOVER_CHEAP) : null };
  };
  return {
    forward(call, out) {
      const { x, alpha, rt } = oneSlope(call);
      if (rt) mapBlocks(rt, x, out, (r) => leakySimdForward(r, x, alpha));
      else spec.forward(call, out);
    },
    forwardFresh(call) {
      const { x, alpha, rt } = oneSlope(call);
      if (!rt || !ctx.fresh || residentHome(x)) return null;
      return mapFresh(ctx.fresh, x, (r) => leakySimdForward(r, x, alpha));
    },
    backward(call, out) {
      const { x, alpha, rt } = oneSlope(call);
      if (!rt) {
        spec.backward(call, out);
        return;
      }
      // parts of one block: a call through the slots sums each block as one part, a resident one cuts its
      // parts at the same places (up to 2048 parts, what slot 3 holds), threads or not
      const block = blockLength(x);
      const part = block * Math.ceil(x.length / (block * MAX_PARTS));
      const acc = [0, 0, 0, 0];
      mapBlocks2(rt, x, call.upstream.data as FloatArray, out.x, (r) => {
        const k = isF32(x) ? r.exports.preluGradScalarF32 : r.exports.preluGradScalarF64;
        const partials = r.f64[PARTIALS_SLOT]!;
        return (px, pg, dst, n) => {
          k(px, pg, dst, n, alpha, r.slots[PARTIALS_SLOT]!, part);
          addParts(acc, partials, Math.ceil(n / part));
        };
      });
      out.alpha[0] = combineLanes(acc);
    },
  };
};

/** The slot the kernels store their per-part sums in (the others hold x, g and the result). */
const PARTIALS_SLOT = 3;
/** Parts of 32 bytes that fit a slot. */
const MAX_PARTS = BLOCK_BYTES / 32;

/**
 * Adds `count` parts' (sum, carry) lane pairs, laid out [s0, s1, c0, c1] each, into those of acc, in
 * order, with Knuth's two-sum (exact at any magnitudes).
 */
function addParts(acc: number[], parts: Float64Array, count: number): void {
  for (let j = 0; j < count; j++) {
    for (let l = 0; l < 2; l++) {
      const s0 = acc[l]!;
      const s = parts[4 * j + l]!;
      const t = s0 + s;
      const bp = t - s0;
      acc[l] = t;
      acc[2 + l] = acc[2 + l]! + parts[4 * j + 2 + l]! + (s0 - (t - bp) + (s - bp));
    }
  }
}

/** The sum of two (sum, carry) lane pairs laid out as [s0, s1, c0, c1], as the reference's Neumaier sum ends. */
function combineLanes(acc: readonly number[]): number {
  const s0 = acc[0]!;
  const s1 = acc[1]!;
  const s = s0 + s1;
  const bp = s - s0;
  const e = s0 - (s - bp) + (s1 - bp);
  // an infinite or NaN term makes the carries NaN; the plain sum is then the answer
  return Number.isFinite(s) ? s + (acc[2]! + acc[3]! + e) : s;
}
