import { unaryKernel } from '../kernel.js';
import { sigmoidBell } from '../math.js';

// ONNX Runtime's Tanh runs in float32 and float64, accurately (2.4e-7 and 8e-16 relative), and keeps NaN
// and ±1 at ±∞
export const tanh = unaryKernel<'tanh'>(
  true,
  (b, x) => b.tanh(x),
  // 1 − y² cancels once |y| is near 1; it equals 4·σ(2x)·σ(−2x), which keeps its digits for every x
  // and is 0 at ±∞
  (b, x) => b.mul(sigmoidBell(b, b.mul(x, b.scalar(2))), b.scalar(4)),
);
