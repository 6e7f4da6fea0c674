import { type FloatArray, normalizeAxis, type Tensor } from '@rectify/core';
import { CROSSOVER_EXP } from '../context.js';
import { isF32 } from '../grid.js';
import { type KernelFactory, specKernel } from '../kernel.js';
import { mapRows, type RowKernel, rowsFit } from '../wasm/blocks.js';
import type { KernelExports } from '../wasm/runtime.js';

type AxisOp = 'softmax' | 'logSoftmax';

/**
 * softmax and logSoftmax: float32 along the last axis run the four-rows-at-a-time SIMD kernels of
 * assembly/axis.ts; other axes, float64 and rows longer than a quarter block run the spec's loops.
 */
function axisKernel<Id extends AxisOp>(
  forward: (k: KernelExports) => (p: number, dst: number, pt: number, rows: number, n: number) => void,
  backward: (k: KernelExports) => RowKernel,
): KernelFactory<Id> {
  const spec = specKernel<Id>();
  /** The row length when the call works along the last axis, else null. */
  const lastAxisRows = (shape: readonly number[], axis: number) =>
    normalizeAxis('softmax', axis, shape.length) === shape.length - 1 ? shape[shape.length - 1]! : null;
  return (ctx) => ({
    forward(call, out) {
      const input = (call.inputs as unknown as { readonly x: Tensor }).x;
      const x = input.data as FloatArray;
      const n = lastAxisRows(input.shape, call.params.axis);
      const rt = n !== null && isF32(x) && rowsFit(x, n) ? ctx.simdFor(x.length, CROSSOVER_EXP) : null;
      if (!rt) return spec.forward(call, out);
      mapRows(rt, x, null, out, n!, (r) => {
        const k = forward(r.exports);
        return (p, _pg, dst, pt, rows, len) => k(p, dst, pt, rows, len);
      });
    },
    backward(call, out) {
      const input = (call.inputs as unknown as { readonly x: Tensor }).x;
      const x = input.data as FloatArray;
      const n = lastAxisRows(input.shape, call.params.axis);
      const rt = n !== null && isF32(x) && rowsFit(x, n) ? ctx.simdFor(x.length, CROSSOVER_EXP) : null;
      if (!rt) return spec.backward(call, out);
      const dx = (out as unknown as { readonly x: FloatArray }).x;
      mapRows(rt, x, call.upstream.data as FloatArray, dx, n!, (r) => backward(r.exports));
    },
  });
}

export const softmax = axisKernel<'softmax'>(
  (k) => k.softmaxRowsF32,
  (k) => k.softmaxGradRowsF32,
);

export const logSoftmax = axisKernel<'logSoftmax'>(
  (k) => k.logSoftmaxRowsF32,
  (k) => k.logSoftmaxGradRowsF32,
);
