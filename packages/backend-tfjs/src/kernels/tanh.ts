import type { Tf, TfTensor } from '../kernel.js';
import { onWasm, timesDerivative, unaryKernel } from '../kernel.js';

/**
 * 1 − tanh²x as 4·σ(2x)·σ(−2x): 1 − y² cancels once |y| is near 1 (12 ulps), this keeps its digits for
 * every x and is 0 at ±∞; NaN kept.
 */
function derivative(tf: Tf, x: TfTensor): TfTensor {
  const twoX = tf.mul(x, 2);
  return tf.mul(tf.mul(tf.sigmoid(twoX), tf.sigmoid(tf.neg(twoX))), 4);
}

// tf.tanh is accurate on cpu and wasm (within 2e-7 relative) and keeps NaN and ±1 at ±∞
export const tanh = unaryKernel<'tanh'>((tf, x) => tf.tanh(x), derivative, {
  derivativeKeepsNaN: true,
  // Off wasm the derivative is also 1/cosh²x: g/cosh²x is three passes instead of seven, within 4 ulps,
  // 0 where cosh² overflows (|x| > 44, where the derivative is below 1e-38). On wasm cosh costs as much as
  // eight cheap passes, so the sigmoids stay
  vjp: (tf, x, _p, g, ctx) => {
    if (onWasm(tf)) return timesDerivative(tf, g, derivative(tf, x), ctx);
    const coshSquared = tf.square(tf.cosh(x));
    if (ctx?.finiteUpstream) return tf.div(g, coshSquared);
    return timesDerivative(tf, g, tf.div(1, coshSquared), ctx);
  },
});
