import { type AnyOpSpec, catalog, type FloatArray, type OpCall, type OpId, type Tensor } from '@rectify/core';
import { CROSSOVER_EXP } from '../context.js';
import type { KernelFactory } from '../kernel.js';
import {
  type Binary,
  mapBlocks,
  mapBlocks2,
  mapFresh,
  mapFreshStaged,
  mapStaged,
  mapStaged2,
  type Unary,
  worthStaging,
} from '../wasm/blocks.js';
import { residentHome, type WasmRuntime } from '../wasm/runtime.js';

/** The elementwise activations: one input `x`, the output and its gradient shaped as x. */
export type ElementwiseOpId = {
  [Id in OpId]: OpCall<Id>['inputs'] extends { readonly x: unknown; readonly alpha: unknown }
    ? never
    : OpCall<Id>['inputs'] extends { readonly x: unknown }
      ? Id
      : never;
}[OpId];

type Params<Id extends OpId> = OpCall<Id>['params'];

/** The two implementations of an elementwise activation, by pass. */
export interface ElementwiseParts<Id extends ElementwiseOpId> {
  /**
   * The SIMD kernel of a call, bound to its params, for x's dtype (float32 or float64 lanes); null where
   * there is none for that dtype or those params (the plain loops run).
   */
  simdForward(rt: WasmRuntime, x: FloatArray, params: Params<Id>): Unary | null;
  simdBackward(rt: WasmRuntime, x: FloatArray, params: Params<Id>): Binary | null;
  /** Elements from which the SIMD kernels are faster (CROSSOVER_CHEAP or CROSSOVER_EXP). */
  readonly crossover: number;
  /**
   * Whether calls on plain arrays are shared with the worker threads, which costs staging them in and out
   * of their shared memory: worth it for kernels of about 0.3 ns an element or more on one thread (1e6
   * float32 on the machine of docs/benchmark.md: hardSwish 0.79 ms, hardSigmoid 0.37, relu 0.10).
   * Default: the kernels with exponentials (crossover CROSSOVER_EXP).
   */
  readonly threads?: boolean;
  /** Plain loops, into `out`. */
  forward(x: FloatArray, out: FloatArray, params: Params<Id>): void;
  backward(x: FloatArray, g: FloatArray, out: FloatArray, params: Params<Id>): void;
}

/**
 * The kernel of an elementwise activation: its SIMD kernel streamed through the runtime's blocks when the
 * context hands out a runtime for the call's size, its plain loops otherwise.
 */
export function elementwise<Id extends ElementwiseOpId>(parts: ElementwiseParts<Id>): KernelFactory<Id> {
  const threads = parts.threads ?? parts.crossover === CROSSOVER_EXP;
  return (ctx) => ({
    forward(call, out) {
      const x = (call.inputs as unknown as { readonly x: Tensor }).x.data as FloatArray;
      const rt = ctx.simdFor(x.length, parts.crossover);
      if (!rt || !parts.simdForward(rt, x, call.params)) return parts.forward(x, out, call.params);
      const bind = (r: WasmRuntime) => parts.simdForward(r, x, call.params)!;
      if (threads && worthStaging(ctx.staging, [x, out]))
        mapStaged(rt, ctx.staging, x, out, bind, `${call.op}:forward`);
      else mapBlocks(rt, x, out, bind);
    },
    forwardFresh(call) {
      const x = (call.inputs as unknown as { readonly x: Tensor }).x.data as FloatArray;
      const rt = ctx.simdFor(x.length, parts.crossover);
      const area = ctx.fresh;
      if (!rt || !area || residentHome(x) || !parts.simdForward(rt, x, call.params)) return null;
      const bind = (r: WasmRuntime) => parts.simdForward(r, x, call.params)!;
      if (threads && worthStaging(ctx.staging, [x])) return mapFreshStaged(ctx.staging, x, bind);
      return mapFresh(area, x, bind);
    },
    backward(call, out) {
      const x = (call.inputs as unknown as { readonly x: Tensor }).x.data as FloatArray;
      const g = call.upstream.data as FloatArray;
      const dx = (out as { readonly x: FloatArray }).x;
      const rt = ctx.simdFor(x.length, parts.crossover);
      if (!rt || !parts.simdBackward(rt, x, call.params)) return parts.backward(x, g, dx, call.params);
      const bind = (r: WasmRuntime) => parts.simdBackward(r, x, call.params)!;
      if (threads && worthStaging(ctx.staging, [x, g, dx]))
        mapStaged2(rt, ctx.staging, x, g, dx, bind, `${call.op}:backward`);
      else mapBlocks2(rt, x, g, dx, bind);
    },
  });
}

/**
 * The spec's own scalar math as plain loops (float64, rounded once into `out`): the reference's results,
 * for the dtypes and params a SIMD kernel does not cover.
 */
export function specLoops<Id extends ElementwiseOpId>(
  op: Id,
): Pick<ElementwiseParts<Id>, 'forward' | 'backward'> {
  const { f, df } = (catalog[op] as AnyOpSpec).elementwise!;
  return {
    forward(x, out, params) {
      for (let i = 0; i < x.length; i++) out[i] = f(x[i]!, params);
    },
    backward(x, g, out, params) {
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        const d = df(v, params);
        out[i] = Number.isNaN(v) ? v : d === 0 ? 0 : g[i]! * d;
      }
    },
  };
}
