import { unaryKernel } from '../kernel.js';
import { log1pExp } from './softplus.js';

// −softplus(−x): log(σ(x)) would give log(0) = −∞ once σ(x) underflows (x ≲ −88 in float32);
// tf.logSigmoid is the same composition but goes through tf.softplus's thresholds on cpu
export const logSigmoid = unaryKernel<'logSigmoid'>(
  (tf, x) => tf.neg(log1pExp(tf, tf.neg(x))),
  // 1 − σ(x) as σ(−x), which keeps its digits where 1 − σ(x) would cancel
  (tf, x) => tf.sigmoid(tf.neg(x)),
);
