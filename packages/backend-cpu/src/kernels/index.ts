import { type KernelTable, specKernel } from '../kernel.js';
import { hardTanh } from './hard-tanh.js';
import { leakyRelu } from './leaky-relu.js';
import { relu } from './relu.js';
import { relu6 } from './relu6.js';
import { sigmoid } from './sigmoid.js';

/**
 * The CPU kernel of every catalog op, by op id. Ops with a file of their own here have a dedicated
 * loop; the others run their spec's float64 math directly into the output buffer.
 */
export const cpuKernels: KernelTable = Object.freeze({
  relu,
  relu6,
  leakyRelu,
  prelu: specKernel(),
  rrelu: specKernel(),
  elu: specKernel(),
  selu: specKernel(),
  celu: specKernel(),
  gelu: specKernel(),
  silu: specKernel(),
  mish: specKernel(),
  softplus: specKernel(),
  softsign: specKernel(),
  sigmoid,
  logSigmoid: specKernel(),
  hardSigmoid: specKernel(),
  hardSwish: specKernel(),
  tanh: specKernel(),
  hardTanh,
  thresholdedRelu: specKernel(),
  softmax: specKernel(),
  logSoftmax: specKernel(),
  meanSquaredError: specKernel(),
  meanAbsoluteError: specKernel(),
  huber: specKernel(),
  logCosh: specKernel(),
  meanSquaredLogarithmicError: specKernel(),
  meanAbsolutePercentageError: specKernel(),
  binaryCrossentropy: specKernel(),
  categoricalCrossentropy: specKernel(),
  sparseCategoricalCrossentropy: specKernel(),
  kullbackLeiblerDivergence: specKernel(),
  hinge: specKernel(),
  squaredHinge: specKernel(),
  poisson: specKernel(),
  cosineSimilarity: specKernel(),
});
