import { UnsupportedError } from '@rectify/core';
import type { KernelContext } from './kernel.js';
import type { Staging } from './wasm/blocks.js';
import { freshArea, wasmFailure, wasmRuntime } from './wasm/runtime.js';

/**
 * Below these sizes the plain loops are faster: a WebAssembly call and the block copies cost ~0.3 µs,
 * which a compare-and-select loop only recovers at a few hundred elements and a loop of exponentials
 * at a few dozen (measured through the public API, see docs/backends.md).
 */
export const CROSSOVER_CHEAP = 256;
export const CROSSOVER_EXP = 32;

/** How a backend picks between its SIMD and plain kernels. */
export interface SimdChoice {
  /** true: WebAssembly SIMD, or throw where unavailable; false: plain TypeScript; 'auto': SIMD where available. */
  readonly simd: boolean | 'auto';
  /** Overrides every op's own crossover when set. */
  readonly minElements?: number | undefined;
  /** Staging arrays for threaded calls on plain arrays (see KernelContext.staging). */
  readonly staging?: Staging | undefined;
}

/** The kernels' context for a choice; with `simd: true` the runtime is instantiated (and checked) now. */
export function kernelContext({ simd, minElements, staging }: SimdChoice): KernelContext {
  if (simd === false) return { simdFor: () => null };
  if (simd === true && !wasmRuntime()) {
    const why = wasmFailure();
    throw new UnsupportedError(
      `WebAssembly SIMD is unavailable here${why instanceof Error ? ` (${why.message})` : ''}; use simd: 'auto' or false`,
    );
  }
  return {
    simdFor: (n, crossover) => (n >= (minElements ?? crossover) ? wasmRuntime() : null),
    ...(staging ? { staging } : {}),
    get fresh() {
      return freshArea() ?? undefined;
    },
  };
}
