import { smallInputs } from '@rectify/conformance';
import {
  type AnyOpSpec,
  catalog,
  forwardSync,
  gradientSync,
  opIds,
  referenceBackend,
  type Tensor,
  tensor,
} from '@rectify/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createOnnxBackend, exportOnnx } from '../src/index.js';

const feedsOf = (inputs: Record<string, Tensor>) =>
  Object.fromEntries(
    Object.entries(inputs).map(([k, t]) => [k, new ort.Tensor(t.dtype, t.data, [...t.shape])]),
  );

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string) {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i]! - want[i]!), `${what}[${i}]: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(
      1e-6 + 1e-5 * Math.abs(want[i]!),
    );
  }
}

describe('exportOnnx', () => {
  it.each(opIds.map((op) => [op]))(
    '%s: the exported model and its gradient run in ONNX Runtime and match the reference',
    async (op) => {
      const spec = catalog[op] as AnyOpSpec;
      const inputs = smallInputs(op);
      const ranks = Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, t.rank]));
      const params = spec.params.reduction ? { reduction: 'none' } : {};

      const model = await ort.InferenceSession.create(exportOnnx(op, params, { ranks }));
      expect([...model.inputNames].sort()).toEqual(spec.inputs.map((d) => d.name).sort());
      expect(model.outputNames).toEqual(['y']);
      const y = (await model.run(feedsOf(inputs))).y!;
      expectClose(
        y.data as Float32Array,
        forwardSync(op, inputs, params, { backend: referenceBackend }).data,
        `${op} y`,
      );
      await model.release();

      const upstream = forwardSync(op, inputs, params, { backend: referenceBackend });
      const g = tensor(
        Array.from({ length: upstream.size }, (_, i) => 1 - i / 10),
        upstream.shape,
      );
      const grad = await ort.InferenceSession.create(exportOnnx(op, params, { ranks, gradient: true }));
      expect([...grad.outputNames].sort()).toEqual(spec.gradWrt.map((n) => `grad_${n}`).sort());
      const out = await grad.run({
        ...feedsOf(inputs),
        upstream: new ort.Tensor('float32', g.data, [...g.shape]),
      });
      const want = gradientSync(op, inputs, params, { backend: referenceBackend, upstream: g });
      for (const name of spec.gradWrt)
        expectClose(out[`grad_${name}`]!.data as Float32Array, want[name]!.data, `${op} grad ${name}`);
      await grad.release();
    },
  );

  it('exports graphs that take any shape when no ranks are given', async () => {
    const session = await ort.InferenceSession.create(exportOnnx('gelu', { approximate: 'tanh' }));
    for (const dims of [[], [3], [2, 2, 2]]) {
      const n = dims.reduce((a, b) => a * b, 1);
      const x = new Float32Array(n).fill(1);
      const { y } = await session.run({ x: new ort.Tensor('float32', x, dims) });
      expect(y!.dims).toEqual(dims);
    }
    await session.release();
  });

  it('refuses unknown ops and bad params with the catalog error names', () => {
    expect(() => exportOnnx('nope')).toThrow(expect.objectContaining({ name: 'UnknownOpError' }));
    expect(() => exportOnnx('leakyRelu', { alpha: Number.NaN })).toThrow(
      expect.objectContaining({ name: 'InvalidParamError' }),
    );
    expect(() => exportOnnx('hardTanh', { min: 2, max: 1 })).toThrow(
      expect.objectContaining({ name: 'InvalidParamError' }),
    );
  });
});

describe('onnx backend', () => {
  it('caches one session per (op, params, dtype, ranks) and releases them on dispose', async () => {
    const backend = createOnnxBackend({ ort });
    const { forward } = await import('@rectify/core');
    await forward('leakyRelu', { x: [1, -1] }, { alpha: 0.1 }, { backend });
    await forward('leakyRelu', { x: [3, -3, 4] }, { alpha: 0.1 }, { backend });
    expect(backend.cachedGraphs()).toBe(1);
    await forward('leakyRelu', { x: [1, -1] }, { alpha: 0.2 }, { backend });
    await forward('leakyRelu', { x: [[1, -1]] }, { alpha: 0.2 }, { backend });
    expect(backend.cachedGraphs()).toBe(3);
    await backend.dispose();
    expect(backend.cachedGraphs()).toBe(0);
  });

  it('runs many concurrent calls correctly', async () => {
    const backend = createOnnxBackend({ ort });
    const { sigmoid } = await import('@rectify/core');
    const xs = Array.from({ length: 40 }, (_, i) => [i / 10 - 2, -i / 10]);
    const ys = await Promise.all(xs.map((x) => sigmoid(x, {}, { backend })));
    for (const [i, y] of ys.entries()) expect(y.data[0]).toBeCloseTo(1 / (1 + Math.exp(-xs[i]![0]!)), 6);
    await backend.dispose();
  });
});
