import { type Backend, forward, gradient, logistic, tensor } from '@rectify/core';
import { bceVsMse } from '@rectify/viz';

/** The logits the table is read at: confidently wrong (z ≪ 0, target 1) to confidently right. */
export const comparisonLogits: readonly number[] = [-8, -4, -2, 0, 2, 4, 8];

/** One loss at one logit: its value, and its gradient with respect to the logit. */
export interface LossAtLogit {
  readonly loss: number;
  /** dL/dz = dL/dŷ · σ′(z), what the layer before the sigmoid receives. */
  readonly grad: number;
}

export interface ComparisonRow {
  readonly z: number;
  /** σ(z), as fed to the losses (rounded to the backend's dtype). */
  readonly p: number;
  /** One per loss of viz's `bceVsMse` preset, in its order. */
  readonly losses: readonly LossAtLogit[];
}

/** The losses of the comparison and their target: viz's preset, so the table matches its plot. */
export const comparison = { losses: bceVsMse.losses, target: bceVsMse.target };

/**
 * The preset's losses after a sigmoid at a few logits, computed on a backend: each loss of ŷ = σ(z)
 * and its gradient ∂L/∂ŷ from the backend, chained with σ′(z) = ŷ(1 − ŷ) in float64.
 */
export async function bceVsMseRows(
  backend: Backend,
  logits: readonly number[] = comparisonLogits,
): Promise<ComparisonRow[]> {
  const dtype = backend.dtypes.includes('float64') ? 'float64' : 'float32';
  const yPred = tensor(
    logits.map((z) => logistic(z)),
    [logits.length],
    dtype,
  );
  const yTrue = tensor(
    logits.map(() => comparison.target),
    [logits.length],
    dtype,
  );
  const params = { reduction: 'none' };
  const perLoss = await Promise.all(
    comparison.losses.map(async ({ op }) => {
      const [y, grads] = await Promise.all([
        forward(op, { yTrue, yPred }, params, { backend }),
        gradient(op, { yTrue, yPred }, params, { backend }),
      ]);
      return { loss: y.data, grad: grads.yPred!.data };
    }),
  );
  return logits.map((z, i) => {
    const p = yPred.data[i]!;
    return {
      z,
      p,
      losses: perLoss.map(({ loss, grad }) => ({ loss: loss[i]!, grad: grad[i]! * p * (1 - p) })),
    };
  });
}
