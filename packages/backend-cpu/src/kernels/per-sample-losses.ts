import {
  type FloatArray,
  normalizeAxis,
  type OpCall,
  type Reduction,
  reduceInto,
  type Tensor,
} from '@rectify/core';
import { CROSSOVER_EXP } from '../context.js';
import { isF32 } from '../grid.js';
import { type KernelContext, type KernelFactory, specKernel } from '../kernel.js';
import { BLOCK_BYTES, type KernelExports, type WasmRuntime } from '../wasm/runtime.js';

type PerSampleLoss =
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy'
  | 'kullbackLeiblerDivergence'
  | 'cosineSimilarity';

/** Rows of the last axis a call's kernels stream through the slots. */
interface RowCall {
  readonly rt: WasmRuntime;
  /** Elements per row (classes) and rows (samples). */
  readonly n: number;
  readonly rows: number;
  readonly y: Float32Array;
  /** Targets shaped as y, or one class index per row. */
  readonly t: FloatArray | Int32Array;
  readonly sparse: boolean;
}

/** Bytes of a kernel's scratch beyond the columns of a group of rows (32 bytes per element of a row). */
const SUMS_BYTES = 128;

/**
 * The call as rows for the SIMD kernels (float32, along the last axis, rows short enough for a group of
 * four to fit a slot's scratch), or null for the spec's loops.
 */
function rowCall(
  ctx: KernelContext,
  op: PerSampleLoss,
  inputs: { yTrue: Tensor; yPred: Tensor },
  axis: number,
  sparse: boolean,
) {
  const y = inputs.yPred.data;
  const t = inputs.yTrue.data as FloatArray | Int32Array;
  const shape = inputs.yPred.shape;
  if (!isF32(y as FloatArray) || (!sparse && !isF32(t as FloatArray))) return null;
  if (normalizeAxis(op, axis, shape.length) !== shape.length - 1) return null;
  const n = shape[shape.length - 1]!;
  if (!(n >= 1 && n * 32 + SUMS_BYTES <= BLOCK_BYTES)) return null;
  const rt = ctx.simdFor(y.length, CROSSOVER_EXP);
  if (!rt) return null;
  return { rt, n, rows: y.length / n, y: y as Float32Array, t, sparse } satisfies RowCall;
}

/**
 * Visits the rows in blocks copied into the slots (targets or labels in slot 0, predictions in slot 1):
 * `m` rows from `start`, `padded` of them (the next multiple of 4) for the kernel, the padding rows
 * whatever the slots hold but with valid labels.
 */
function forEachRowBlock(c: RowCall, visit: (start: number, m: number, padded: number) => void): void {
  const { rt, n, rows } = c;
  // a block's rows fill a slot, and so do their float64 losses
  const perBlock = Math.min(Math.floor(BLOCK_BYTES / 4 / n / 4) * 4, BLOCK_BYTES / 8);
  const labels = new Int32Array(rt.f32[0]!.buffer, rt.slots[0]!, perBlock);
  for (let start = 0; start < rows; start += perBlock) {
    const m = Math.min(perBlock, rows - start);
    const padded = (m + 3) & ~3;
    rt.f32[1]!.set(c.y.subarray(start * n, (start + m) * n));
    if (c.sparse) {
      labels.set(c.t.subarray(start, start + m));
      labels.fill(0, m, padded);
    } else rt.f32[0]!.set(c.t.subarray(start * n, (start + m) * n));
    visit(start, m, padded);
  }
}

/**
 * A per-sample loss on float32 along the last axis: the four-rows-at-a-time kernels of
 * assembly/per-sample-losses.ts, float64 per row as the reference; other axes and float64 run the spec.
 */
function perSampleLoss<Id extends PerSampleLoss>(
  kindOf: (k: KernelExports, params: OpCall<Id>['params']) => number,
  sparse = false,
): KernelFactory<Id> {
  const spec = specKernel<Id>();
  const smoothing = (params: object) => (params as { labelSmoothing?: number }).labelSmoothing ?? 0;
  return (ctx) => {
    /** The call as rows for the kernels with its `kind`, or null for the spec. */
    const prepare = (call: OpCall<Id>) => {
      const inputs = call.inputs as unknown as { yTrue: Tensor; yPred: Tensor };
      const c = rowCall(ctx, call.op, inputs, call.params.axis, sparse);
      if (!c) return null;
      const k = c.rt.exports;
      const kind = kindOf(k, call.params) | (sparse ? k.SPARSE.value : 0);
      return { c, k, kind, ls: smoothing(call.params), reduction: call.params.reduction as Reduction };
    };
    return {
      forward(call, out) {
        const p = prepare(call);
        if (!p) return spec.forward(call, out);
        const { c, k } = p;
        // per-row losses go straight into a 'none' output, else into float64 for the reference's sum
        const losses = p.reduction === 'none' ? out : new Float64Array(c.rows);
        const [pt, py, dst, ps] = c.rt.slots as [number, number, number, number];
        forEachRowBlock(c, (start, m, padded) => {
          k.perSampleLossF32(pt, py, dst, ps, padded, c.n, p.kind, p.ls);
          losses.set(c.rt.f64[2]!.subarray(0, m), start);
        });
        if (losses !== out) reduceInto(c.rows, (i) => losses[i]!, p.reduction, out);
      },
      backward(call, out) {
        const p = prepare(call);
        if (!p) return spec.backward(call, out);
        const { c, k } = p;
        const g = call.upstream.data;
        const perRow = p.reduction === 'none';
        const scale = perRow ? 0 : p.reduction === 'sum' ? g[0]! : g[0]! / c.rows;
        const dy = (out as unknown as { yPred: FloatArray }).yPred;
        const [pt, py, pg, ps] = c.rt.slots as [number, number, number, number];
        forEachRowBlock(c, (start, m, padded) => {
          if (perRow) c.rt.f32[2]!.set(g.subarray(start, start + m));
          k.perSampleLossGradF32(pt, py, pg, ps, padded, c.n, p.kind, p.ls, scale, perRow ? 1 : 0);
          dy.set(c.rt.f32[1]!.subarray(0, m * c.n), start * c.n);
        });
      },
    };
  };
}

export const categoricalCrossentropy = perSampleLoss<'categoricalCrossentropy'>((k, p) =>
  p.fromLogits ? k.CROSSENTROPY_LOGITS.value : k.CROSSENTROPY.value,
);
export const sparseCategoricalCrossentropy = perSampleLoss<'sparseCategoricalCrossentropy'>(
  (k, p) => (p.fromLogits ? k.CROSSENTROPY_LOGITS.value : k.CROSSENTROPY.value),
  true,
);
export const kullbackLeiblerDivergence = perSampleLoss<'kullbackLeiblerDivergence'>(
  (k) => k.KL_DIVERGENCE.value,
);
export const cosineSimilarity = perSampleLoss<'cosineSimilarity'>((k) => k.COSINE.value);
