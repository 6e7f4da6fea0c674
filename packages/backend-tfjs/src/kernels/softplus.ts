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

/**
 * log(1 + e^z) = max(z, 0) + log1p(e^(−|z|)): exp is only taken of non-positive numbers, so nothing
 * overflows; +∞ gives +∞, −∞ gives 0 and NaN stays NaN (tf.maximum and tf.exp keep it on cpu and wasm).
 */
export function log1pExp(tf: Tf, z: TfTensor): TfTensor {
  return tf.add(tf.relu(z), log1pOf(tf, tf.exp(tf.neg(tf.abs(z)))));
}

// not tf.softplus: it has no beta, and on cpu it switches to x or e^x at |x| ≈ 13.9 (error 8.8e-7 there)
export const softplus = unaryKernel<'softplus'>(
  // max(x, 0) + log1p(e^(−|βx|))/β (beta > 0): adding x itself, not βx/β, stays right where βx
  // overflows to ±∞ for a finite x
  (tf, x, { beta }) => tf.add(tf.relu(x), tf.div(log1pOf(tf, tf.exp(tf.neg(tf.abs(tf.mul(x, beta))))), beta)),
  (tf, x, { beta }) => tf.sigmoid(tf.mul(x, beta)),
);
