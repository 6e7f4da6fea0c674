import { UnsupportedError } from '@rectify/core';
import type { KernelContext } from './kernel.js';
import { wasmFailure, wasmRuntime } from './wasm/runtime.js';

/**
 * Calls below this many elements run the plain TypeScript loops: there a WebAssembly call and two block
 * copies cost more than the SIMD lanes save (measured crossover: see docs/backends.md).
 */
export const DEFAULT_SIMD_MIN_ELEMENTS = 64;

/** How a backend picks between its SIMD and plain kernels. */
export interface SimdChoice {
  /** true: WebAssembly SIMD, or throw where unavailable; false: plain TypeScript; 'auto': SIMD where available. */
  readonly simd: boolean | 'auto';
  readonly minElements: number;
}

/** The kernels' context for a choice; with `simd: true` the runtime is instantiated (and checked) now. */
export function kernelContext({ simd, minElements }: SimdChoice): KernelContext {
  if (simd === false) return { simdFor: () => null };
  if (simd === true && !wasmRuntime()) {
    const why = wasmFailure();
    throw new UnsupportedError(
      `WebAssembly SIMD is unavailable here${why instanceof Error ? ` (${why.message})` : ''}; use simd: 'auto' or false`,
    );
  }
  return { simdFor: (n) => (n >= minElements ? wasmRuntime() : null) };
}
