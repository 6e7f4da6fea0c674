import { unaryKernel } from '../kernel.js';

// tf.sigmoid neither overflows nor loses NaN on cpu (float64, then rounded) or wasm (within 2.7e-7
// relative). wasm flushes results below ~1.2e-38 (x < −87.3) to 0, inside the float32 tolerance's absolute
// part (atol 1e-6); a select for e^x there cost three more kernels per call
export const sigmoid = unaryKernel<'sigmoid'>(
  (tf, x) => tf.sigmoid(x),
  // y·(1 − y) as σ(x)·σ(−x): 1 − y cancels to 0 for large x while σ(−x) keeps its digits
  (tf, x) => tf.mul(tf.sigmoid(x), tf.sigmoid(tf.neg(x))),
);
