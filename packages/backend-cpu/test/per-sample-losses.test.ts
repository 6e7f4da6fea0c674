import { type Backend, forwardSync, gradientSync, type OpId, referenceBackend, Tensor } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../src/index.js';
import { BLOCK_BYTES } from '../src/wasm/runtime.js';
import { rng, uniform, values, worstUlps } from './helpers.js';

// The per-sample losses' row kernels (assembly/per-sample-losses.ts) against the float64 reference: rows
// of several lengths, over several blocks with a last group of fewer than four rows, every reduction, and
// rows holding the values where a kernel could part from the reference (0, ±∞, NaN, out-of-clip values).

const simd = createCpuBackend({ simd: true, simdMinElements: 0 });
const f32Block = BLOCK_BYTES / 4;

type Loss = Extract<
  OpId,
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy'
  | 'kullbackLeiblerDivergence'
  | 'cosineSimilarity'
>;

interface Variant {
  readonly op: Loss;
  readonly params: Record<string, number | boolean>;
  /** Worst float32 ulps (at max(|v|, 0.1)) of the forward and the gradient on in-domain rows. */
  readonly bounds: readonly [number, number];
}

// logits take float32's e^ (a few ulps, its argument's rounding put back in float64); the rest is
// float64 with logs to ~5e-12, so the losses round as the reference's
const variants: Variant[] = [
  { op: 'categoricalCrossentropy', params: {}, bounds: [1, 1] },
  { op: 'categoricalCrossentropy', params: { labelSmoothing: 0.1 }, bounds: [1, 1] },
  { op: 'categoricalCrossentropy', params: { fromLogits: true }, bounds: [4, 4] },
  { op: 'categoricalCrossentropy', params: { fromLogits: true, labelSmoothing: 0.2 }, bounds: [4, 4] },
  { op: 'sparseCategoricalCrossentropy', params: {}, bounds: [1, 1] },
  { op: 'sparseCategoricalCrossentropy', params: { fromLogits: true }, bounds: [4, 4] },
  { op: 'kullbackLeiblerDivergence', params: {}, bounds: [1, 1] },
  { op: 'cosineSimilarity', params: {}, bounds: [1, 1] },
];

/** Rows of n predictions as the op expects them: probabilities, logits or any values. */
function predictions(v: Variant, rows: number, n: number, seed: number): Float32Array {
  if (v.op === 'cosineSimilarity') return uniform(rows * n, seed, -3, 3);
  if (v.params.fromLogits) return uniform(rows * n, seed, -12, 12);
  return uniform(rows * n, seed, 0.01, 1);
}

/** Targets: distributions along the rows, class indices, or any values. */
function targets(v: Variant, rows: number, n: number, seed: number): Tensor {
  const r = rng(seed);
  if (v.op === 'sparseCategoricalCrossentropy')
    return new Tensor(
      'int32',
      [rows],
      new Int32Array(rows).map(() => Math.floor(r() * n)),
    );
  if (v.op === 'cosineSimilarity') return new Tensor('float32', [rows, n], uniform(rows * n, seed, -3, 3));
  const t = new Float32Array(rows * n);
  for (let i = 0; i < rows * n; i += n) {
    let s = 0;
    for (let k = 0; k < n; k++) s += t[i + k] = r();
    for (let k = 0; k < n; k++) t[i + k]! /= s;
  }
  return new Tensor('float32', [rows, n], t);
}

function both(v: Variant, inputs: { yTrue: Tensor; yPred: Tensor }, reduction: string, up: Tensor) {
  const p = { ...v.params, reduction };
  const f = (backend: Backend) => forwardSync(v.op, inputs, p, { backend }).data;
  const g = (backend: Backend) =>
    gradientSync(v.op, inputs, p, { backend, ...(reduction === 'none' ? { upstream: up } : {}) }).yPred!.data;
  return {
    forward: worstUlps(f(simd), f(referenceBackend)),
    gradient: worstUlps(g(simd), g(referenceBackend)),
  };
}

describe('per-sample losses on float32 rows stay within an ulp or a few of the reference', () => {
  for (const v of variants) {
    it(`${v.op} ${JSON.stringify(v.params)}`, () => {
      for (const n of [1, 3, 10, 37]) {
        // several blocks, the last with a group of fewer than four rows
        const rows = Math.floor((2 * f32Block) / n) + 3;
        const inputs = {
          yTrue: targets(v, rows, n, n),
          yPred: new Tensor('float32', [rows, n], predictions(v, rows, n, n + 1)),
        };
        const up = new Tensor('float32', [rows], uniform(rows, n + 2, -1, 1));
        for (const reduction of ['none', 'mean', 'sum']) {
          const worst = both(v, inputs, reduction, up);
          const where = `n=${n} ${reduction}`;
          expect(worst.forward, `forward ${where}`).toBeLessThanOrEqual(v.bounds[0]);
          expect(worst.gradient, `gradient ${where}`).toBeLessThanOrEqual(v.bounds[1]);
        }
      }
    });
  }

  it('rows with 0, ±∞, NaN, negatives and values outside the clips give the reference NaNs and values', () => {
    const n = 5;
    const rows = 4001;
    for (const v of variants) {
      const inputs = {
        yTrue: targets(v, rows, n, 7),
        yPred: new Tensor('float32', [rows, n], predictions(v, rows, n, 8)),
      };
      const y = inputs.yPred.data as Float32Array;
      const specials = values(rows, 9, [1e-7, 1 - 1e-7, 1, 1e-12], 'float32');
      // one special value in every third row, and a whole row of zeros now and then
      for (let r = 0; r < rows; r += 3) y[r * n + (r % n)] = specials[r]!;
      for (let r = 1; r < rows; r += 97) y.fill(0, r * n, r * n + n);
      if (v.op !== 'sparseCategoricalCrossentropy') {
        const t = inputs.yTrue.data as Float32Array;
        for (let r = 2; r < rows; r += 5) t[r * n + (r % n)] = specials[(r * 7) % rows]!;
      }
      const up = new Tensor('float32', [rows], uniform(rows, 3, -1, 1));
      for (const reduction of ['none', 'sum']) {
        const worst = both(v, inputs, reduction, up);
        // NaN where the reference has NaN, and values within the in-domain bounds (or a few ulps more
        // where an element's cancellation is in float64 and not in the reference's compensated sums)
        const where = `${v.op} ${JSON.stringify(v.params)} ${reduction}`;
        expect(worst.forward, `forward ${where}`).toBeLessThanOrEqual(Math.max(4, v.bounds[0]));
        expect(worst.gradient, `gradient ${where}`).toBeLessThanOrEqual(Math.max(4, v.bounds[1]));
      }
    }
  });

  it('other axes, float64 and rows too long for the kernels run the spec and match it bit for bit', () => {
    const cases: [Tensor, Tensor, number][] = [
      [targets(variants[0]!, 40, 6, 1), new Tensor('float32', [40, 6], uniform(240, 2, 0.01, 1)), 0],
      [
        new Tensor('float64', [8, 6], new Float64Array(48).fill(1 / 6)),
        new Tensor('float64', [8, 6], Float64Array.from(uniform(48, 3, 0.01, 1))),
        -1,
      ],
      [
        new Tensor('float32', [4, 4096], new Float32Array(4 * 4096).fill(1 / 4096)),
        new Tensor('float32', [4, 4096], uniform(4 * 4096, 4, 0.01, 1)),
        -1,
      ],
    ];
    for (const [yTrue, yPred, axis] of cases) {
      const p = { axis, reduction: 'none' };
      const got = forwardSync('categoricalCrossentropy', { yTrue, yPred }, p, { backend: simd }).data;
      const want = forwardSync('categoricalCrossentropy', { yTrue, yPred }, p, { backend: referenceBackend });
      expect(Array.from(got)).toEqual(Array.from(want.data));
    }
  });
});

describe('confident logits', () => {
  it('keep the relative accuracy of their small losses (the exponentials see the exact z − max)', () => {
    const rows = 4000;
    const n = 10;
    const r = rng(5);
    const z = new Float32Array(rows * n).map(() => -4 + 4 * r());
    const labels = new Int32Array(rows).map((_, i) => i % n);
    // the labelled class ahead of the others by 8 to 16: losses of 1e-3 down to 1e-7 (smaller ones are
    // below the float64 rounding of 1 + Σe in the reference itself)
    labels.forEach((c, i) => {
      z[i * n + c] = 8 + 4 * r();
    });
    const inputs = { yTrue: new Tensor('int32', [rows], labels), yPred: new Tensor('float32', [rows, n], z) };
    const p = { fromLogits: true, reduction: 'none' };
    const got = forwardSync('sparseCategoricalCrossentropy', inputs, p, { backend: simd }).data;
    const want = forwardSync('sparseCategoricalCrossentropy', inputs, p, { backend: referenceBackend }).data;
    let worst = 0;
    for (let i = 0; i < rows; i++)
      worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / (Math.abs(want[i]!) * 2 ** -24));
    expect(worst).toBeLessThanOrEqual(4);
  });
});
