import type { Tf, TfTensor } from '../kernel.js';
import { onWasm, timesDerivative, unaryKernel } from '../kernel.js';

/**
 * σ(x)·σ(−x) as s·(1 − s) with s = σ(−|x|) ≤ ½: 1 − s lies in [½, 1] and does not cancel, unlike
 * y·(1 − y) for large x, and one sigmoid serves both factors. 0 at ±∞, NaN kept.
 */
function bell(tf: Tf, x: TfTensor): TfTensor {
  const s = tf.sigmoid(tf.neg(tf.abs(x)));
  return tf.mul(s, tf.sub(1, s));
}

// tf.sigmoid neither overflows nor loses NaN on cpu (float64, then rounded) or wasm (within 2.7e-7
// relative). wasm flushes results below ~1.2e-38 (x < −87.3) to 0, inside the float32 tolerance's absolute
// part (atol 1e-6); a select for e^x there cost three more kernels per call
export const sigmoid = unaryKernel<'sigmoid'>((tf, x) => tf.sigmoid(x), bell, {
  derivativeKeepsNaN: true,
  // Off wasm, where every kernel is a JavaScript loop of about the same cost, σ(x)·σ(−x) is also
  // 1/(2 + 2·cosh x): g·0.5/(1 + cosh x) is four passes instead of six, within 2 ulps, 0 at ±∞ (cosh
  // overflows). On wasm cosh costs as much as eight cheap passes, so the sigmoid stays
  vjp: (tf, x, _p, g, ctx) => {
    if (onWasm(tf)) return timesDerivative(tf, g, bell(tf, x), ctx);
    const onePlusCosh = tf.add(tf.cosh(x), 1);
    if (ctx?.finiteUpstream) return tf.div(tf.mul(g, 0.5), onePlusCosh);
    return timesDerivative(tf, g, tf.div(0.5, onePlusCosh), ctx);
  },
});
