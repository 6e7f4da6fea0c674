import { type AnyOpSpec, catalog, type FloatArray, type OpCall, type OpId, Tensor } from '@rectify/core';
import { CROSSOVER_CHEAP } from '../context.js';
import { isF32 } from '../grid.js';
import { type KernelFactory, specKernel } from '../kernel.js';
import {
  type Binary,
  everyBlock,
  forEachBlock2,
  mapBlocks2,
  mapBlocks3,
  mapStaged2,
  worthStaging,
} from '../wasm/blocks.js';
import type { KernelExports, WasmRuntime } from '../wasm/runtime.js';

type PointwiseLoss = 'meanSquaredError' | 'meanAbsoluteError' | 'huber' | 'binaryCrossentropy' | LoopLoss;
type Params<Id extends OpId> = OpCall<Id>['params'];

/** A loss's SIMD kernels: terms (summed into acc, or written as float32) and the gradient. */
interface LossKernels<Id extends PointwiseLoss> {
  terms(
    k: KernelExports,
    p: Params<Id>,
    flags: number,
  ): (pt: number, py: number, n: number, sum: number, acc: number) => void;
  grad(
    k: KernelExports,
    p: Params<Id>,
    flags: number,
  ): (pt: number, py: number, pg: number, n: number, g: number, perElement: number) => void;
  /** What the kernels need to know about the whole of yTrue (the hinge losses' label mapping). */
  flags?(rt: WasmRuntime, yTrue: FloatArray): number;
  /**
   * A target and a prediction whose term is 0: the last vector of a sum is filled with them and summed
   * whole, instead of its elements going through the spec.
   */
  pad?: readonly [number, number];
  /** Gradients worth sharing with threads on plain arrays (a transcendental per element). */
  costly?: boolean;
}

/** Σ of the (sum, carry) lanes [s0, s1, c0, c1] plus `extra`, finished as the reference's Neumaier sum is. */
function total(acc: FloatArray, extra: number): number {
  let s = acc[0]!;
  let carry = acc[2]! + acc[3]!;
  for (const v of [acc[1]!, extra]) {
    const t = s + v;
    const bp = t - s;
    carry += s - (t - bp) + (v - bp);
    s = t;
  }
  // an infinite or NaN term makes the carries NaN; the plain sum is then the answer
  return Number.isFinite(s) ? s + carry : s;
}

/**
 * A pointwise loss on float32: the SIMD kernels of assembly/losses.ts, which compute each term as the
 * reference does in float64 and sum in float64 lanes with exact two-sum carries; float64 runs the spec.
 */
function pointwiseLoss<Id extends PointwiseLoss>(op: Id, parts: LossKernels<Id>): KernelFactory<Id> {
  const spec = specKernel<Id>();
  const lossSpec = catalog[op] as AnyOpSpec;
  const simd = (ctx: Parameters<KernelFactory<Id>>[0], y: FloatArray): WasmRuntime | null =>
    isF32(y) ? ctx.simdFor(y.length, CROSSOVER_CHEAP) : null;
  return (ctx) => ({
    forward(call, out) {
      const { yTrue, yPred } = call.inputs as unknown as { yTrue: Tensor; yPred: Tensor };
      const t = yTrue.data as FloatArray;
      const y = yPred.data as FloatArray;
      const rt = simd(ctx, y);
      if (!rt) return spec.forward(call, out);
      const flags = parts.flags?.(rt, t) ?? 0;
      const reduction = (call.params as { reduction: string }).reduction;
      if (reduction === 'none') {
        // the loss kernels write over yPred: mapBlocks2 copies it where the result goes first
        mapBlocks2(
          rt,
          t,
          y,
          out,
          (r) => {
            const terms = parts.terms(r.exports, call.params, flags);
            return (pt, py, _dst, m) => terms(pt, py, m, 0, 0);
          },
          true,
        );
        return;
      }
      const k = parts.terms(rt.exports, call.params, flags);
      const { pad } = parts;
      // whole vectors in the kernel, the last one padded with zero terms (`pad`) or left to the spec, so
      // that no padding lane adds to the sum
      const whole = pad ? y.length : y.length & ~3;
      rt.accF64.fill(0, 0, 4);
      forEachBlock2(
        rt,
        t,
        y,
        (pt, py, start, m) => {
          const n = Math.min(m, whole - start);
          if (n > 0) k(pt, py, n, 1, rt.acc);
        },
        pad,
      );
      let rest = 0;
      if (whole < y.length) {
        const tail = new Float64Array(1);
        const sub = (a: FloatArray) =>
          new Tensor('float32', [y.length - whole], a.subarray(whole) as Float32Array);
        lossSpec.forward(
          { yTrue: sub(t), yPred: sub(y) },
          { ...call.params, reduction: 'sum' } as never,
          tail,
        );
        rest = tail[0]!;
      }
      const s = total(rt.accF64, rest);
      out[0] = reduction === 'sum' ? s : s / y.length;
    },
    backward(call, out) {
      const { yTrue, yPred } = call.inputs as unknown as { yTrue: Tensor; yPred: Tensor };
      const t = yTrue.data as FloatArray;
      const y = yPred.data as FloatArray;
      const rt = simd(ctx, y);
      const dy = (out as unknown as { yPred: FloatArray }).yPred;
      if (!rt) return spec.backward(call, out);
      const flags = parts.flags?.(rt, t) ?? 0;
      const reduction = (call.params as { reduction: string }).reduction;
      const g = call.upstream.data as FloatArray;
      if (reduction === 'none') {
        const k = parts.grad(rt.exports, call.params, flags);
        mapBlocks3(rt, t, y, g, dy, (pt, py, pg, m) => k(pt, py, pg, m, 0, 1));
        return;
      }
      const scale = reduction === 'sum' ? g[0]! : g[0]! / y.length;
      const bind = (r: WasmRuntime): Binary => {
        const k = parts.grad(r.exports, call.params, flags);
        return (pt, py, _dst, m) => k(pt, py, 0, m, scale, 0);
      };
      if (parts.costly && worthStaging(ctx.staging, [t, y, dy]))
        mapStaged2(rt, ctx.staging, t, y, dy, bind, `${op}:backward`);
      else mapBlocks2(rt, t, y, dy, bind, true);
    },
  });
}

export const meanSquaredError = pointwiseLoss('meanSquaredError', {
  terms: (k) => k.squaredErrorF32,
  grad: (k) => k.squaredErrorGradF32,
});

export const meanAbsoluteError = pointwiseLoss('meanAbsoluteError', {
  terms: (k) => k.absoluteErrorF32,
  grad: (k) => k.absoluteErrorGradF32,
});

export const huber = pointwiseLoss('huber', {
  terms:
    (k, { delta }) =>
    (pt, py, n, sum, acc) =>
      k.huberF32(pt, py, n, sum, acc, delta),
  grad:
    (k, { delta }) =>
    (pt, py, pg, n, g, perElement) =>
      k.huberGradF32(pt, py, pg, n, g, perElement, delta),
});

export const binaryCrossentropy = pointwiseLoss('binaryCrossentropy', {
  terms:
    (k, { fromLogits, labelSmoothing }) =>
    (pt, py, n, sum, acc) =>
      k.binaryCrossentropyF32(pt, py, n, sum, acc, fromLogits ? 1 : 0, labelSmoothing),
  grad:
    (k, { fromLogits, labelSmoothing }) =>
    (pt, py, pg, n, g, perElement) =>
      k.binaryCrossentropyGradF32(pt, py, pg, n, g, perElement, fromLogits ? 1 : 0, labelSmoothing),
});

/** The losses of assembly/pointwise-losses.ts, by the `kind` it numbers them with. */
const LOOP_KINDS = {
  hinge: 0,
  squaredHinge: 0,
  meanAbsolutePercentageError: 1,
  poisson: 2,
  meanSquaredLogarithmicError: 3,
  logCosh: 4,
} as const;
type LoopLoss = keyof typeof LOOP_KINDS;

/** Hinge flags, as assembly/pointwise-losses.ts reads them: binary labels; the squared hinge. */
const BINARY_LABELS = 1;
const SQUARED = 2;

/** A loss of the shared loop, `flags` for all of its calls or from its yTrue. */
function loopLoss<Id extends LoopLoss>(
  op: Id,
  extra: Partial<Pick<LossKernels<Id>, 'flags' | 'pad' | 'grad' | 'costly'>> = {},
): KernelFactory<Id> {
  const kind = LOOP_KINDS[op];
  return pointwiseLoss(op, {
    terms: (k, _p, flags) => (pt, py, n, sum, acc) => k.pointwiseLossF32(pt, py, n, sum, acc, kind, flags),
    grad: (k, _p, flags) => (pt, py, pg, n, g, perElement) =>
      k.pointwiseLossGradF32(pt, py, pg, n, g, perElement, kind, flags),
    // y = t gives a zero term for every loss of the loop but the hinges, which pad with themselves
    pad: [0, 0],
    ...extra,
  });
}

/** The hinge flags for yTrue: whether every label is 0 or 1 (mapped to −1 and 1, as the spec's targets). */
function hingeFlags(squared: boolean) {
  return (rt: WasmRuntime, yTrue: FloatArray): number =>
    (squared ? SQUARED : 0) |
    (everyBlock(rt, yTrue, (p, m) => rt.exports.binaryLabelsF32(p, m) !== 0) ? BINARY_LABELS : 0);
}

// a margin of 0 (t = y = 1, either label mapping) is a zero term of both hinges
export const hinge = loopLoss('hinge', { flags: hingeFlags(false), pad: [1, 1] });
export const squaredHinge = loopLoss('squaredHinge', { flags: hingeFlags(true), pad: [1, 1] });
export const meanAbsolutePercentageError = loopLoss('meanAbsolutePercentageError');
export const poisson = loopLoss('poisson');
export const meanSquaredLogarithmicError = loopLoss('meanSquaredLogarithmicError', { costly: true });
export const logCosh = loopLoss('logCosh', { grad: (k) => k.logCoshGradF32, costly: true });
