import type { OnnxKernelTable } from '../kernel.js';
import { relu } from './relu.js';
import { relu6 } from './relu6.js';
import { leakyRelu } from './leaky-relu.js';
import { prelu } from './prelu.js';
import { rrelu } from './rrelu.js';
import { elu } from './elu.js';
import { selu } from './selu.js';
import { celu } from './celu.js';
import { gelu } from './gelu.js';
import { silu } from './silu.js';
import { mish } from './mish.js';
import { softplus } from './softplus.js';
import { softsign } from './softsign.js';
import { sigmoid } from './sigmoid.js';
import { logSigmoid } from './log-sigmoid.js';
import { hardSigmoid } from './hard-sigmoid.js';
import { hardSwish } from './hard-swish.js';
import { tanh } from './tanh.js';
import { hardTanh } from './hard-tanh.js';
import { thresholdedRelu } from './thresholded-relu.js';
import { softmax } from './softmax.js';
import { logSoftmax } from './log-softmax.js';
import { meanSquaredError } from './mean-squared-error.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { huber } from './huber.js';
import { logCosh } from './log-cosh.js';
import { meanSquaredLogarithmicError } from './mean-squared-logarithmic-error.js';
import { meanAbsolutePercentageError } from './mean-absolute-percentage-error.js';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';
import { kullbackLeiblerDivergence } from './kullback-leibler-divergence.js';
import { hinge } from './hinge.js';
import { squaredHinge } from './squared-hinge.js';
import { poisson } from './poisson.js';
import { cosineSimilarity } from './cosine-similarity.js';

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
