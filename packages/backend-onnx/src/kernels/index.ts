import type { OnnxKernelTable } from '../kernel.js';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { celu } from './celu.js';
import { cosineSimilarity } from './cosine-similarity.js';
import { elu } from './elu.js';
import { gelu } from './gelu.js';
import { hardSigmoid } from './hard-sigmoid.js';
import { hardSwish } from './hard-swish.js';
import { hardTanh } from './hard-tanh.js';
import { hinge } from './hinge.js';
import { huber } from './huber.js';
import { kullbackLeiblerDivergence } from './kullback-leibler-divergence.js';
import { leakyRelu } from './leaky-relu.js';
import { logCosh } from './log-cosh.js';
import { logSigmoid } from './log-sigmoid.js';
import { logSoftmax } from './log-softmax.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { meanAbsolutePercentageError } from './mean-absolute-percentage-error.js';
import { meanSquaredError } from './mean-squared-error.js';
import { meanSquaredLogarithmicError } from './mean-squared-logarithmic-error.js';
import { mish } from './mish.js';
import { poisson } from './poisson.js';
import { prelu } from './prelu.js';
import { relu } from './relu.js';
import { relu6 } from './relu6.js';
import { rrelu } from './rrelu.js';
import { selu } from './selu.js';
import { sigmoid } from './sigmoid.js';
import { silu } from './silu.js';
import { softmax } from './softmax.js';
import { softplus } from './softplus.js';
import { softsign } from './softsign.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';
import { squaredHinge } from './squared-hinge.js';
import { tanh } from './tanh.js';
import { thresholdedRelu } from './thresholded-relu.js';

/** The ONNX kernel of every catalog op, by op id (one file per op in this folder). */
export const onnxKernels: OnnxKernelTable = Object.freeze({
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
