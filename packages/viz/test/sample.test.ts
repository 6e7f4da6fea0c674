import { createCpuBackend } from '@rectify/backend-cpu';
import { type Backend, logistic, opIds, referenceBackend } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { curveDomain, curveParams, sampleOp, sampleOpSync } from '../src/index.js';

/** The sample's value at the grid point closest to x. */
function at(s: { x: Float64Array; f: Float64Array; df: Float64Array }, x: number) {
  let best = 0;
  for (let i = 1; i < s.x.length; i++) if (Math.abs(s.x[i]! - x) < Math.abs(s.x[best]! - x)) best = i;
  return { x: s.x[best]!, f: s.f[best]!, df: s.df[best]! };
}

describe('sampleOp: elementwise activations', () => {
  it('samples leakyRelu on a grid with its kink included', async () => {
    const s = await sampleOp('leakyRelu', { alpha: 0.1 }, { domain: [-2, 2], points: 5 });
    expect([...s.x]).toEqual([-2, -1, 0, 1, 2]);
    expect(s.f[0]).toBeCloseTo(-0.2, 15);
    expect(s.df[0]).toBeCloseTo(0.1, 15);
    expect([...s.f.slice(2)]).toEqual([0, 1, 2]);
    expect([...s.df.slice(3)]).toEqual([1, 1]);
  });

  it('defaults to the op domain and 241 points in float64', async () => {
    const s = await sampleOp('relu');
    expect(s.x.length).toBe(241);
    expect([s.x[0], s.x[240]]).toEqual([-4, 4]);
    expect(s.x[120]).toBe(0);
    expect(at(s, 0).df).toBe(0); // relu′(0) is taken as 0
    expect(at(s, 3).f).toBe(3);
  });

  it('feeds prelu its alpha param as a tensor', async () => {
    const s = await sampleOp('prelu', { alpha: 0.5 }, { domain: [-2, 2], points: 5 });
    expect([...s.f]).toEqual([-1, -0.5, 0, 1, 2]);
    expect([...s.df]).toEqual([0.5, 0.5, 0.5, 1, 1]);
    const d = await sampleOp('prelu', undefined, { domain: [-4, 0], points: 2 });
    expect(d.f[0]).toBe(-1); // default alpha 0.25
  });

  it('rounds the grid to float32 when sampling in float32', async () => {
    const s = await sampleOp('sigmoid', {}, { dtype: 'float32', domain: [-1, 1], points: 4 });
    expect(s.x[1]).toBe(Math.fround(-1 / 3));
    expect(s.f[1]).toBe(Math.fround(logistic(Math.fround(-1 / 3))));
  });
});

describe('sampleOp: softmax and losses', () => {
  it('softmax column 0 of rows [x, 0] is the sigmoid, and f′ is σ′', async () => {
    const s = await sampleOp('softmax', {}, { domain: [-3, 3], points: 7 });
    for (let i = 0; i < 7; i++) {
      const p = logistic(s.x[i]!);
      expect(s.f[i]).toBeCloseTo(p, 14);
      expect(s.df[i]).toBeCloseTo(p * (1 - p), 14);
    }
    const l = await sampleOp('logSoftmax', {}, { domain: [-3, 3], points: 7 });
    expect(l.f[6]).toBeCloseTo(Math.log(logistic(3)), 14);
    expect(l.df[6]).toBeCloseTo(1 - logistic(3), 14);
  });

  it('binaryCrossentropy at target 1 is −log p, with gradient −1/p', async () => {
    const s = await sampleOp('binaryCrossentropy', {}, { domain: [0.1, 0.9], points: 9 });
    for (let i = 0; i < 9; i++) {
      expect(s.f[i]).toBeCloseTo(-Math.log(s.x[i]!), 12);
      expect(s.df[i]).toBeCloseTo(-1 / s.x[i]!, 10);
    }
  });

  it('takes the logit for fromLogits and a given target', async () => {
    const s = await sampleOp('binaryCrossentropy', { fromLogits: true }, { target: 0, points: 3 });
    expect([...s.x]).toEqual([-6, 0, 6]);
    expect(s.f[1]).toBeCloseTo(Math.LN2, 14);
    expect(s.df[2]).toBeCloseTo(logistic(6), 14); // σ(z) − t with t = 0
  });

  it('pulls probability domains in to the clip range', () => {
    expect(curveDomain('binaryCrossentropy')).toEqual([1e-7, 1 - 1e-7]);
    expect(curveDomain('categoricalCrossentropy')).toEqual([0.01, 1 - 1e-7]);
    expect(curveDomain('binaryCrossentropy', { fromLogits: true })).toEqual([-6, 6]);
    expect(curveDomain('meanSquaredError')).toEqual([-3, 3]);
  });

  it('per-sample losses use two classes [p, 1 − p] and read column 0 of the gradient', async () => {
    // target 1: yTrue [1, 0]; L = −log p; ∂L/∂y₀ through the normalization (sum is 1) is −1/p + 1
    const s = await sampleOp('categoricalCrossentropy', {}, { domain: [0.2, 0.8], points: 4 });
    for (let i = 0; i < 4; i++) {
      const p = s.x[i]!;
      expect(s.f[i]).toBeCloseTo(-Math.log(p), 12);
      expect(s.df[i]).toBeCloseTo(-1 / p + 1, 12);
    }
    const sparse = await sampleOp('sparseCategoricalCrossentropy', {}, { domain: [0.2, 0.8], points: 4 });
    // label 0 (the viz target): the same curve as the one-hot [1, 0]
    for (let i = 0; i < 4; i++) expect(sparse.f[i]).toBeCloseTo(s.f[i]!, 12);
    const label1 = await sampleOp(
      'sparseCategoricalCrossentropy',
      {},
      { target: 1, domain: [0.2, 0.8], points: 4 },
    );
    expect(label1.f[0]).toBeCloseTo(-Math.log(0.8), 12);
  });

  it('cosineSimilarity: −cos of [p, 1 − p] and [1, 0]', async () => {
    const s = await sampleOp('cosineSimilarity', {}, { domain: [-1, 2], points: 4 });
    for (let i = 0; i < 4; i++) {
      const p = s.x[i]!;
      expect(s.f[i]).toBeCloseTo(-p / Math.hypot(p, 1 - p), 12);
    }
  });

  it('pointwise losses repeat the target', async () => {
    const s = await sampleOp('meanSquaredError', {}, { target: 1, domain: [-1, 3], points: 5 });
    expect([...s.f]).toEqual([4, 1, 0, 1, 4]);
    expect([...s.df]).toEqual([-4, -2, 0, 2, 4]);
    const h = await sampleOp('huber', { delta: 1 }, { domain: [-3, 3], points: 7 });
    expect([...h.df]).toEqual([-1, -1, -1, 0, 1, 1, 1]);
  });
});

describe('sampleOp: every op of the catalog', () => {
  it.each(opIds)('%s samples with finite values somewhere', async (op) => {
    const s = await sampleOp(op);
    expect(s.x.length).toBe(241);
    expect(s.f.length).toBe(241);
    expect(s.df.length).toBe(241);
    expect(s.f.some(Number.isFinite)).toBe(true);
    expect(s.df.some(Number.isFinite)).toBe(true);
  });
});

describe('sampleOp: validation and backends', () => {
  it('throws the typed errors of core before any work', async () => {
    await expect(sampleOp('relux')).rejects.toMatchObject({ name: 'UnknownOpError' });
    await expect(sampleOp('leakyRelu', { alpha: Number.NaN })).rejects.toMatchObject({
      name: 'InvalidParamError',
    });
    await expect(sampleOp('leakyRelu', { slope: 1 })).rejects.toMatchObject({ name: 'InvalidParamError' });
    await expect(sampleOp('prelu', { alpha: 'x' })).rejects.toMatchObject({ name: 'InvalidParamError' });
    await expect(sampleOp('hardTanh', { min: 2, max: 1 })).rejects.toMatchObject({
      name: 'InvalidParamError',
    });
    await expect(sampleOp('softmax', { axis: 0 })).rejects.toMatchObject({ name: 'InvalidParamError' });
    await expect(sampleOp('relu', {}, { domain: [1, -1] })).rejects.toMatchObject({
      name: 'InvalidParamError',
    });
    await expect(sampleOp('relu', {}, { points: 1 })).rejects.toMatchObject({ name: 'InvalidParamError' });
    await expect(sampleOp('sparseCategoricalCrossentropy', {}, { target: 3 })).rejects.toMatchObject({
      name: 'InvalidParamError',
    });
    await expect(sampleOp('meanSquaredError', {}, { target: Number.NaN })).rejects.toMatchObject({
      name: 'InvalidParamError',
    });
  });

  it('sync and async agree on the cpu backend, in both dtypes', async () => {
    const cpu = createCpuBackend();
    for (const op of ['gelu', 'prelu', 'softmax', 'binaryCrossentropy', 'categoricalCrossentropy']) {
      for (const dtype of ['float32', 'float64'] as const) {
        const a = await sampleOp(op, {}, { backend: cpu, dtype });
        const b = sampleOpSync(op, {}, { backend: cpu, dtype });
        expect(b).toEqual(a);
      }
    }
  });

  it('samples in float32 on a backend without float64', async () => {
    const f32: Backend = { ...referenceBackend, name: 'f32-only', dtypes: ['float32'] };
    const s = await sampleOp('tanh', {}, { backend: f32, points: 5 });
    expect(s.f[1]).toBe(Math.fround(Math.tanh(-2)));
  });

  it('sampleOpSync needs a backend with a synchronous path', () => {
    const asyncOnly: Backend = {
      name: 'async-only',
      dtypes: ['float32'],
      forward: referenceBackend.forward,
      backward: referenceBackend.backward,
    };
    expect(() => sampleOpSync('relu', {}, { backend: asyncOnly })).toThrow(
      expect.objectContaining({ name: 'UnsupportedError' }),
    );
  });
});

describe('curveParams', () => {
  it('lists the numeric params as sliders, prelu alpha included', () => {
    expect(curveParams('leakyRelu')).toEqual([
      expect.objectContaining({ name: 'alpha', default: 0.01, min: 0, max: 1, step: 0.01 }),
    ]);
    expect(curveParams('prelu')).toEqual([
      expect.objectContaining({ name: 'alpha', default: 0.25, min: 0, max: 1 }),
    ]);
    expect(curveParams('relu')).toEqual([]);
    expect(curveParams('softmax')).toEqual([]); // axis is not a slider
    expect(curveParams('rrelu').map((p) => p.name)).toEqual(['lower', 'upper']);
    expect(curveParams('binaryCrossentropy').map((p) => p.name)).toEqual(['labelSmoothing']);
  });

  it('gives finite bounds around the default and a positive step for every op', () => {
    for (const op of opIds) {
      for (const p of curveParams(op)) {
        expect(Number.isFinite(p.min) && Number.isFinite(p.max), `${op}.${p.name}`).toBe(true);
        expect(p.min <= p.default && p.default <= p.max, `${op}.${p.name}`).toBe(true);
        expect(p.step > 0 && p.step <= p.max - p.min, `${op}.${p.name}`).toBe(true);
      }
    }
  });

  it('slider ends are accepted by the op (with the other params at their defaults)', async () => {
    const refused: string[] = [];
    for (const op of opIds) {
      for (const p of curveParams(op)) {
        for (const v of [p.min, p.max]) {
          try {
            await sampleOp(op, { [p.name]: v }, { points: 3 });
          } catch {
            refused.push(`${op}.${p.name}=${v}`);
          }
        }
      }
    }
    // only a rule across params can refuse: rrelu needs lower ≤ upper (defaults 1/8 and 1/3)
    expect(refused).toEqual(['rrelu.lower=0.5', 'rrelu.upper=0']);
  });
});
