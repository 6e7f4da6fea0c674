import {
  type Backend,
  type FloatDType,
  forward,
  getSpec,
  gradient,
  type Tensor,
  tensor,
} from '@rectify/core';
import { curveDomain, sampleOp } from '@rectify/viz';
import { coreParams } from '../params.js';
import type { LossLab } from './state.js';
import { targetKind } from './target.js';

/** A loss and its gradient along the prediction, as a backend computed them. */
export interface LossCurve {
  /** The prediction: ŷ, or the logit z with fromLogits (for class targets: class 0's). */
  readonly x: Float64Array;
  readonly loss: Float64Array;
  /** ∂L/∂x. */
  readonly grad: Float64Array;
  readonly dtype: FloatDType;
}

/** The curves' default number of points, as viz's. */
export const curvePoints = 241;

const dtypeOf = (backend: Backend): FloatDType =>
  backend.dtypes.includes('float64') ? 'float64' : 'float32';

/**
 * The lab's loss against its prediction on a backend. Value and label targets are viz's curves
 * (`sampleOp` with the target); class targets are the lab's own, since viz's have two classes.
 */
export async function lossCurve(backend: Backend, lab: LossLab, points = curvePoints): Promise<LossCurve> {
  if (targetKind(lab.op).kind === 'class') return classCurve(backend, lab, points);
  const s = await sampleOp(lab.op, coreParams(lab.op, lab.params), { backend, target: lab.target, points });
  return { x: s.x, loss: s.f, grad: s.df, dtype: dtypeOf(backend) };
}

/**
 * `classes` classes, class 0's prediction varied along x: probabilities `[p, (1 − p)/(C − 1), …]`
 * (the others share the rest evenly), logits `[z, 0, …]`; the target is the one-hot of `lab.target`
 * (its index for sparse losses). The gradient is column 0 of ∂L/∂yPred. With two classes this is
 * viz's two-class curve.
 */
async function classCurve(backend: Backend, lab: LossLab, n: number): Promise<LossCurve> {
  const { op, classes: c, target } = lab;
  const spec = getSpec(op);
  const logits = lab.params.fromLogits === true;
  const dtype = dtypeOf(backend);
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  const [lo, hi] = curveDomain(op, lab.params);
  const x = Float64Array.from({ length: n }, (_, i) => round(lo + ((hi - lo) * i) / (n - 1)));
  const pred = new Float64Array(n * c);
  const oneHot = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    const rest = logits ? 0 : (1 - x[i]!) / (c - 1);
    pred.fill(rest, i * c, (i + 1) * c);
    pred[i * c] = x[i]!;
    oneHot[i * c + target] = 1;
  }
  const sparse = spec.inputs.find((i) => i.name === 'yTrue')?.role === 'label';
  const yTrue: Tensor = sparse
    ? tensor(new Int32Array(n).fill(target), [n], 'int32')
    : tensor(oneHot, [n, c], dtype);
  const inputs = { yTrue, yPred: tensor(pred, [n, c], dtype) };
  const params = { ...coreParams(op, lab.params), reduction: 'none' };
  const [y, grads] = await Promise.all([
    forward(op, inputs, params, { backend }),
    gradient(op, inputs, params, { backend }),
  ]);
  const g = grads.yPred!.data;
  return {
    x,
    loss: Float64Array.from(y.data),
    grad: Float64Array.from({ length: n }, (_, i) => g[i * c]!),
    dtype,
  };
}
