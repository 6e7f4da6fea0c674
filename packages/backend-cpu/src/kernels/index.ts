import type { KernelContext, KernelFactories, KernelTable } from '../kernel.js';
import { hardSigmoid } from './hard-sigmoid.js';
import { hardSwish } from './hard-swish.js';
import { hardTanh } from './hard-tanh.js';
import { leakyRelu } from './leaky-relu.js';
import {
  binaryCrossentropy,
  hinge,
  huber,
  logCosh,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  meanSquaredLogarithmicError,
  poisson,
  squaredHinge,
} from './losses.js';
import {
  categoricalCrossentropy,
  cosineSimilarity,
  kullbackLeiblerDivergence,
  sparseCategoricalCrossentropy,
} from './per-sample-losses.js';
import { prelu } from './prelu.js';
import { relu } from './relu.js';
import { relu6 } from './relu6.js';
import { rrelu } from './rrelu.js';
import {
  celu,
  elu,
  gelu,
  logSigmoid,
  mish,
  selu,
  sigmoid,
  silu,
  softplus,
  softsign,
  tanh,
} from './smooth.js';
import { logSoftmax, softmax } from './softmax.js';
import { thresholdedRelu } from './thresholded-relu.js';

/**
 * The kernel factory of every catalog op, by op id: WebAssembly SIMD kernels for large enough calls, and
 * for the rest plain TypeScript loops (the activations) or the spec's float64 math straight into the
 * output buffer (the losses).
 */
export const kernelFactories: KernelFactories = Object.freeze({
  relu,
  relu6,
  leakyRelu,
  prelu,
  rrelu,
  elu,
  selu,
  celu,
  gelu,
  silu,
  mish,
  softplus,
  softsign,
  sigmoid,
  logSigmoid,
  hardSigmoid,
  hardSwish,
  tanh,
  hardTanh,
  thresholdedRelu,
  softmax,
  logSoftmax,
  meanSquaredError,
  meanAbsoluteError,
  huber,
  logCosh,
  meanSquaredLogarithmicError,
  meanAbsolutePercentageError,
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
  kullbackLeiblerDivergence,
  hinge,
  squaredHinge,
  poisson,
  cosineSimilarity,
});

/** The kernel of every op for a context. */
export function kernelsFor(ctx: KernelContext): KernelTable {
  const table: Record<string, unknown> = {};
  for (const [op, factory] of Object.entries(kernelFactories)) {
    table[op] = (factory as (c: KernelContext) => unknown)(ctx);
  }
  return Object.freeze(table) as unknown as KernelTable;
}
