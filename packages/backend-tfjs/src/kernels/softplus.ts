import type { Tf, TfTensor } from '../kernel.js';
import { unaryKernel } from '../kernel.js';

/**
 * log(1 + u) for finite u ≥ 0, accurate also for tiny u. Not tf.log1p: on wasm it is log(1 + u) in
 * float32, which drops every digit of u below 6e-8 (relative error 1e-3 at u = 2.5e-3). Kahan's
 * form log(w)·u/(w − 1) with w = 1 + u cancels the rounding of w; where w rounds to 1, log1p(u) is u.
 */
export function log1pOf(tf: Tf, u: TfTensor): TfTensor {
  const w = tf.add(u, 1);
  const wMinus1 = tf.sub(w, 1);
  return tf.where(tf.equal(wMinus1, 0), u, tf.mul(tf.log(w), tf.div(u, wMinus1)));
}

// beta 1: tf.softplus, within about an ulp on cpu and wasm (it returns x above 13.9 and e^x below −13.9,
// where log1p(e^−|x|) is below float32's resolution of the result), +∞ at +∞, 0 at −∞, NaN kept.
// Other betas have no tfjs op: max(x, 0) + log1p(e^(−|βx|))/β, adding x itself, not βx/β, stays right
// where βx overflows to ±∞ for a finite x
export const softplus = unaryKernel<'softplus'>(
  (tf, x, { beta }) =>
    beta === 1
      ? tf.softplus(x)
      : tf.add(tf.relu(x), tf.div(log1pOf(tf, tf.exp(tf.neg(tf.abs(tf.mul(x, beta))))), beta)),
  // tf.sigmoid keeps NaN
  (tf, x, { beta }) => tf.sigmoid(beta === 1 ? x : tf.mul(x, beta)),
  { derivativeKeepsNaN: true },
);
