import { type FloatArray, normalizeAxis, type OpCall, type Tensor } from '@rectify/core';
import { CROSSOVER_EXP } from '../context.js';
import { isF32 } from '../grid.js';
import { type KernelFactory, specKernel } from '../kernel.js';
import { mapRows, mapRowsFresh, type RowKernel, rowsFit, worthStaging } from '../wasm/blocks.js';
import { type KernelExports, residentHome, type WasmRuntime } from '../wasm/runtime.js';

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
  return (ctx) => {
    /** The call's rows and runtime when the SIMD kernels take it, else null. */
    const rowsOf = (call: OpCall<Id>) => {
      const input = (call.inputs as unknown as { readonly x: Tensor }).x;
      const x = input.data as FloatArray;
      const n = lastAxisRows(input.shape, call.params.axis);
      const rt = n !== null && isF32(x) && rowsFit(x, n) ? ctx.simdFor(x.length, CROSSOVER_EXP) : null;
      return rt && { rt, x, n: n! };
    };
    const bindForward = (r: WasmRuntime): RowKernel => {
      const k = forward(r.exports);
      return (p, _pg, dst, pt, rows, len) => k(p, dst, pt, rows, len);
    };
    return {
      forward(call, out) {
        const c = rowsOf(call);
        if (!c) return spec.forward(call, out);
        mapRows(c.rt, c.x, null, out, c.n, bindForward);
      },
      forwardFresh(call) {
        const c = rowsOf(call);
        if (!c || residentHome(c.x)) return null;
        // on the threads in the staging arena, else in the fresh-output area
        const where = worthStaging(ctx.staging, [c.x]) ? ctx.staging : ctx.fresh;
        return where ? mapRowsFresh(where, c.x, c.n, bindForward) : null;
      },
      backward(call, out) {
        const c = rowsOf(call);
        if (!c) return spec.backward(call, out);
        const dx = (out as unknown as { readonly x: FloatArray }).x;
        mapRows(c.rt, c.x, call.upstream.data as FloatArray, dx, c.n, (r) => backward(r.exports));
      },
    };
  };
}

export const softmax = axisKernel<'softmax'>(
  (k) => k.softmaxRowsF32,
  (k) => k.softmaxGradRowsF32,
);

export const logSoftmax = axisKernel<'logSoftmax'>(
  (k) => k.logSoftmaxRowsF32,
  (k) => k.logSoftmaxGradRowsF32,
);
