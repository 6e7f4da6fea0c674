import type { Tf, TfjsGradContext, TfTensor } from '../kernel.js';
import { timesDerivative, unaryKernel } from '../kernel.js';

/**
 * alpha·(e^x − 1) for x ≤ 0, x above: tf.elu (alpha 1, e^x − 1 in float64 on cpu and through expm1 on
 * wasm, within an ulp; −1 at −∞, NaN kept) scaled on its left branch by a step (1 above 0, alpha below).
 */
export function eluOf(tf: Tf, x: TfTensor, alpha: number): TfTensor {
  const y = tf.elu(x);
  return alpha === 1 ? y : tf.mul(y, tf.step(x, alpha));
}

/**
 * g·(1 for x > 0, alpha·e^x otherwise) through tfjs's EluGrad kernel, the one tf.elu's own gradient
 * runs: dy·(y ≥ 0 ? 1 : y + 1) with y = elu(x). alpha·e^x is then alpha·(y + 1), within a few float32
 * ulps of the derivative in absolute terms (y + 1 keeps no relative digits where e^x ≪ 1) for two passes
 * where e^x and a select take four. The derivative at x = 0 is the left branch's, alpha, as tf.step gives
 * it; NaN stays NaN.
 */
export function eluGrad(
  tf: Tf,
  x: TfTensor,
  alpha: number,
  g: TfTensor,
  ctx: TfjsGradContext | undefined,
): TfTensor {
  const y = tf.elu(x);
  const slope = alpha === 1 ? undefined : tf.step(x, alpha);
  // by name: a value import of tfjs-core would load it with this module instead of on first use
  const run = (dy: TfTensor) => tf.engine().runKernel('EluGrad', { dy, y }) as TfTensor;
  if (ctx?.finiteUpstream) return run(slope ? tf.mul(g, slope) : g);
  return timesDerivative(tf, g, run(slope ?? tf.onesLike(x)), ctx);
}

// tf.elu has no alpha (always 1): other slopes scale its left branch
export const elu = unaryKernel<'elu'>(
  (tf, x, { alpha }) => eluOf(tf, x, alpha),
  (tf, x, { alpha }) => eluGrad(tf, x, alpha, tf.onesLike(x), undefined),
  { derivativeKeepsNaN: true, vjp: (tf, x, { alpha }, g, ctx) => eluGrad(tf, x, alpha, g, ctx) },
);
