import { Rng } from '@rectify/conformance';

/**
 * A seed for one purpose of a run (weights, batch order of epoch 7, the dataset's points, …), so each
 * stream is fixed by the run's seed alone and does not shift when another stream draws more numbers.
 */
export function deriveSeed(seed: number, ...path: readonly number[]): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  for (const p of path) {
    h = Math.imul(h ^ (p >>> 0), 0xc2b2ae35);
    h ^= h >>> 15;
    h = Math.imul(h, 0x27d4eb2f) >>> 0;
  }
  return h >>> 0;
}

/** Purposes of the derived seeds. */
export const Stream = { points: 1, split: 2, weights: 3, batches: 4 } as const;

/** A seeded generator with the normal draws the datasets and initializers need. */
export class Random {
  readonly #rng: Rng;

  constructor(seed: number) {
    this.#rng = new Rng(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.#rng.next();
  }

  uniform(lo: number, hi: number): number {
    return this.#rng.uniform(lo, hi);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return this.#rng.int(n);
  }

  /** Standard normal, by Box–Muller (one draw of the pair; simplicity over speed for small data). */
  normal(): number {
    const u = 1 - this.#rng.next(); // (0, 1]: log(0) would be −∞
    const v = this.#rng.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A permutation of 0..n−1 (Fisher–Yates). */
  permutation(n: number): Uint32Array {
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    return order;
  }
}
