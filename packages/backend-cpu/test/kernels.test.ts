import { type Backend, forwardSync, gradientSync, type OpId, referenceBackend, Tensor } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../src/index.js';
import { BLOCK_BYTES, wasmRuntime } from '../src/wasm/runtime.js';
import { rng, sameBits, uniform, values, worstUlps } from './helpers.js';

// The conformance suite's inputs are small; these run both paths over several blocks, tails that are not
// a whole vector, and values where the kernels' tricks could slip (thresholds ± 1 ulp, ±0, ±∞, NaNs of
// both signs, subnormals), and ask for the reference's results bit for bit where the kernels promise them.

const simd = createCpuBackend({ simd: true, simdMinElements: 0 });
const plain = createCpuBackend({ simd: false });

const f32Block = BLOCK_BYTES / 4;
const sizes = [1, 3, 7, 64, 1000, 2 * f32Block + 13];

interface Case {
  readonly op: OpId;
  readonly params: readonly Record<string, number | boolean>[];
  readonly points?: (p: Record<string, number | boolean>) => number[];
}

const cases: Case[] = [
  { op: 'relu', params: [{}], points: () => [0] },
  { op: 'relu6', params: [{}], points: () => [0, 6] },
  {
    op: 'leakyRelu',
    params: [
      {},
      { alpha: 0.25 },
      { alpha: 0 },
      { alpha: -0.5 },
      { alpha: 1 },
      { alpha: 3.3 },
      { alpha: 1e-40 },
      { alpha: -1e-50 },
    ],
    points: () => [0],
  },
  {
    op: 'rrelu',
    params: [{}, { lower: 0.2, upper: 0.2 }, { lower: -1, upper: 3 }, { training: true, seed: 3 }],
    points: () => [0],
  },
  {
    op: 'hardTanh',
    params: [
      {},
      { min: 0, max: 6 },
      { min: -0.3, max: 0.7 },
      { min: -Infinity, max: 2 },
      { min: -2, max: Infinity },
      { min: 0.5, max: 0.5 },
      { min: -Infinity, max: Infinity },
      { min: -0, max: 0 },
      // signed-zero bounds: each of the kernel's clamp modes
      { min: -1, max: -0 },
      { min: 0, max: 0 },
      { min: -0, max: 1 },
      { min: 0, max: -0 },
    ],
    points: (p) => [p.min as number, p.max as number].filter(Number.isFinite),
  },
  {
    op: 'hardSigmoid',
    params: [
      {},
      { alpha: 0.2, beta: 0.5 },
      { alpha: -0.3, beta: 0.1 },
      { alpha: 0, beta: 0.4 },
      { alpha: 0, beta: 7 },
      { alpha: 1e-300, beta: 0.5 },
      { alpha: 3, beta: -1e-3 },
    ],
    points: (p) => {
      const a = (p.alpha as number | undefined) ?? 1 / 6;
      const b = (p.beta as number | undefined) ?? 0.5;
      return a === 0 ? [] : [-b / a, (1 - b) / a];
    },
  },
  { op: 'hardSwish', params: [{}], points: () => [-3, 3, -1.5, 0] },
  {
    op: 'thresholdedRelu',
    params: [{}, { alpha: 0.1 }, { alpha: -2 }, { alpha: 0 }],
    points: (p) => [(p.alpha as number | undefined) ?? 1],
  },
];

function run(backend: Backend, op: OpId, x: Tensor, params: object, upstream: Tensor) {
  const y = forwardSync(op, { x }, params, { backend });
  const { x: dx } = gradientSync(op, { x }, params, { backend, upstream });
  return { y: y.data, dx: dx!.data };
}

describe('cpu kernels agree with the reference bit for bit', () => {
  it('has SIMD here (Node 20+)', () => {
    expect(wasmRuntime()).not.toBeNull();
  });

  for (const { op, params, points } of cases) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${op} ${dtype}`, () => {
        params.forEach((p, k) => {
          for (const n of sizes) {
            const seed = n * 31 + k;
            const x = new Tensor(dtype, [n], values(n, seed, points?.(p) ?? [], dtype));
            const upstream = new Tensor(dtype, [n], values(n, seed + 1, [1, -1], dtype));
            const want = run(referenceBackend, op, x, p, upstream);
            for (const [name, backend] of [
              ['simd', simd],
              ['plain', plain],
            ] as const) {
              const got = run(backend, op, x, p, upstream);
              const where = `${name} ${JSON.stringify(p)} n=${n}`;
              expect(sameBits(got.y, want.y), `forward ${where}`).toBeUndefined();
              expect(sameBits(got.dx, want.dx), `gradient ${where}`).toBeUndefined();
            }
          }
        });
      });
    }
  }

  for (const dtype of ['float32', 'float64'] as const) {
    it(`prelu with one slope ${dtype}`, () => {
      for (const slope of [0.25, 0, -0.5, 2]) {
        for (const n of sizes) {
          const x = new Tensor(dtype, [n], values(n, n, [0], dtype));
          const alpha = new Tensor(
            dtype,
            [1],
            dtype === 'float32' ? Float32Array.of(slope) : Float64Array.of(slope),
          );
          const upstream = new Tensor(dtype, [n], values(n, n + 7, [], dtype));
          const ref = gradientSync('prelu', { x, alpha }, {}, { backend: referenceBackend, upstream });
          const refY = forwardSync('prelu', { x, alpha }, {}, { backend: referenceBackend });
          for (const backend of [simd, plain]) {
            const y = forwardSync('prelu', { x, alpha }, {}, { backend });
            const g = gradientSync('prelu', { x, alpha }, {}, { backend, upstream });
            expect(sameBits(y.data, refY.data), `forward ${slope} n=${n}`).toBeUndefined();
            expect(sameBits(g.x!.data, ref.x!.data), `dx ${slope} n=${n}`).toBeUndefined();
            // Σ g·x in float64 with carries, summed in another order than the reference's: equal to ~1 ulp
            const a = g.alpha!.data[0]!;
            const b = ref.alpha!.data[0]!;
            if (Number.isFinite(b)) expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.abs(b) * 1e-12);
            else expect(a).toBe(b);
          }
        }
      }
    });
  }
});

/** n labels drawn from `labels` (the hinge losses map all-{0, 1} label sets to ±1). */
function labelsOf(n: number, seed: number, labels: readonly number[]): Float32Array {
  const r = rng(seed);
  return new Float32Array(n).map(() => labels[Math.floor(r() * labels.length)]!);
}

describe('pointwise losses agree with the reference bit for bit on float32', () => {
  const targets: [string, (n: number) => Float32Array][] = [
    ['any targets', (n) => values(n, n, [0.5], 'float32') as Float32Array],
    ['labels 0 and 1', (n) => labelsOf(n, n, [0, 1, -0])],
    ['labels −1 and 1', (n) => labelsOf(n, n, [-1, 1])],
  ];
  const ops = [
    'meanSquaredError',
    'meanAbsoluteError',
    'huber',
    'hinge',
    'squaredHinge',
    'meanAbsolutePercentageError',
  ] as const;
  for (const op of ops) {
    it(op, () => {
      for (const [labels, targetsOf] of op.endsWith('inge') ? targets : targets.slice(0, 1))
        for (const n of [1, 3, 8, 1001, 2 * f32Block + 6]) {
          const t = new Tensor('float32', [n], targetsOf(n));
          const y = new Tensor('float32', [n], values(n, n + 3, [0.5, 1.2], 'float32') as Float32Array);
          const up = new Tensor('float32', [n], values(n, n + 5, [], 'float32') as Float32Array);
          for (const reduction of ['mean', 'sum', 'none'] as const) {
            const p = { reduction, ...(op === 'huber' ? { delta: 0.7 } : {}) };
            const grad = (backend: Backend) =>
              gradientSync(op, { yTrue: t, yPred: y }, p, {
                backend,
                ...(reduction === 'none' ? { upstream: up } : {}),
              }).yPred!.data;
            const want = forwardSync(op, { yTrue: t, yPred: y }, p, { backend: referenceBackend }).data;
            const got = forwardSync(op, { yTrue: t, yPred: y }, p, { backend: simd }).data;
            expect(sameBits(got, want), `forward ${reduction} ${labels} n=${n}`).toBeUndefined();
            expect(
              sameBits(grad(simd), grad(referenceBackend)),
              `gradient ${reduction} ${labels} n=${n}`,
            ).toBeUndefined();
          }
        }
    });
  }

  it('hinge maps labels by the whole yTrue: one −1 among 0/1 labels, in any block, keeps them all', () => {
    const n = 2 * f32Block + 5;
    for (const at of [0, f32Block + 1, n - 1]) {
      const t = labelsOf(n, 3, [0, 1]);
      t[at] = -1;
      const y = new Tensor('float32', [n], values(n, 9, [], 'float32') as Float32Array);
      const inputs = { yTrue: new Tensor('float32', [n], t), yPred: y };
      for (const reduction of ['mean', 'none'] as const) {
        const want = forwardSync('hinge', inputs, { reduction }, { backend: referenceBackend }).data;
        const got = forwardSync('hinge', inputs, { reduction }, { backend: simd }).data;
        expect(sameBits(got, want), `${reduction}, −1 at ${at}`).toBeUndefined();
      }
    }
  });
});

/** n upstream values in [−1, 1) (the polynomial kernels flush results below the float32 normals to 0, so
 * an infinite upstream times such a derivative is 0 where the reference's float64 gives ∞). */
function finite(n: number, seed: number): Float32Array {
  return uniform(n, seed, -1, 1);
}

/** a with every other element replaced by one ~1e-4 away from its neighbour: near-cancelling differences. */
function close(a: Float32Array, seed: number): Float32Array {
  const r = rng(seed);
  return a.map((v, i) => (i % 2 === 0 ? v : a[i - 1]! * (1 + (r() - 0.5) * 2e-4)));
}

describe('float32 SIMD kernels with polynomials stay within a few ulps over several blocks', () => {
  // celu with a negative α takes e^(x/α) of a float32 quotient, whose rounding e^ magnifies by |x/α|
  const smooth: [OpId, Record<string, number | boolean | string>, number?][] = [
    ['sigmoid', {}],
    ['tanh', {}],
    ['silu', {}],
    ['gelu', {}],
    ['gelu', { approximate: 'tanh' }],
    ['elu', { alpha: 0.5 }],
    ['selu', {}],
    ['celu', { alpha: -1.5 }, 24],
    ['softplus', { beta: 2 }],
    ['logSigmoid', {}],
    ['mish', {}],
    ['softsign', {}],
  ];
  for (const [op, p, bound = 16] of smooth) {
    it(`${op} ${JSON.stringify(p)}`, () => {
      for (const n of [37, 2 * f32Block + 5]) {
        const x = new Tensor(
          'float32',
          [n],
          values(n, n, [0, -3, 3, 20, -20, 90, -90], 'float32') as Float32Array,
        );
        const up = new Tensor('float32', [n], finite(n, n + 1));
        const y = run(simd, op, x, p, up);
        const want = run(referenceBackend, op, x, p, up);
        expect(worstUlps(y.y, want.y), `forward n=${n}`).toBeLessThanOrEqual(bound);
        expect(worstUlps(y.dx, want.dx), `gradient n=${n}`).toBeLessThanOrEqual(bound);
      }
    });
  }

  for (const op of ['softmax', 'logSoftmax'] as const) {
    it(`${op} along the last axis`, () => {
      for (const c of [1, 3, 10, 1000]) {
        const rows = Math.ceil((2 * f32Block) / c) + 1;
        const n = rows * c;
        const x = new Tensor('float32', [rows, c], values(n, c, [0, 30, -30], 'float32') as Float32Array);
        const up = new Tensor('float32', [rows, c], finite(n, c + 1));
        const y = run(simd, op, x, {}, up);
        const want = run(referenceBackend, op, x, {}, up);
        expect(worstUlps(y.y, want.y), `forward c=${c}`).toBeLessThanOrEqual(16);
        expect(worstUlps(y.dx, want.dx), `gradient c=${c}`).toBeLessThanOrEqual(32);
      }
    });
  }

  // values with specials check each loss's edges element by element ('none' and the gradients); sums of
  // terms from the losses' domains check the reductions
  const logLosses: [OpId, number, (n: number) => [Float32Array, Float32Array]][] = [
    ['poisson', 1, (n) => [uniform(n, 1, 0, 20), uniform(n, 2, 0, 20)]],
    ['meanSquaredLogarithmicError', 2, (n) => [uniform(n, 3, 0, 5), close(uniform(n, 3, 0, 5), 4)]],
    ['logCosh', 8, (n) => [uniform(n, 5, -3, 3), close(uniform(n, 5, -3, 3), 6)]],
  ];
  for (const [op, bound, domain] of logLosses) {
    it(`${op}: edges and sums`, () => {
      for (const n of [37, 2 * f32Block + 5]) {
        const edges = [values(n, n, [0, 1, -1e-7], 'float32'), values(n, n + 1, [0, 1], 'float32')];
        for (const [t, y] of [edges as Float32Array[], domain(n)]) {
          const inputs = { yTrue: new Tensor('float32', [n], t!), yPred: new Tensor('float32', [n], y!) };
          const up = new Tensor('float32', [n], finite(n, n + 2));
          for (const reduction of ['none', 'mean', 'sum'] as const) {
            const f = (backend: Backend) => forwardSync(op, inputs, { reduction }, { backend }).data;
            const g = (backend: Backend) =>
              gradientSync(
                op,
                inputs,
                { reduction },
                {
                  backend,
                  ...(reduction === 'none' ? { upstream: up } : {}),
                },
              ).yPred!.data;
            const where = `${reduction} n=${n}`;
            expect(worstUlps(f(simd), f(referenceBackend)), `forward ${where}`).toBeLessThanOrEqual(bound);
            // Poisson's gradient is arithmetic only: the reference's bits
            if (op === 'poisson') expect(sameBits(g(simd), g(referenceBackend)), where).toBeUndefined();
            else
              expect(worstUlps(g(simd), g(referenceBackend)), `gradient ${where}`).toBeLessThanOrEqual(bound);
          }
        }
      }
    });
  }

  it('binaryCrossentropy, probabilities and logits', () => {
    const n = 2 * f32Block + 7;
    const t = new Tensor(
      'float32',
      [n],
      new Float32Array(n).map((_, i) => (i * 0.618) % 1),
    );
    for (const fromLogits of [false, true]) {
      for (const labelSmoothing of [0, 0.1]) {
        const y = new Tensor(
          'float32',
          [n],
          new Float32Array(n).map((_, i) => (fromLogits ? ((i * 0.377) % 1) * 40 - 20 : (i * 0.377) % 1)),
        );
        const up = new Tensor('float32', [n], finite(n, 5));
        for (const reduction of ['none', 'mean'] as const) {
          const p = { fromLogits, labelSmoothing, reduction };
          const f = (backend: Backend) =>
            forwardSync('binaryCrossentropy', { yTrue: t, yPred: y }, p, { backend });
          const g = (backend: Backend) =>
            gradientSync('binaryCrossentropy', { yTrue: t, yPred: y }, p, {
              backend,
              ...(reduction === 'none' ? { upstream: up } : {}),
            }).yPred!;
          const where = JSON.stringify(p);
          expect(worstUlps(f(simd).data, f(referenceBackend).data), where).toBeLessThanOrEqual(8);
          // σ(z) − t cancels where the prediction is right: σ's few ulps at 1 show at 0.1
          expect(worstUlps(g(simd).data, g(referenceBackend).data), where).toBeLessThanOrEqual(16);
        }
      }
    }
  });
});
