/**
 * `@rectify/backend-tfjs`: every catalog op, forward and gradient, on TensorFlow.js (`cpu`, `wasm`,
 * `webgl`), in float32.
 *
 * @example
 * ```ts
 * import { sigmoid } from '@rectify/core';
 * import { createTfjsBackend } from '@rectify/backend-tfjs';
 * const backend = await createTfjsBackend({ backend: 'cpu' });
 * await sigmoid([0], {}, { backend }); // [0.5]
 * ```
 */
export {
  createTfjsBackend,
  type TfjsBackend,
  type TfjsBackendName,
  type TfjsBackendOptions,
} from './backend.js';
export { type Tf, type TfjsKernel, type TfjsKernelTable, type TfTensor, unaryKernel } from './kernel.js';
export { tfjsKernels } from './kernels/index.js';
export { lossUpstream, reduceLoss } from './losses.js';
