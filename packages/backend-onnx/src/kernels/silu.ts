import { unaryKernel } from '../kernel.js';
import { gated, sigmoid, sigmoidBell } from '../math.js';

// opset 20 has no Swish; x·σ(x) with the accurate σ (ONNX Runtime's Sigmoid loses the left tail)
export const silu = unaryKernel<'silu'>(
  true,
  // x·σ(x) is −∞·0 = NaN at −∞; the limit is 0 (σ decays like e^x)
  (b, x) => gated(b, x, sigmoid(b, x)),
  (b, x) => {
    // σ(x)·(1 + x·(1 − σ(x))) as σ + x·σ(x)·σ(−x): no cancellation in 1 − σ, and where the bell
    // σ(x)·σ(−x) is 0 (±∞, huge |x|) x·bell is ∞·0 or negligible, so the derivative is σ itself
    const s = sigmoid(b, x);
    const bell = sigmoidBell(b, x);
    return b.where(b.equal(bell, b.scalar(0)), s, b.add(s, b.mul(x, bell)));
  },
);
