import type { OnnxKernel } from '../kernel.js';

// ONNX Softmax (opset ≥ 13) normalizes along one axis, like the catalog
export const softmax: OnnxKernel<'softmax'> = {
  float64: true,
  forward: (b, { x }, { axis }) => b.op('Softmax', [x], { axis: { int: axis } }),
  backward(b, { x }, { axis }, g) {
    const y = b.op('Softmax', [x], { axis: { int: axis } });
    return { x: b.mul(y, b.sub(g, b.reduceSum(b.mul(g, y), [axis], true))) };
  },
};
