import { firstBitDifference, smallInputs } from '@rectify/conformance';
import { type AnyOpSpec, catalog, forward, gradient, opIds, type Tensor, tensor } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { cpuKernels, createCpuBackend } from '../src/index.js';

const backend = createCpuBackend();

describe('cpu backend', () => {
  it('has a kernel for every catalog op', () => {
    expect(Object.keys(cpuKernels).sort()).toEqual([...opIds].sort());
    for (const op of opIds) expect(backend.supports?.(op, 'float32')).toBe(true);
  });

  it.each(opIds.map((op) => [op]))('%s never writes into its inputs or the upstream gradient', async (op) => {
    const spec = catalog[op] as AnyOpSpec;
    const inputs = smallInputs(op);
    const before = Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, Array.from(t.data)]));
    const y = await forward(op, inputs, {}, { backend });
    const upstream = tensor(
      Array.from({ length: y.size }, (_, i) => i + 1),
      y.shape,
      'float32',
    );
    const upstreamBefore = upstream.toArray();
    const grads: Readonly<Record<string, Tensor>> = await gradient(
      op as string,
      inputs,
      {},
      { backend, upstream },
    );
    for (const [k, t] of Object.entries(inputs)) expect(Array.from(t.data), k).toEqual(before[k]);
    expect(upstream.toArray()).toEqual(upstreamBefore);
    for (const name of spec.gradWrt) expect(grads[name]!.data).not.toBe(inputs[name]!.data);
  });

  it('offers a synchronous path with the same results', async () => {
    const x = tensor([-1, 0.5, 3], [3], 'float64');
    const call = { x };
    const { forwardSync } = await import('@rectify/core');
    expect(forwardSync('selu', call, {}, { backend }).toArray()).toEqual(
      (await forward('selu', call, {}, { backend })).toArray(),
    );
  });

  it('lets a kernel be replaced by op id without touching the others', async () => {
    const custom = createCpuBackend({
      kernels: {
        relu: {
          forward: (_call, out) => out.fill(42),
          backward: (_call, out) => out.x.fill(0),
        },
      },
    });
    expect((await forward('relu', { x: [1, 2] }, {}, { backend: custom })).toArray()).toEqual([42, 42]);
    expect((await forward('relu6', { x: [7] }, {}, { backend: custom })).toArray()).toEqual([6]);
  });

  it('returns fresh outputs of their own, computed whole in memory it reuses and copied out', async () => {
    const one = createCpuBackend({ simd: true, threads: 1 });
    const two = createCpuBackend({ simd: true, threads: 2, threadMinElements: 0 });
    await two.whenThreadsReady();
    // in the fresh-output area, in the staging arena (threads), and above both: the zeroed-output path
    for (const n of [1000, 2 ** 20 - 3, 2 ** 20 + 5]) {
      const a = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 4);
      const b = a.map((v) => -v);
      for (const [backend, op] of [
        [one, 'relu'],
        [one, 'sigmoid'],
        [two, 'sigmoid'],
      ] as const) {
        const ya = (await forward(op, { x: tensor(a, [n]) }, {}, { backend })).data as Float32Array;
        const yb = (await forward(op, { x: tensor(b, [n]) }, {}, { backend })).data as Float32Array;
        // the same kernel writing into a caller's `out` (blocks through the slots)
        const want = async (x: Float32Array) => {
          const out = new Float32Array(n);
          await forward(op, { x: tensor(x, [n]) }, {}, { backend, out });
          return out;
        };
        const where = `${op} on ${backend.threads} thread(s), n=${n}`;
        // the second call did not overwrite the first one's output
        expect(firstBitDifference(ya, await want(a)), where).toBe(-1);
        expect(firstBitDifference(yb, await want(b)), where).toBe(-1);
        expect(ya.buffer).toBeInstanceOf(ArrayBuffer);
        expect([ya.byteOffset, ya.buffer.byteLength], where).toEqual([0, 4 * n]);
      }
    }
    two.dispose();
  });

  it.each(opIds.filter((op) => (catalog[op] as AnyOpSpec).kind === 'activation').map((op) => [op]))(
    '%s makes a fresh float32 output in its own memory, as it computes into a given one',
    async (op) => {
      // a kernel whose zeroed-output path throws: the call succeeds only through forwardFresh
      const kernel = cpuKernels[op as 'relu'];
      const freshOnly = createCpuBackend({
        simd: true,
        kernels: {
          [op]: {
            ...kernel,
            forward: () => {
              throw new Error(`${op} took the zeroed-output path`);
            },
          },
        },
      });
      const axis = (catalog[op] as AnyOpSpec).params.axis !== undefined;
      const shape = axis ? [409, 10] : [4099];
      const n = shape.reduce((a, b) => a * b);
      const x = tensor(
        Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 6),
        shape,
      );
      const inputs = op === 'prelu' ? { x, alpha: tensor([0.2], [1], 'float32') } : { x };
      const made = await forward(op, inputs, {}, { backend: freshOnly });
      const out = new Float32Array(n);
      await forward(op, inputs, {}, { backend, out });
      expect(firstBitDifference(made.data, out)).toBe(-1);
    },
  );

  it('allocates resident arrays that kernels compute in, whole or as subarrays, call after call', async () => {
    const simd = createCpuBackend({ simd: true });
    const n = 100_003; // several blocks and a ragged last one
    const x = new Float32Array(n).map((_, i) => Math.sin(i) * 4);
    const out = simd.allocate('float32', n);
    expect(out).toBeInstanceOf(Float32Array);
    expect(out.length).toBe(n);
    expect(out.every((v) => v === 0)).toBe(true);
    for (const alpha of [0.1, 0.3]) {
      const fresh = await forward('leakyRelu', { x }, { alpha }, { backend: simd });
      const y = await forward('leakyRelu', { x }, { alpha }, { backend: simd, out });
      expect(y.data).toBe(out);
      expect(firstBitDifference(out, fresh.data)).toBe(-1);
      const g = await gradient('leakyRelu', { x }, { alpha }, { backend: simd, out, upstream: x });
      const want = await gradient('leakyRelu', { x }, { alpha }, { backend: simd, upstream: x });
      expect(firstBitDifference(out, want.x!.data)).toBe(-1);
      expect(g.x!.data).toBe(out);
    }
    // a subarray is computed through the slots, leaving its neighbours alone
    out.fill(9);
    const part = out.subarray(1, n - 1);
    await forward('relu', { x: x.subarray(1, n - 1) }, {}, { backend: simd, out: part });
    expect(out[0]).toBe(9);
    expect(out[n - 1]).toBe(9);
    const fresh = await forward('relu', { x: x.subarray(1, n - 1) }, {}, { backend: simd });
    expect(firstBitDifference(part, fresh.data)).toBe(-1);
    // float64, and plain arrays where SIMD is off
    expect(simd.allocate('float64', 3)).toBeInstanceOf(Float64Array);
    const plain = createCpuBackend({ simd: false }).allocate('float32', 4);
    expect(plain.buffer.byteLength).toBe(16);
  });

  it('computes a call whose resident arrays lie in two arenas, as on plain arrays', async () => {
    const backend = createCpuBackend({ simd: true, threads: 1 });
    const n = 300_001;
    // fill most of the first 64 MiB arena, so that x and g fit in it and the result does not
    backend.allocate('float32', 16 * 2 ** 20 - 2 * n - 1000);
    const x = backend.allocate('float32', n);
    const g = backend.allocate('float32', n);
    const out = backend.allocate('float32', n);
    expect(x.buffer).toBe(g.buffer);
    expect(out.buffer).not.toBe(x.buffer);
    x.set(Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 4));
    g.set(Float32Array.from({ length: n }, (_, i) => Math.cos(i)));
    const plainX = Float32Array.from(x);
    const plainG = Float32Array.from(g);
    for (const alpha of [0.01, 0.5]) {
      await gradient('leakyRelu', { x }, { alpha }, { backend, upstream: g, out });
      const want = await gradient('leakyRelu', { x: plainX }, { alpha }, { backend, upstream: plainG });
      expect(firstBitDifference(out, want.x!.data)).toBe(-1);
      await forward('elu', { x }, {}, { backend, out });
      expect(firstBitDifference(out, (await forward('elu', { x: plainX }, {}, { backend })).data)).toBe(-1);
    }
    expect(firstBitDifference(x, plainX)).toBe(-1);
    expect(firstBitDifference(g, plainG)).toBe(-1);
  });
});
