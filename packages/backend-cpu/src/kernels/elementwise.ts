import type { FloatArray, OpCall, OpId, Tensor } from '@rectify/core';
import type { KernelFactory } from '../kernel.js';
import { type InPlace, mapBlocks, mapBlocks2, type TwoInputs } from '../wasm/blocks.js';
import type { WasmRuntime } from '../wasm/runtime.js';

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
  /** The SIMD kernel of a call, bound to its params, for x's dtype (float32 or float64 lanes). */
  simdForward(rt: WasmRuntime, x: FloatArray, params: Params<Id>): InPlace;
  simdBackward(rt: WasmRuntime, x: FloatArray, params: Params<Id>): TwoInputs;
  /** Plain loops, into `out`. */
  forward(x: FloatArray, out: FloatArray, params: Params<Id>): void;
  backward(x: FloatArray, g: FloatArray, out: FloatArray, params: Params<Id>): void;
}

/**
 * The kernel of an elementwise activation: its SIMD kernel streamed through the runtime's blocks when the
 * context hands out a runtime for the call's size, its plain loops otherwise.
 */
export function elementwise<Id extends ElementwiseOpId>(parts: ElementwiseParts<Id>): KernelFactory<Id> {
  return (ctx) => ({
    forward(call, out) {
      const x = (call.inputs as unknown as { readonly x: Tensor }).x.data as FloatArray;
      const rt = ctx.simdFor(x.length);
      if (rt) mapBlocks(rt, x, out, parts.simdForward(rt, x, call.params));
      else parts.forward(x, out, call.params);
    },
    backward(call, out) {
      const x = (call.inputs as unknown as { readonly x: Tensor }).x.data as FloatArray;
      const g = call.upstream.data as FloatArray;
      const dx = (out as { readonly x: FloatArray }).x;
      const rt = ctx.simdFor(x.length);
      if (rt) mapBlocks2(rt, x, g, dx, parts.simdBackward(rt, x, call.params));
      else parts.backward(x, g, dx, call.params);
    },
  });
}
