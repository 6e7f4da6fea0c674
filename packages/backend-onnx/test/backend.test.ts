import { Rng } from '@rectify/conformance';
import {
  type Backend,
  forward,
  gradient,
  hardTanh,
  leakyRelu,
  opIds,
  referenceBackend,
  relu,
  type Tensor,
  tensor,
} from '@rectify/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it, vi } from 'vitest';
import { createOnnxBackend, type OnnxRuntime, onnxKernels } from '../src/index.js';

/** onnxruntime-node with a count of the sessions it created and released. */
function countingRuntime() {
  const counts = { created: 0, released: 0 };
  const runtime: OnnxRuntime = {
    Tensor: ort.Tensor,
    InferenceSession: {
      async create(bytes, options) {
        const session = await ort.InferenceSession.create(bytes, options);
        counts.created++;
        const release = session.release.bind(session);
        session.release = async () => {
          counts.released++;
          await release();
        };
        return session;
      },
    },
  };
  return { runtime, counts };
}

const x = tensor([-3, -0.5, 0, 0.5, 3]);

/** Within the float32 tolerance policy of the conformance suite (rtol 1e-5, atol 1e-6). */
function expectNear(actual: Tensor, expected: Tensor) {
  expect(actual.shape).toEqual(expected.shape);
  expected.data.forEach((e, i) => {
    expect(Math.abs(actual.data[i]! - e)).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(e));
  });
}

describe('onnx backend', () => {
  it('has a kernel for every catalog op', () => {
    expect(Object.keys(onnxKernels).sort()).toEqual([...opIds].sort());
  });

  it('builds one graph per (op, params, dtype, ranks, pass) and reuses its session', async () => {
    const backend = createOnnxBackend({ ort });
    await relu(x, {}, { backend });
    await relu(tensor([1, 2, 3, 4, 5, 6, 7]), {}, { backend }); // same rank: same graph
    expect(backend.cachedGraphs()).toBe(1);
    await relu(tensor([[1, -1]]), {}, { backend });
    await relu(tensor([1], undefined, 'float64'), {}, { backend });
    await gradient('relu', { x }, {}, { backend });
    await leakyRelu(x, { alpha: 0.1 }, { backend });
    await leakyRelu(x, { alpha: 0.2 }, { backend });
    expect(backend.cachedGraphs()).toBe(6);
    await backend.dispose();
  });

  it('tells infinite, NaN and −0 params apart in its graph cache', async () => {
    const backend = createOnnxBackend({ ort });
    const y = tensor([-2, 0, 2]);
    expect((await hardTanh(y, { min: -Infinity, max: Infinity }, { backend })).toArray()).toEqual([-2, 0, 2]);
    // JSON would have keyed both calls the same ({min: null, max: null}) and reused the first graph
    expect((await hardTanh(y, { min: Infinity, max: Infinity }, { backend })).toArray()).toEqual([
      Infinity,
      Infinity,
      Infinity,
    ]);
    expect(backend.cachedGraphs()).toBe(2);
    await backend.dispose();
  });

  it('keeps at most maxCachedGraphs sessions, releasing the least recently used', async () => {
    const { runtime, counts } = countingRuntime();
    const backend = createOnnxBackend({ ort: runtime, maxCachedGraphs: 2 });
    for (const alpha of [0.1, 0.2, 0.3, 0.1]) {
      const y = await leakyRelu(x, { alpha }, { backend });
      expectNear(y, await leakyRelu(x, { alpha }));
    }
    expect(backend.cachedGraphs()).toBe(2);
    expect(counts.created).toBe(4); // 0.1 was evicted by 0.3 and built again
    await vi.waitFor(() => expect(counts.released).toBe(2));
    await backend.dispose();
    expect(counts.released).toBe(4);
    expect(() => createOnnxBackend({ ort, maxCachedGraphs: 0 })).toThrow(/maxCachedGraphs/);
  });

  it('answers many concurrent calls on shared sessions correctly', async () => {
    const backend = createOnnxBackend({ ort });
    const calls = Array.from({ length: 200 }, (_, i) => {
      const input = tensor(Array.from({ length: 1 + (i % 7) }, (_, j) => (j - 3) * (i + 1) * 0.01));
      const alpha = [0.01, 0.2][i % 2]!;
      return { input, alpha };
    });
    const call = async (i: number, on: Backend) => {
      const { input, alpha } = calls[i]!;
      return i % 3 === 0
        ? (await gradient('leakyRelu', { x: input }, { alpha }, { backend: on })).x
        : await forward('leakyRelu', { x: input }, { alpha }, { backend: on });
    };
    const results = await Promise.all(calls.map((_, i) => call(i, backend)));
    for (const [i, result] of results.entries()) expectNear(result, await call(i, referenceBackend));
    expect(backend.cachedGraphs()).toBe(4);
    await backend.dispose();
  });

  it('refuses bad input with the catalog error before building a graph, leaving the input as it was', async () => {
    const { runtime, counts } = countingRuntime();
    const backend = createOnnxBackend({ ort: runtime });
    const data = Float32Array.from(x.data);
    await expect(leakyRelu(x, { alpha: Number.NaN }, { backend })).rejects.toThrow(
      expect.objectContaining({ name: 'InvalidParamError' }),
    );
    await expect(
      forward('binaryCrossentropy', { yTrue: tensor([1, 0]), yPred: tensor([0.5]) }, {}, { backend }),
    ).rejects.toThrow(expect.objectContaining({ name: 'ShapeError' }));
    await expect(forward('nope', { x }, {}, { backend })).rejects.toThrow(
      expect.objectContaining({ name: 'UnknownOpError' }),
    );
    expect(counts.created).toBe(0);
    expect(x.data).toEqual(data);
    await backend.dispose();
  });

  it('sums in double for float32: the mean of 10⁶ losses keeps the float32 tolerance', async () => {
    const backend = createOnnxBackend({ ort });
    const rng = new Rng(1);
    const random = () => rng.next();
    const n = 1_000_000;
    const inputs = {
      yTrue: tensor(Float32Array.from({ length: n }, random)),
      yPred: tensor(Float32Array.from({ length: n }, random)),
    };
    for (const op of ['meanSquaredError', 'logCosh'] as const) {
      const y = await forward(op, inputs, {}, { backend });
      const r = await forward(op, inputs, {}, { backend: referenceBackend });
      // float32 ReduceSum was 2.6e-5 off here; one rounding of a double sum is within 1 ULP (6e-8)
      expect(Math.abs(y.data[0]! - r.data[0]!) / r.data[0]!).toBeLessThan(1.2e-7);
    }
    await backend.dispose();
  });

  it('releases every session on dispose and refuses calls afterwards', async () => {
    const { runtime, counts } = countingRuntime();
    const backend = createOnnxBackend({ ort: runtime });
    await Promise.all([relu(x, {}, { backend }), gradient('sigmoid', { x }, {}, { backend })]);
    expect(counts.created).toBe(2);
    await backend.dispose();
    expect(counts.released).toBe(2);
    expect(backend.cachedGraphs()).toBe(0);
    await expect(relu(x, {}, { backend })).rejects.toThrow(/disposed/);
  });
});
