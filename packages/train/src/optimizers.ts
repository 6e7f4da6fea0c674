import { InvalidParamError } from '@rectify/core';
import type { OptimizerName } from './config.js';

/** The settings of an optimizer. */
export interface OptimizerConfig {
  readonly kind: OptimizerName;
  readonly learningRate: number;
  /** SGD: momentum μ in [0, 1) (0: plain SGD). */
  readonly momentum?: number;
  /** Adam: decay of the first moment (default 0.9). */
  readonly beta1?: number;
  /** Adam: decay of the second moment (default 0.999). */
  readonly beta2?: number;
  /** Adam: added to √v (default 1e-8). */
  readonly epsilon?: number;
}

/** An optimizer's state as plain JSON, for snapshots: the step count and one buffer per parameter array. */
export interface OptimizerState {
  readonly kind: OptimizerName;
  readonly steps: number;
  /** SGD: the velocities; Adam: the first moments. */
  readonly first: readonly (readonly number[])[];
  /** Adam: the second moments; SGD: empty. */
  readonly second: readonly (readonly number[])[];
}

/**
 * Updates parameter arrays in place from their gradients. The arrays (and their sizes) are fixed when
 * the optimizer is made; each keeps its own moment buffers.
 *
 * @example
 * ```ts
 * const w = new Float64Array([1, -1]);
 * const opt = createOptimizer({ kind: 'adam', learningRate: 0.01 }, [w.length]);
 * opt.update([w], [new Float64Array([0.5, -0.5])]); // w ≈ [0.99, -0.99]
 * ```
 */
export interface Optimizer {
  readonly kind: OptimizerName;
  /** Steps taken so far. */
  readonly steps: number;
  update(params: readonly Float64Array[], grads: readonly Float64Array[]): void;
  state(): OptimizerState;
  restore(state: OptimizerState): void;
}

function checkArrays(sizes: readonly number[], arrays: readonly ArrayLike<number>[], what: string): void {
  if (arrays.length !== sizes.length || arrays.some((a, i) => a.length !== sizes[i])) {
    throw new InvalidParamError(
      `optimizer: ${what} have sizes [${arrays.map((a) => a.length).join(', ')}], expected [${sizes.join(', ')}]`,
    );
  }
}

/**
 * SGD (`v = μ·v + g; p −= lr·v`, PyTorch's form of momentum) or Adam (with bias correction, as in
 * Kingma & Ba 2015) over parameter arrays of the given sizes.
 */
export function createOptimizer(config: OptimizerConfig, sizes: readonly number[]): Optimizer {
  const lr = config.learningRate;
  if (!(Number.isFinite(lr) && lr > 0)) {
    throw new InvalidParamError(`optimizer: learningRate must be a finite number > 0, got ${lr}`);
  }
  const momentum = config.momentum ?? 0;
  const beta1 = config.beta1 ?? 0.9;
  const beta2 = config.beta2 ?? 0.999;
  const epsilon = config.epsilon ?? 1e-8;
  const kind = config.kind;
  let first = sizes.map((n) => new Float64Array(n));
  let second = kind === 'adam' ? sizes.map((n) => new Float64Array(n)) : [];
  let steps = 0;

  const sgd = (params: readonly Float64Array[], grads: readonly Float64Array[]) => {
    params.forEach((p, a) => {
      const g = grads[a]!;
      const v = first[a]!;
      for (let i = 0; i < p.length; i++) {
        const vi = momentum * v[i]! + g[i]!;
        v[i] = vi;
        p[i]! -= lr * vi;
      }
    });
  };
  const adam = (params: readonly Float64Array[], grads: readonly Float64Array[]) => {
    const c1 = 1 - beta1 ** steps;
    const c2 = 1 - beta2 ** steps;
    params.forEach((p, a) => {
      const g = grads[a]!;
      const m = first[a]!;
      const v = second[a]!;
      for (let i = 0; i < p.length; i++) {
        const gi = g[i]!;
        const mi = beta1 * m[i]! + (1 - beta1) * gi;
        const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i]! -= (lr * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
      }
    });
  };

  return {
    kind,
    get steps() {
      return steps;
    },
    update(params, grads) {
      checkArrays(sizes, params, 'parameters');
      checkArrays(sizes, grads, 'gradients');
      steps++;
      if (kind === 'adam') adam(params, grads);
      else sgd(params, grads);
    },
    state: () => ({
      kind,
      steps,
      first: first.map((a) => Array.from(a)),
      second: second.map((a) => Array.from(a)),
    }),
    restore(state) {
      if (state.kind !== kind) {
        throw new InvalidParamError(`optimizer: the state is of ${state.kind}, this optimizer is ${kind}`);
      }
      checkArrays(sizes, state.first, 'saved moments');
      if (kind === 'adam') checkArrays(sizes, state.second, 'saved second moments');
      steps = state.steps;
      first = state.first.map((a) => Float64Array.from(a));
      second = state.second.map((a) => Float64Array.from(a));
    },
  };
}
