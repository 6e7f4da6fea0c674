import { describe, expect, it } from 'vitest';
import {
  type Backend,
  BackendRegistry,
  binaryCrossentropy,
  errorNames,
  forward,
  gradient,
  hardTanh,
  isRectifyError,
  leakyRelu,
  leakyReluGrad,
  prelu,
  RectifyError,
  referenceBackend,
  reshape,
  softmax,
  sparseCategoricalCrossentropy,
  Tensor,
  tensor,
} from '../src/index.js';

const named = (name: string) => expect.objectContaining({ name });

describe('tensors', () => {
  it('infers shapes from nested arrays and defaults to float32', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.dtype).toBe('float32');
    expect(t.shape).toEqual([2, 3]);
    expect(t.get(1, 2)).toBe(6);
    expect(tensor(3).shape).toEqual([]);
    expect(tensor([]).shape).toEqual([0]);
  });

  it('refuses ragged arrays, bad shapes and non-integer int32 values with named errors', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(named('ShapeError'));
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(named('ShapeError'));
    expect(() => tensor([1, 2], [-2])).toThrow(named('ShapeError'));
    expect(() => tensor([1.5], [1], 'int32')).toThrow(named('InvalidInputError'));
    expect(() => tensor([1], [1], 'float16' as 'float32')).toThrow(named('DTypeError'));
    expect(() => reshape(tensor([1, 2, 3]), [2, 2])).toThrow(named('ShapeError'));
  });

  it('shares a typed array of the same dtype and copies on cast', () => {
    const data = new Float64Array([1, 2]);
    const t = tensor(data);
    expect(t.data).toBe(data);
    expect(t.cast('float32').data).toBeInstanceOf(Float32Array);
  });
});

describe('public op functions', () => {
  it('leakyRelu([-2,-1,0,1,2]) with alpha 0.01, forward and gradient', async () => {
    const x = tensor([-2, -1, 0, 1, 2], [5], 'float64');
    expect((await leakyRelu(x, { alpha: 0.01 })).toArray()).toEqual([-0.02, -0.01, 0, 1, 2]);
    expect((await leakyReluGrad(x, { alpha: 0.01 })).toArray()).toEqual([0.01, 0.01, 0.01, 1, 1]);
    expect((await leakyReluGrad(x, {}, { upstream: [1, 2, 3, 4, 5] })).toArray()).toEqual([
      0.01, 0.02, 0.03, 4, 5,
    ]);
  });

  it('keeps the dtype: float32 in, float32 out', async () => {
    const y = await leakyRelu(new Float32Array([-1, 1]));
    expect(y.dtype).toBe('float32');
    expect(y.data[0]).toBe(Math.fround(-0.01));
  });

  it('runs by id through forward() and gradient()', async () => {
    expect((await forward('hardTanh', { x: [-3, 0.5, 3] }, { min: -2, max: 2 })).toArray()).toEqual([
      -2, 0.5, 2,
    ]);
    const { x } = await gradient('relu', { x: [-1, 0, 1] });
    expect(x.toArray()).toEqual([0, 0, 1]);
  });
});

describe('bad input: a named error before any work, caller arrays unchanged', () => {
  /** A backend that records whether it was ever asked to compute. */
  function spyBackend(): Backend & { calls: number } {
    const b = {
      name: 'spy',
      dtypes: ['float32', 'float64'] as const,
      calls: 0,
      async forward(call: Parameters<Backend['forward']>[0]) {
        b.calls++;
        return referenceBackend.forward(call);
      },
      async backward(call: Parameters<Backend['backward']>[0]) {
        b.calls++;
        return referenceBackend.backward(call);
      },
    };
    return b;
  }

  const cases: [string, string, () => Promise<unknown>, Float32Array][] = (() => {
    const x = new Float32Array([-1, 0, 2, Number.NaN]);
    const yPred = new Float32Array([0.2, 0.7, 0.1, 0.5]);
    const backend = spyBackend();
    return [
      ['unknown op', 'UnknownOpError', () => forward('nope', { x }, {}, { backend }), x],
      ['NaN param', 'InvalidParamError', () => leakyRelu(x, { alpha: Number.NaN }, { backend }), x],
      ['unknown param', 'InvalidParamError', () => leakyRelu(x, { beta: 1 } as never, { backend }), x],
      ['min > max', 'InvalidParamError', () => hardTanh(x, { min: 1, max: -1 }, { backend }), x],
      [
        'axis out of range',
        'InvalidParamError',
        () => softmax(tensor(x, [2, 2]), { axis: 2 }, { backend }),
        x,
      ],
      ['string param', 'InvalidParamError', () => leakyRelu(x, { alpha: '0.1' } as never, { backend }), x],
      [
        'shape mismatch',
        'ShapeError',
        () => binaryCrossentropy(x, tensor(yPred, [2, 2]), {}, { backend }),
        yPred,
      ],
      ['softmax of a scalar', 'ShapeError', () => softmax(tensor(1), {}, { backend }), x],
      ['alpha does not broadcast', 'ShapeError', () => prelu(tensor(x, [2, 2]), [1, 2, 3], { backend }), x],
      [
        'int32 activation input',
        'DTypeError',
        () => leakyRelu(tensor([1, 2], [2], 'int32'), {}, { backend }),
        x,
      ],
      [
        'mixed float dtypes',
        'DTypeError',
        () => binaryCrossentropy(tensor([1], [1], 'float64'), tensor([0.5], [1], 'float32'), {}, { backend }),
        x,
      ],
      [
        'label out of range',
        'InvalidInputError',
        () =>
          sparseCategoricalCrossentropy(tensor([0, 2], [2], 'int32'), tensor(yPred, [2, 2]), {}, { backend }),
        yPred,
      ],
      [
        'non-integer label',
        'InvalidInputError',
        () => sparseCategoricalCrossentropy(tensor([0, 0.5], [2]), tensor(yPred, [2, 2]), {}, { backend }),
        yPred,
      ],
      [
        'missing input',
        'InvalidInputError',
        () => forward('meanSquaredError', { yPred }, {}, { backend }),
        yPred,
      ],
      [
        'upstream of the wrong shape',
        'ShapeError',
        () => leakyReluGrad(x, {}, { backend, upstream: [1, 2] }),
        x,
      ],
      [
        'float64 on a float32-only backend',
        'UnsupportedError',
        () =>
          leakyRelu(
            tensor([1], [1], 'float64'),
            {},
            { backend: { ...backend, name: 'f32', dtypes: ['float32'] } },
          ),
        x,
      ],
    ].map(([what, name, run, arr]) => {
      const wrapped = async () => {
        const before = Array.from(arr as Float32Array);
        const calls = backend.calls;
        await expect((run as () => Promise<unknown>)()).rejects.toThrow(named(name as string));
        expect(backend.calls, 'the backend was not called').toBe(calls);
        expect(Array.from(arr as Float32Array)).toEqual(before);
      };
      return [what as string, name as string, wrapped, arr as Float32Array];
    });
  })();

  it.each(cases)('%s → %s', async (_what, _name, run) => {
    await run();
  });

  it('covers every error name of the catalog', () => {
    expect(new Set(cases.map((c) => c[1]))).toEqual(new Set(errorNames));
  });

  it('errors are RectifyErrors that say what and where', async () => {
    const err = await leakyRelu([1], { alpha: Number.NaN }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RectifyError);
    expect(isRectifyError(err)).toBe(true);
    expect((err as Error).message).toMatch(/leakyRelu: param "alpha" must not be NaN/);
  });
});

describe('out arrays', () => {
  const x = new Float32Array([-2, -1, 0, 1, 2]);

  it('writes the result into out and returns a tensor over it', async () => {
    const out = new Float32Array(5).fill(Number.NaN);
    const y = await leakyRelu(x, { alpha: 0.5 }, { out });
    expect(y.data).toBe(out);
    expect([...out]).toEqual([-1, -0.5, 0, 1, 2]);
    const g = await leakyReluGrad(x, { alpha: 0.5 }, { out });
    expect(g.data).toBe(out);
    expect([...out]).toEqual([0.5, 0.5, 0.5, 1, 1]);
  });

  it('fills only the first gradient: prelu alpha gets a fresh array', async () => {
    const out = new Float32Array(5);
    const grads = await gradient('prelu', { x, alpha: new Float32Array([0.25]) }, {}, { out });
    expect(grads.x!.data).toBe(out);
    expect(grads.alpha!.data).not.toBe(out);
    expect([...grads.alpha!.data]).toEqual([-3]);
  });

  it('computes in place when out is the input itself', async () => {
    const mine = new Float64Array([-4, 4, Number.NaN]);
    const y = await forward('relu', { x: mine }, {}, { out: mine });
    expect(y.data).toBe(mine);
    expect([...mine]).toEqual([0, 4, Number.NaN]);
  });

  it('refuses a wrong dtype, length or a partial overlap before any work, leaving out unchanged', async () => {
    const buffer = new Float32Array(8).fill(7);
    const input = buffer.subarray(0, 5);
    const before = [...buffer];
    await expect(leakyRelu(x, {}, { out: new Float64Array(5) })).rejects.toThrow(
      expect.objectContaining({
        name: 'DTypeError',
        message: expect.stringMatching(/out must be a Float32Array/),
      }),
    );
    await expect(leakyRelu(x, {}, { out: new Float32Array(4) })).rejects.toThrow(named('ShapeError'));
    await expect(leakyRelu(input, {}, { out: buffer.subarray(1, 6) })).rejects.toThrow(
      expect.objectContaining({
        name: 'InvalidInputError',
        message: expect.stringMatching(/overlaps input "x"/),
      }),
    );
    await expect(
      leakyReluGrad(x, {}, { upstream: buffer.subarray(3, 8), out: buffer.subarray(2, 7) }),
    ).rejects.toThrow(
      expect.objectContaining({ name: 'InvalidInputError', message: expect.stringMatching(/upstream/) }),
    );
    await expect(softmax([[1, 2]], {}, { out: [0, 0] as unknown as Float32Array })).rejects.toThrow(
      named('DTypeError'),
    );
    expect([...buffer]).toEqual(before);
  });
});

describe('BackendRegistry', () => {
  it('makes backends lazily, once, and resolves by priority, skipping failures', async () => {
    let made = 0;
    const registry = new BackendRegistry()
      .register(
        'broken',
        () => {
          throw new Error('no runtime');
        },
        { priority: 20 },
      )
      .register(
        'ref',
        () => {
          made++;
          return referenceBackend;
        },
        { priority: 10 },
      );
    expect(made).toBe(0);
    expect(registry.names()).toEqual(['broken', 'ref']);
    expect(await registry.resolve()).toBe(referenceBackend);
    await registry.get('ref');
    expect(made).toBe(1);
    await expect(registry.resolve(['broken'])).rejects.toThrow(/broken: no runtime/);
    await expect(registry.get('nope')).rejects.toThrow(named('InvalidParamError'));
  });

  it('keeps no global state: two registries are independent', async () => {
    const a = new BackendRegistry().register('ref', () => referenceBackend);
    const b = new BackendRegistry();
    expect(a.has('ref')).toBe(true);
    expect(b.has('ref')).toBe(false);
  });
});

describe('Tensor class', () => {
  it('validates its parts', () => {
    expect(() => new Tensor('float32', [2], new Float32Array(3))).toThrow(named('ShapeError'));
    expect(() => new Tensor('float32', [1], new Float64Array(1) as unknown as Float32Array)).toThrow(
      named('DTypeError'),
    );
  });
});

describe('extreme magnitudes (found by the independent audit)', () => {
  it('gelu gradient stays finite for huge |x| (normal density underflows to 0, not NaN)', async () => {
    const { geluGrad, normalPdf } = await import('../src/index.js');
    const x = tensor([23604.78233179463, 2955209235202.6826, 1e308, -23604.78233179463], [4], 'float64');
    expect((await geluGrad(x)).toArray()).toEqual([1, 1, 1, 0]);
    expect(normalPdf(23604.78233179463)).toBe(0);
  });

  it('MSE and squared hinge gradients do not overflow where the scaled value is finite', async () => {
    const { meanSquaredErrorGrad, squaredHingeGrad } = await import('../src/index.js');
    const f64 = (v: number[]) => tensor(v, [v.length], 'float64');
    expect((await meanSquaredErrorGrad(f64([0, 0]), f64([1e308, 0]))).toArray()).toEqual([1e308, 0]);
    expect((await squaredHingeGrad(f64([-1, 1]), f64([1e308, 0]))).toArray()).toEqual([1e308, -1]);
  });
});

describe('float32 threshold placement', () => {
  it('finds the first float32 where a float64 test holds', async () => {
    const { firstFloat32, float32Before } = await import('../src/index.js');
    expect(firstFloat32((v) => v > 0.4)).toBe(Math.fround(0.4)); // fround(0.4) is just above 0.4
    expect(firstFloat32((v) => v >= 1)).toBe(1);
    expect(firstFloat32(() => false)).toBeNaN();
    expect(float32Before(1)).toBe(1 - 2 ** -24);
  });
});
