import { timesDerivative, unaryKernel } from '../kernel.js';
import { eluGrad, eluOf } from './elu.js';

// tfjs has no celu. At alpha 1 it is elu, and runs as that kernel. Otherwise, for x ≤ 0,
// alpha·expm1(x/alpha) is the catalog's max(0, x) + min(0, alpha·(exp(x/alpha) − 1)) for either sign of
// alpha; expm1 keeps small negative x exact in relative terms
export const celu = unaryKernel<'celu'>(
  (tf, x, { alpha }) =>
    alpha === 1 ? eluOf(tf, x, 1) : tf.where(tf.greater(x, 0), x, tf.mul(tf.expm1(tf.div(x, alpha)), alpha)),
  // 1 at x = 0 (the left branch, e⁰); NaN takes the exp branch and stays NaN
  (tf, x, { alpha }) => tf.where(tf.greater(x, 0), tf.onesLike(x), tf.exp(tf.div(x, alpha))),
  {
    derivativeKeepsNaN: true,
    vjp: (tf, x, { alpha }, g, ctx) => {
      if (alpha === 1) return eluGrad(tf, x, 1, g, ctx);
      return timesDerivative(
        tf,
        g,
        tf.where(tf.greater(x, 0), tf.onesLike(x), tf.exp(tf.div(x, alpha))),
        ctx,
      );
    },
  },
);
