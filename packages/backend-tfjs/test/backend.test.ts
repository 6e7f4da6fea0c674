import { smallInputs } from '@rectify/conformance';
import {
  type AnyOpSpec,
  catalog,
  forward,
  forwardSync,
  gradient,
  gradientSync,
  opIds,
  tensor,
} from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend, type TfjsBackendName, tfjsKernels } from '../src/index.js';

describe('tfjs backend', () => {
  it('has a kernel for every catalog op', () => {
    expect(Object.keys(tfjsKernels).sort()).toEqual([...opIds].sort());
  });

  describe.each(['cpu', 'wasm'] as TfjsBackendName[])('on tfjs %s', (which) => {
    it('is named after the tfjs backend and refuses float64 as unsupported', async () => {
      const backend = await createTfjsBackend({ backend: which });
      expect(backend.name).toBe(`tfjs-${which}`);
      expect(backend.dtypes).toEqual(['float32']);
      await expect(forward('relu', { x: tensor([1], [1], 'float64') }, {}, { backend })).rejects.toThrow(
        expect.objectContaining({ name: 'UnsupportedError' }),
      );
    });

    it('leaves tf.memory().numTensors where it was after many calls of every op, throwing ones included', async () => {
      const backend = await createTfjsBackend({ backend: which });
      const { tf } = backend;
      const before = tf.memory().numTensors;
      for (let round = 0; round < 3; round++) {
        for (const op of opIds) {
          const _spec = catalog[op] as AnyOpSpec;
          const inputs = smallInputs(op);
          await forward(op, inputs, {}, { backend });
          await gradient(op, inputs, {}, { backend });
          forwardSync(op, inputs, {}, { backend });
          gradientSync(op, inputs, {}, { backend });
          await expect(forward(op, inputs, { notAParam: 1 }, { backend })).rejects.toThrow();
        }
      }
      expect(tf.memory().numTensors).toBe(before);
    });

    it('releases the tensors of a kernel that throws midway', async () => {
      const backend = await createTfjsBackend({
        backend: which,
        kernels: {
          relu: {
            forward(tf, { x }) {
              tf.mul(x, 2);
              throw new Error('kernel failure');
            },
            backward(tf, { x }) {
              return { x: tf.onesLike(x) };
            },
          },
        },
      });
      const before = backend.tf.memory().numTensors;
      await expect(forward('relu', { x: [1, 2, 3] }, {}, { backend })).rejects.toThrow('kernel failure');
      expect(backend.tf.memory().numTensors).toBe(before);
    });

    it('keeps NaN of either sign through relu, relu6 and hardTanh (min = max too)', async () => {
      const backend = await createTfjsBackend({ backend: which });
      // 0·∞ in JavaScript makes a NaN with its sign bit set
      const negNaN = new Float32Array(new Uint32Array([0xffc00000]).buffer)[0]!;
      const x = new Float32Array([negNaN, Number.NaN, -1, 2]);
      const cases = [
        ['relu', {}],
        ['relu6', {}],
        ['hardTanh', {}],
        ['hardTanh', { min: 0.5, max: 0.5 }],
      ] as const;
      for (const [op, params] of cases) {
        const y = (await forward(op, { x }, params, { backend })).data;
        expect([Number.isNaN(y[0]), Number.isNaN(y[1])], `${op} ${JSON.stringify(params)}`).toEqual([
          true,
          true,
        ]);
      }
    });

    it('gives 0 where the derivative is 0 even for an infinite or NaN upstream, as the reference', async () => {
      const backend = await createTfjsBackend({ backend: which });
      const x = new Float32Array([-3, -0.5, 0.5, 3, 7]);
      const upstream = new Float32Array([Infinity, -Infinity, Number.NaN, Infinity, 1]);
      for (const op of [
        'relu',
        'relu6',
        'hardTanh',
        'leakyRelu',
        'thresholdedRelu',
        'hardSigmoid',
        'elu',
        'sigmoid',
      ]) {
        const got = (await gradient(op as 'relu', { x }, {}, { backend, upstream })).x!.data;
        const want = (await gradient(op as 'relu', { x }, {}, { upstream })).x!.data;
        for (let i = 0; i < x.length; i++) {
          const w = want[i]!;
          if (Number.isFinite(w) && w !== 0) expect(got[i], `${op}[${i}]`).toBeCloseTo(w, 5);
          else expect(got[i], `${op}[${i}]`).toBe(w);
        }
      }
    });

    it('never writes into its inputs', async () => {
      const backend = await createTfjsBackend({ backend: which });
      for (const op of opIds) {
        const inputs = smallInputs(op);
        const copies = Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, t.toArray()]));
        await gradient(op, inputs, {}, { backend });
        for (const [k, t] of Object.entries(inputs)) expect(t.toArray(), `${op}.${k}`).toEqual(copies[k]);
      }
    });
  });

  it('two tfjs backends can be used side by side', async () => {
    const cpu = await createTfjsBackend({ backend: 'cpu' });
    const wasm = await createTfjsBackend({ backend: 'wasm' });
    const x = tensor([-1, 0.5, 2]);
    const [a, b] = await Promise.all([
      forward('sigmoid', { x }, {}, { backend: cpu }),
      forward('sigmoid', { x }, {}, { backend: wasm }),
    ]);
    expect(a.toArray()).toEqual(b.toArray().map((v) => expect.closeTo(v, 6)));
    expect(cpu.tf.getBackend()).toMatch(/cpu|wasm/);
  });
});

describe('tfjs backends made concurrently', () => {
  it('both work, whichever finished initializing last', async () => {
    const [cpu, wasm] = await Promise.all([
      createTfjsBackend({ backend: 'cpu' }),
      createTfjsBackend({ backend: 'wasm' }),
    ]);
    for (const backend of [cpu, wasm, cpu, wasm]) {
      const y = await forward('leakyRelu', { x: [-1, 2] }, { alpha: 0.5 }, { backend });
      expect(y.toArray()).toEqual([-0.5, 2]);
      expect(backend.tf.getBackend()).toBe(backend.tfjsBackend);
    }
  });
});
