import { firstFloat32 } from '@rectify/core';
import type { Value } from '../graph.js';
import { unaryKernel } from '../kernel.js';

// Clip takes double and infinite bounds and keeps NaN in ONNX Runtime (node and web). In float32 the
// clipped value is the float32 rounding of the bound, within tolerance of the float64 bound
export const hardTanh = unaryKernel<'hardTanh'>(
  true,
  (b, x, { min, max }) => b.op('Clip', [x, b.scalar(min), b.scalar(max)]),
  (b, x, { min, max }) => {
    // min < x < max, against the float64 bounds: in float32 as x ≥ (first float32 above min) and
    // x < (first float32 at or above max), since a float32-rounded bound can move the kink by an ulp;
    // an infinite bound never clips, so it adds no test and the slope stays 1 up to ±∞
    const f32 = b.dtype === 'float32';
    const tests: Value[] = [];
    if (min !== Number.NEGATIVE_INFINITY) {
      tests.push(
        f32 ? b.greaterOrEqual(x, b.scalar(firstFloat32((v) => v > min))) : b.greater(x, b.scalar(min)),
      );
    }
    if (max !== Number.POSITIVE_INFINITY) {
      tests.push(b.less(x, b.scalar(f32 ? firstFloat32((v) => v >= max) : max)));
    }
    if (tests.length === 0) return b.fill(x, 1);
    return b.where(
      tests.reduce((p, q) => b.and(p, q)),
      b.scalar(1),
      b.scalar(0),
    );
  },
);
