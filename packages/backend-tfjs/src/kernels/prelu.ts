import type { Tf, TfjsGradContext, TfjsKernel, TfTensor } from '../kernel.js';
import { nanMask, onWasm, timesDerivative } from '../kernel.js';

/**
 * The gradients for one slope a shared by every element, on 1-D views of x and g: dx = g·step(x, a)
 * (1 above 0, a at and below it, NaN kept), and dalpha = Σ g·min(x, 0) — the terms of x < 0, nothing for
 * x ≥ 0 (a zero factor, which only an infinite upstream would turn into NaN: the select then), and NaN for
 * NaN. min(x, 0) is a clip to [−∞, 0], with NaN multiplied back in on wasm, whose clip drops it.
 */
function sharedSlopeGrads(tf: Tf, x: TfTensor, a: number, g: TfTensor, ctx: TfjsGradContext | undefined) {
  const d = tf.step(x, a);
  const dx = a === 0 ? timesDerivative(tf, g, d, ctx) : tf.mul(g, d);
  const clipped = tf.clipByValue(x, Number.NEGATIVE_INFINITY, 0);
  const negativePart = onWasm(tf) ? tf.mul(clipped, nanMask(tf, x)) : clipped;
  return { dx, dalpha: tf.sum(timesDerivative(tf, g, negativePart, ctx)) };
}

// One shared nonzero slope: tf.prelu, one kernel. Otherwise composed: a zero slope at −∞ needs the limit
// 0 (not 0·∞ = NaN), and tfjs-wasm's prelu broadcasts a slope per channel wrongly for some shapes. The
// gradients are explicit; alpha broadcasts to x NumPy-style, as tfjs's binary ops do
export const prelu: TfjsKernel<'prelu'> = {
  forward(tf, { x, alpha }) {
    if (alpha.size === 1 && alpha.dataSync()[0] !== 0) return tf.prelu(x, tf.reshape(alpha, []));
    const negative = tf.where(
      tf.logicalAnd(tf.equal(x, Number.NEGATIVE_INFINITY), tf.equal(alpha, 0)),
      tf.zerosLike(x),
      tf.mul(x, alpha),
    );
    // NaN fails x > 0 and takes alpha·NaN = NaN
    return tf.where(tf.greater(x, 0), x, negative);
  },
  backward(tf, { x, alpha }, _params, g, ctx) {
    if (alpha.size === 1 && x.size > 0) {
      const { dx, dalpha } = sharedSlopeGrads(
        tf,
        tf.reshape(x, [x.size]),
        alpha.dataSync()[0]!,
        tf.reshape(g, [g.size]),
        ctx,
      );
      return { x: tf.reshape(dx, x.shape), alpha: tf.reshape(dalpha, alpha.shape) };
    }
    const nan = tf.isNaN(x);
    // dx: g·(x > 0 ? 1 : alpha) (alpha at x = 0); a zero slope gives 0 even for an infinite upstream
    const d = tf.where(tf.greater(x, 0), tf.onesLike(x), tf.broadcastTo(alpha, x.shape));
    const dx = tf.where(nan, x, tf.where(tf.equal(d, 0), tf.zerosLike(d), tf.mul(g, d)));
    // dalpha: g·x where x < 0 (x = 0 adds nothing, so an infinite upstream cannot make it NaN); NaN x poisons it
    const terms = tf.where(nan, x, tf.where(tf.less(x, 0), tf.mul(g, x), tf.zerosLike(x)));
    // sum over the axes alpha was broadcast along: x's extra leading axes and alpha's size-1 axes
    const lead = x.rank - alpha.rank;
    const axes: number[] = [];
    for (let i = 0; i < x.rank; i++) if (i < lead || alpha.shape[i - lead] === 1) axes.push(i);
    // tfjs-wasm's sum over an empty axis returns uninitialized memory instead of 0
    const dalpha =
      x.size === 0
        ? tf.zeros(alpha.shape)
        : axes.length === 0
          ? terms
          : tf.reshape(tf.sum(terms, axes), alpha.shape);
    return { x: dx, alpha: dalpha };
  },
};
