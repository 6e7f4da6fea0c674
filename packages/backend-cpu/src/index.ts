/**
 * `@rectify/backend-cpu`: every catalog op, forward and gradient, as typed-array kernels in float32 and float64.
 *
 * @example
 * ```ts
 * import { sigmoidGrad } from '@rectify/core';
 * import { createCpuBackend } from '@rectify/backend-cpu';
 * const dx = await sigmoidGrad([0], {}, { backend: createCpuBackend() }); // [0.25]
 * ```
 */
export { type CpuBackend, type CpuBackendOptions, cpuKernels, createCpuBackend } from './backend.js';
export { type CpuKernel, type KernelTable, specKernel, unaryKernel } from './kernel.js';
export { KernelThreadError } from './wasm/threads.js';
