import type { Task } from './config.js';

/** What is measured after each epoch: the points of the curves a live view draws. */
export interface EpochMetrics {
  /** Completed epochs (0: the initial network, before any step). */
  readonly epoch: number;
  /** Optimizer steps taken so far. */
  readonly steps: number;
  /** Mean data loss over the whole train split (without the L1/L2 penalty). */
  readonly trainLoss: number;
  /** Mean data loss over the test split; null without test points. */
  readonly testLoss: number | null;
  /** Share of train points classified right; null for regression. */
  readonly trainAccuracy: number | null;
  readonly testAccuracy: number | null;
  /** The L1/L2 penalty on the weights. */
  readonly penalty: number;
  /** Per hidden layer: the share of units whose output is exactly 0 on every train point. */
  readonly deadUnits: readonly number[];
  /** Per hidden layer: the learned PReLU slopes (one per unit), or null for other activations. */
  readonly preluSlopes: readonly (readonly number[] | null)[];
  /** Per layer (the output layer last): the mean L2 norm of its gradient over the epoch's steps (0 at epoch 0). */
  readonly gradientNorms: readonly number[];
}

/**
 * The predicted class of point `i` from `outputs` predictions per point: P(class 1) > 0.5 for a single
 * output (a sigmoid head), the most probable class (the first on a tie) for several (softmax).
 */
export function predictedClass(predictions: ArrayLike<number>, i: number, outputs: number): number {
  if (outputs === 1) return predictions[i]! > 0.5 ? 1 : 0;
  let best = 0;
  for (let c = 1; c < outputs; c++) {
    if (predictions[i * outputs + c]! > predictions[i * outputs + best]!) best = c;
  }
  return best;
}

/**
 * The share of points whose predicted class ({@link predictedClass}) is their label; null for
 * regression or no points.
 *
 * @example
 * ```ts
 * accuracy('binary', [0.9, 0.2, 0.6], [1, 0, 0], 1); // 2/3
 * ```
 */
export function accuracy(
  task: Task,
  predictions: ArrayLike<number>,
  labels: ArrayLike<number>,
  outputs: number,
): number | null {
  if (task === 'regression' || labels.length === 0) return null;
  let right = 0;
  for (let i = 0; i < labels.length; i++) {
    if (predictedClass(predictions, i, outputs) === labels[i]) right++;
  }
  return right / labels.length;
}

/**
 * The share of units (columns of `outputs`, row-major [size, units]) that are exactly 0 on every row:
 * dead units, which pass no gradient to their weights (a ReLU whose sums are ≤ 0 for every input).
 *
 * @example
 * ```ts
 * deadUnitFraction(new Float32Array([0, 1, 0, 0]), 2, 2); // 0.5: unit 0 is 0 on both rows
 * ```
 */
export function deadUnitFraction(outputs: ArrayLike<number>, size: number, units: number): number {
  if (units === 0) return 0;
  let dead = 0;
  for (let j = 0; j < units; j++) {
    let zero = true;
    for (let i = 0; i < size && zero; i++) zero = outputs[i * units + j] === 0;
    if (zero) dead++;
  }
  return dead / units;
}

/** The L2 norm of several arrays taken as one vector. */
export function l2Norm(arrays: readonly (ArrayLike<number> | null)[]): number {
  let sq = 0;
  for (const a of arrays) {
    if (!a) continue;
    for (let i = 0; i < a.length; i++) sq += a[i]! * a[i]!;
  }
  return Math.sqrt(sq);
}
