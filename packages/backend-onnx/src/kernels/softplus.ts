import { unaryKernel } from '../kernel.js';
import { log1p, sigmoid } from '../math.js';

// ONNX Softplus has no beta and a float-only CPU kernel (accurate, with softplus(±∞) = +∞, 0): used for
// float32 with beta 1, composed otherwise
export const softplus = unaryKernel<'softplus'>(
  true,
  (b, x, { beta }) => {
    if (b.dtype === 'float32' && beta === 1) return b.op('Softplus', [x]);
    // max(x, 0) + log1p(e^(−|βx|))/β (beta > 0): exp never overflows, and adding x itself (not βx/β)
    // stays right where βx overflows to ±∞ for a finite x
    const bx = beta === 1 ? x : b.mul(x, b.scalar(beta));
    const tail = log1p(b, b.exp(b.neg(b.abs(bx))));
    return b.add(b.max(x, b.scalar(0)), beta === 1 ? tail : b.div(tail, b.scalar(beta)));
  },
  (b, x, { beta }) => sigmoid(b, beta === 1 ? x : b.mul(x, b.scalar(beta))),
);
