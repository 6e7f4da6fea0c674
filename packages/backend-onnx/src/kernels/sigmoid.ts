import { unaryKernel } from '../kernel.js';
import { sigmoidBell, sigmoid as sigmoidOf } from '../math.js';

// float32: ONNX Runtime's Sigmoid, one pass. It loses the left tail in relative terms (0 below x ≈ −17,
// 6% off at −13.7) where σ(x) < 1e-6, inside the float32 tolerance's absolute part (atol 1e-6).
// float64 composes σ from Exp: there its Sigmoid is 1e-10 off at −13.6, far outside rtol 1e-10
export const sigmoid = unaryKernel<'sigmoid'>(
  true,
  (b, x) => (b.dtype === 'float32' ? b.sigmoid(x) : sigmoidOf(b, x)),
  // y·(1 − y) as σ(x)·σ(−x): 1 − y cancels to 0 for large x while σ(−x) keeps its digits
  (b, x) => sigmoidBell(b, x),
);
