// The public function, gradient function and spec of every op.

export {
  binaryCrossentropy,
  binaryCrossentropyGrad,
  binaryCrossentropySpec,
} from './ops/binary-crossentropy.js';
export {
  categoricalCrossentropy,
  categoricalCrossentropyGrad,
  categoricalCrossentropySpec,
} from './ops/categorical-crossentropy.js';
export { celu, celuGrad, celuSpec } from './ops/celu.js';
export { cosineSimilarity, cosineSimilarityGrad, cosineSimilaritySpec } from './ops/cosine-similarity.js';
export { elu, eluGrad, eluSpec } from './ops/elu.js';
export { gelu, geluGrad, geluSpec } from './ops/gelu.js';
export { hardSigmoid, hardSigmoidGrad, hardSigmoidSpec } from './ops/hard-sigmoid.js';
export { hardSwish, hardSwishGrad, hardSwishSpec } from './ops/hard-swish.js';
export { hardTanh, hardTanhGrad, hardTanhSpec } from './ops/hard-tanh.js';
export { hinge, hingeGrad, hingeSpec } from './ops/hinge.js';
export { huber, huberGrad, huberSpec } from './ops/huber.js';
export {
  kullbackLeiblerDivergence,
  kullbackLeiblerDivergenceGrad,
  kullbackLeiblerDivergenceSpec,
} from './ops/kullback-leibler-divergence.js';
export { leakyRelu, leakyReluGrad, leakyReluSpec } from './ops/leaky-relu.js';
export { logCosh, logCoshGrad, logCoshSpec } from './ops/log-cosh.js';
export { logSigmoid, logSigmoidGrad, logSigmoidSpec } from './ops/log-sigmoid.js';
export { logSoftmax, logSoftmaxGrad, logSoftmaxSpec } from './ops/log-softmax.js';
export {
  meanAbsoluteError,
  meanAbsoluteErrorGrad,
  meanAbsoluteErrorSpec,
} from './ops/mean-absolute-error.js';
export {
  meanAbsolutePercentageError,
  meanAbsolutePercentageErrorGrad,
  meanAbsolutePercentageErrorSpec,
} from './ops/mean-absolute-percentage-error.js';
export { meanSquaredError, meanSquaredErrorGrad, meanSquaredErrorSpec } from './ops/mean-squared-error.js';
export {
  meanSquaredLogarithmicError,
  meanSquaredLogarithmicErrorGrad,
  meanSquaredLogarithmicErrorSpec,
} from './ops/mean-squared-logarithmic-error.js';
export { mish, mishGrad, mishSpec } from './ops/mish.js';
export { poisson, poissonGrad, poissonSpec } from './ops/poisson.js';
export { prelu, preluGrad, preluSpec } from './ops/prelu.js';
export { relu, reluGrad, reluSpec } from './ops/relu.js';
export { relu6, relu6Grad, relu6Spec } from './ops/relu6.js';
export { rrelu, rreluGrad, rreluSlopes, rreluSpec } from './ops/rrelu.js';
export { SELU_ALPHA, SELU_SCALE, selu, seluGrad, seluSpec } from './ops/selu.js';
export { sigmoid, sigmoidGrad, sigmoidSpec } from './ops/sigmoid.js';
export { silu, siluGrad, siluSpec, swish, swishGrad } from './ops/silu.js';
export { softmax, softmaxGrad, softmaxSpec } from './ops/softmax.js';
export { softplus, softplusGrad, softplusSpec } from './ops/softplus.js';
export { softsign, softsignGrad, softsignSpec } from './ops/softsign.js';
export {
  sparseCategoricalCrossentropy,
  sparseCategoricalCrossentropyGrad,
  sparseCategoricalCrossentropySpec,
} from './ops/sparse-categorical-crossentropy.js';
export { squaredHinge, squaredHingeGrad, squaredHingeSpec } from './ops/squared-hinge.js';
export { tanh, tanhGrad, tanhSpec } from './ops/tanh.js';
export { thresholdedRelu, thresholdedReluGrad, thresholdedReluSpec } from './ops/thresholded-relu.js';
