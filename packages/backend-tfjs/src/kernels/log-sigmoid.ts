import { unaryKernel } from '../kernel.js';

// −softplus(−x): log(σ(x)) would give log(0) = −∞ once σ(x) underflows (x ≲ −88 in float32).
// tf.logSigmoid computes exactly that with tf.softplus, within about an ulp (see softplus)
export const logSigmoid = unaryKernel<'logSigmoid'>(
  (tf, x) => tf.logSigmoid(x),
  // 1 − σ(x) as σ(−x), which keeps its digits where 1 − σ(x) would cancel; NaN kept
  (tf, x) => tf.sigmoid(tf.neg(x)),
  { derivativeKeepsNaN: true },
);
