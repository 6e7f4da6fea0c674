import { unaryKernel } from '../kernel.js';
import { sigmoid, softplus } from '../math.js';

// −softplus(−x): log(σ(x)) would give log(0) = −∞ once σ(x) underflows. ONNX Runtime's Softplus is
// accurate but float-only, so float64 composes softplus from Exp and an accurate log1p
export const logSigmoid = unaryKernel<'logSigmoid'>(
  true,
  (b, x) => b.neg(b.dtype === 'float32' ? b.op('Softplus', [b.neg(x)]) : softplus(b, b.neg(x))),
  // 1 − σ(x) as σ(−x), which keeps its digits where 1 − σ(x) would cancel
  (b, x) => sigmoid(b, b.neg(x)),
);
