import { unaryKernel } from '../kernel.js';
import { sigmoidBell, sigmoid as sigmoidOf } from '../math.js';

// composed from Exp in both dtypes: ONNX Runtime's Sigmoid loses the left tail (float32 is 0 below
// x ≈ −17 and 6% off at −13.7; float64 is 1e-10 off at −13.6), where σ(x) ≈ e^x keeps its digits here
export const sigmoid = unaryKernel<'sigmoid'>(
  true,
  (b, x) => sigmoidOf(b, x),
  // y·(1 − y) as σ(x)·σ(−x): 1 − y cancels to 0 for large x while σ(−x) keeps its digits
  (b, x) => sigmoidBell(b, x),
);
