import type { AnyOpSpec, FloatArray, GradBuffersOf, GradCall, OpCall, OpId, Tensor } from '@rectify/core';
import type { Staging } from './wasm/blocks.js';
import type { FreshArea, WasmRuntime } from './wasm/runtime.js';

/**
 * A CPU kernel computes into output buffers it is handed, so the backend decides where results live
 * (today fresh typed arrays; a WebAssembly kernel can be handed views of its own memory instead).
 */
export interface CpuKernel<Id extends OpId = OpId> {
  forward(call: OpCall<Id>, out: FloatArray): void;
  /**
   * The forward output as a new array the kernel makes itself (a call without `out`), or null to have
   * `forward` write into a zeroed one: a kernel that computes in memory of its own can copy its result out
   * into an array that is not zeroed first.
   */
  forwardFresh?(call: OpCall<Id>): FloatArray | null;
  backward(call: GradCall<Id>, out: GradBuffersOf<Id>): void;
}

/** One kernel for every op of the catalog; a missing op is a compile error. */
export type KernelTable = { readonly [Id in OpId]: CpuKernel<Id> };

/**
 * The kernel that runs the op's spec math: float64 arithmetic rounded once into the output, so it is
 * as accurate as the reference. Used where a dedicated loop would not be faster.
 */
export function specKernel<Id extends OpId>(): CpuKernel<Id> {
  return {
    forward: (call, out) => (call.spec as AnyOpSpec).forward(call.inputs, call.params, out),
    backward: (call, out) => (call.spec as AnyOpSpec).backward(call.inputs, call.params, call.upstream, out),
  };
}

/**
 * A kernel for an elementwise activation from a loop body bound to the params once per call, which
 * keeps the per-element work free of param lookups. `f` and `df` must return NaN for NaN.
 */
export function unaryKernel<Id extends OpId>(
  bind: (params: OpCall<Id>['params']) => { f(x: number): number; df(x: number): number },
): CpuKernel<Id> {
  return {
    forward(call, out) {
      const { f } = bind(call.params);
      const x = (call.inputs as Readonly<Record<string, Tensor>>).x!.data;
      for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
    },
    backward(call, out) {
      const { df } = bind(call.params);
      const x = (call.inputs as Readonly<Record<string, Tensor>>).x!.data;
      const g = call.upstream.data;
      const dx = (out as Readonly<Record<string, FloatArray>>).x!;
      for (let i = 0; i < x.length; i++) {
        const d = df(x[i]!);
        dx[i] = d === 0 ? 0 : g[i]! * d;
      }
    },
  };
}

/**
 * Where a kernel runs a call: the WebAssembly SIMD runtime for calls of at least `minElements`
 * elements, else (or where SIMD is off or unavailable) its plain TypeScript loop.
 */
export interface KernelContext {
  /**
   * The SIMD runtime for a call over `n` elements, or null for the plain TypeScript path: calls below
   * `crossover` (the op's measured break-even, unless the backend's options override it) run plain.
   */
  simdFor(n: number, crossover: number): WasmRuntime | null;
  /**
   * Where costly elementwise calls on plain arrays are staged, chunk by chunk, so that threads can share
   * them (absent without threads).
   */
  readonly staging?: Staging | undefined;
  /** Where calls with a fresh output are computed whole (absent without SIMD). */
  readonly fresh?: FreshArea | undefined;
}

/** Makes an op's kernel for a context (the backend's SIMD options). */
export type KernelFactory<Id extends OpId> = (ctx: KernelContext) => CpuKernel<Id>;

/** One kernel factory for every op of the catalog. */
export type KernelFactories = { readonly [Id in OpId]: KernelFactory<Id> };

/** A factory that ignores the context: the op has one implementation. */
export function always<Id extends OpId>(kernel: CpuKernel<Id>): KernelFactory<Id> {
  return () => kernel;
}
