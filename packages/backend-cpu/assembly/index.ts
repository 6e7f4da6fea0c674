// The WebAssembly kernels of @rectify/backend-cpu. `pnpm build:wasm` compiles this file with asc
// (SIMD, no runtime) into src/wasm/kernels.generated.ts. Memory is the module's own, fixed in size, so
// views of it are never detached; the JS side lays out its blocks from `heapBase()`.

export * from './axis';
export * from './losses';
export * from './per-sample-losses';
export * from './piecewise';
export * from './pointwise-losses';
export * from './smooth';

/** Where the kernels' scratch memory may start (after the module's static data), 64-byte aligned. */
export function heapBase(): usize {
  return (__heap_base + 63) & ~63;
}
