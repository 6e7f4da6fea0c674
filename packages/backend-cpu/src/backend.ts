import {
  type Backend,
  computeBackward,
  computeForward,
  type GradCall,
  type GradTensors,
  type OpCall,
  type OpId,
  type Tensor,
} from '@rectify/core';
import type { CpuKernel, KernelTable } from './kernel.js';
import { cpuKernels } from './kernels/index.js';

/** Options of {@link createCpuBackend}. */
export interface CpuBackendOptions {
  /** Kernels to use instead of the built-in ones, by op id (for experiments and tests). */
  readonly kernels?: Partial<KernelTable>;
}

function kernelFor<Id extends OpId>(table: KernelTable, op: Id): CpuKernel<Id> {
  return table[op] as CpuKernel<Id>;
}

/**
 * The CPU backend: typed-array kernels in float32 and float64, synchronous underneath.
 * Inputs are never written; each call returns fresh output tensors.
 *
 * @example
 * ```ts
 * import { leakyRelu, softmax } from '@rectify/core';
 * import { createCpuBackend } from '@rectify/backend-cpu';
 * const backend = createCpuBackend();
 * const y = await leakyRelu([-2, 3], { alpha: 0.1 }, { backend }); // [-0.2, 3]
 * const p = await softmax([[1, 2, 3]], { axis: -1 }, { backend });
 * ```
 */
export function createCpuBackend(
  options: CpuBackendOptions = {},
): Backend & { readonly kernels: KernelTable } {
  const kernels: KernelTable = Object.freeze({ ...cpuKernels, ...options.kernels });

  const forwardSync = <Id extends OpId>(call: OpCall<Id>): Tensor =>
    computeForward(call, (out) => kernelFor(kernels, call.op).forward(call, out));
  const backwardSync = <Id extends OpId>(call: GradCall<Id>): GradTensors<Id> =>
    computeBackward(call, (out) => kernelFor(kernels, call.op).backward(call, out));

  return Object.freeze({
    name: 'cpu',
    dtypes: ['float32', 'float64'] as const,
    kernels,
    supports: (op: OpId) => Object.hasOwn(kernels, op),
    forward: async <Id extends OpId>(call: OpCall<Id>) => forwardSync(call),
    backward: async <Id extends OpId>(call: GradCall<Id>) => backwardSync(call),
    forwardSync,
    backwardSync,
  });
}
