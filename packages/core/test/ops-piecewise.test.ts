import { describe, expect, it } from 'vitest';
import {
  celu,
  celuGrad,
  elu,
  eluGrad,
  hardSigmoid,
  hardSigmoidGrad,
  hardSwish,
  hardSwishGrad,
  hardTanh,
  hardTanhGrad,
  leakyRelu,
  leakyReluGrad,
  prelu,
  preluGrad,
  relu,
  relu6,
  relu6Grad,
  reluGrad,
  rrelu,
  rreluGrad,
  selu,
  seluGrad,
  type Tensor,
  tensor,
  thresholdedRelu,
  thresholdedReluGrad,
} from '../src/index.js';
import { expectValues as expectValuesWithin, f64, Inf, named, nan } from './helpers.js';

const expectValues = (actual: Tensor, expected: readonly number[], rtol = 1e-15) =>
  expectValuesWithin(actual, expected, rtol);

// not re-exported by the package barrel; backends import it from the op's module
import { rreluSlopes } from '../src/ops/rrelu.js';

// Expected values below are worked out by hand or with an arbitrary-precision calculator (mpmath),
// never taken from this code's output.

describe('relu', () => {
  it('passes positives and zeroes the rest', async () => {
    expectValues(await relu(f64([-2, -0.5, 0, 0.5, 3])), [0, 0, 0, 0.5, 3]);
  });

  it('has gradient 0 at the kink x = 0', async () => {
    expectValues(await reluGrad(f64([-2, 0, 0.5])), [0, 0, 1]);
  });

  it('keeps nan and takes the limits at ±∞', async () => {
    expectValues(await relu(f64([nan, Inf, -Inf])), [nan, Inf, 0]);
    expectValues(await reluGrad(f64([nan, Inf, -Inf])), [nan, 1, 0]);
  });

  it('masks an infinite upstream with its zero derivative', async () => {
    expectValues(await reluGrad(f64([-1, 2]), {}, { upstream: f64([Inf, Inf]) }), [0, Inf]);
  });

  it('keeps float32 for plain arrays, and handles scalars and empty tensors', async () => {
    const y = await relu([-1, 2]);
    expect(y.dtype).toBe('float32');
    expect(y.toArray()).toEqual([0, 2]);
    const s = await relu(-3);
    expect(s.shape).toEqual([]);
    expect(s.toArray()).toEqual([0]);
    expect((await relu(f64([], [2, 0]))).shape).toEqual([2, 0]);
  });
});

describe('relu6', () => {
  it('clips to [0, 6]', async () => {
    expectValues(await relu6(f64([-1, 0, 3, 6, 7.5])), [0, 0, 3, 6, 6]);
  });

  it('has gradient 1 only strictly inside (0, 6)', async () => {
    expectValues(await relu6Grad(f64([-1, 0, 1e-300, 3, 5.999999, 6, 7])), [0, 0, 1, 1, 1, 0, 0]);
  });

  it('keeps nan and takes the limits at ±∞', async () => {
    expectValues(await relu6(f64([nan, Inf, -Inf])), [nan, 6, 0]);
    expectValues(await relu6Grad(f64([nan, Inf, -Inf])), [nan, 0, 0]);
  });
});

describe('prelu', () => {
  // [N=2, C=3, H=2, W=2]; per (n, c) the four H×W entries
  const x = f64(
    [
      [-1, 2, -3, 0],
      [4, -5, 6, -7],
      [-8, -9, 10, 11],
      [1, -2, -4, 3],
      [-1, -1, 0, 5],
      [2, 3, -6, -10],
    ].flat(),
    [2, 3, 2, 2],
  );
  // per-channel slope of an NCHW input, as PyTorch's nn.PReLU(3)
  const alpha = f64([0.5, 0.25, 2], [3, 1, 1]);

  it('broadcasts a [C, 1, 1] slope over an [N, C, H, W] input', async () => {
    const y = await prelu(x, alpha);
    expect(y.shape).toEqual([2, 3, 2, 2]);
    expectValues(
      y,
      [
        [-0.5, 2, -1.5, 0],
        [4, -1.25, 6, -1.75],
        [-16, -18, 10, 11],
        [1, -1, -2, 3],
        [-0.25, -0.25, 0, 5],
        [2, 3, -12, -20],
      ].flat(),
    );
  });

  it('gives dx = g·(x > 0 ? 1 : alpha) and reduces dalpha to [C, 1, 1]', async () => {
    const grads = await preluGrad(x, alpha);
    expect(grads.x.shape).toEqual([2, 3, 2, 2]);
    expectValues(
      grads.x,
      [
        [0.5, 1, 0.5, 0.5],
        [1, 0.25, 1, 0.25],
        [2, 2, 1, 1],
        [1, 0.5, 0.5, 1],
        [0.25, 0.25, 0.25, 1],
        [1, 1, 2, 2],
      ].flat(),
    );
    expect(grads.alpha.shape).toEqual([3, 1, 1]);
    // channel sums of the entries x ≤ 0: c0 (−1 − 3 + 0) + (−2 − 4), c1 (−5 − 7) + (−1 − 1 + 0), c2 (−8 − 9) + (−6 − 10)
    expectValues(grads.alpha, [-10, -14, -33]);
  });

  it('weights dalpha by the upstream gradient and broadcasts along the last axis', async () => {
    const grads = await preluGrad(
      f64([
        [-1, 2],
        [-3, -4],
      ]),
      f64([0.1, 0.2]),
      {
        upstream: f64([
          [1, 2],
          [3, 4],
        ]),
      },
    );
    expectValues(grads.x, [0.1, 2, 0.30000000000000004, 0.8]);
    // dalpha[0] = 1·(−1) + 3·(−3); dalpha[1] = 4·(−4) (x = 2 > 0 adds nothing)
    expectValues(grads.alpha, [-10, -16]);
  });

  it('takes a scalar slope, with slope alpha at x = 0', async () => {
    expectValues(await prelu(f64([-2, 0, 3]), f64(0.25)), [-0.5, 0, 3]);
    const grads = await preluGrad(f64([-2, 0, 3]), f64(0.25));
    expectValues(grads.x, [0.25, 0.25, 1]);
    expect(grads.alpha.shape).toEqual([]);
    expectValues(grads.alpha, [-2]);
  });

  it('keeps nan and takes the limits at ±∞', async () => {
    expectValues(await prelu(f64([nan, Inf, -Inf]), f64(0.5)), [nan, Inf, -Inf]);
    expectValues(await prelu(f64([-Inf]), f64(0)), [0]);
    const grads = await preluGrad(f64([nan, 1]), f64([0.5, 0.5]));
    expectValues(grads.x, [nan, 1]);
    expectValues(grads.alpha, [nan, 0]);
  });

  it('refuses a slope that does not broadcast with a ShapeError', async () => {
    await expect(prelu(f64([1, 2, 3, 4, 5, 6], [2, 3]), f64([1, 2]))).rejects.toThrow(named('ShapeError'));
    await expect(prelu(f64([1, 2, 3]), f64([[1, 2, 3]]))).rejects.toThrow(named('ShapeError'));
    await expect(preluGrad(f64([1, 2, 3, 4], [2, 2]), f64([1, 2, 3]))).rejects.toThrow(named('ShapeError'));
  });
});

describe('rrelu', () => {
  const negatives = (n: number) => f64(new Array<number>(n).fill(-1));

  it('in evaluation is leakyRelu with alpha = (lower + upper)/2', async () => {
    const x = f64([-3, -1, 0, 1, 2.5]);
    expectValues(await rrelu(x), [-0.6875, -0.22916666666666666, 0, 1, 2.5]);
    expect((await rrelu(x)).toArray()).toEqual(
      (await leakyRelu(x, { alpha: (1 / 8 + 1 / 3) / 2 })).toArray(),
    );
    expect((await rrelu(x, { lower: 0.1, upper: 0.5 })).toArray()).toEqual(
      (await leakyRelu(x, { alpha: 0.3 })).toArray(),
    );
    expect((await rreluGrad(x, { lower: 0.1, upper: 0.5 })).toArray()).toEqual(
      (await leakyReluGrad(x, { alpha: 0.3 })).toArray(),
    );
  });

  it('draws the documented slopes (checked against an independent implementation of the hash)', () => {
    expectValues(
      tensor(rreluSlopes(3, 1 / 8, 1 / 3, 0)),
      [0.15565667260671034, 0.17799796267839457, 0.3164898887237844],
    );
    expectValues(tensor(rreluSlopes(6, 1 / 8, 1 / 3, 7).subarray(5)), [0.28418132892693393]);
    expectValues(tensor(rreluSlopes(4, 1 / 8, 1 / 3, 4294967295).subarray(3)), [0.32317938150178327]);
  });

  it('in training is deterministic per seed and differs between seeds', async () => {
    const x = negatives(64);
    const a = (await rrelu(x, { training: true, seed: 42 })).toArray();
    const b = (await rrelu(x, { training: true, seed: 42 })).toArray();
    const c = (await rrelu(x, { training: true, seed: 43 })).toArray();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a).size).toBeGreaterThan(60);
    // the forward pass uses rreluSlopes at the row-major index
    expectValues(
      await rrelu(negatives(3), { training: true }),
      [-0.15565667260671034, -0.17799796267839457, -0.3164898887237844],
    );
  });

  it('in training keeps every slope in [lower, upper], spread over the range', async () => {
    const n = 4000;
    for (const [lower, upper] of [
      [1 / 8, 1 / 3],
      [0.2, 0.2],
      [-0.5, 0.75],
    ] as const) {
      const slopes = (await rrelu(negatives(n), { lower, upper, training: true, seed: 3 }))
        .toArray()
        .map((v) => -v);
      // one expect for all 4000 (12,000 calls of expect took 5 s on a loaded CI machine): the first slope
      // outside [lower, upper], NaN included, if any
      expect(slopes.find((s) => !(s >= lower && s <= upper))).toBeUndefined();
      const mean = slopes.reduce((t, s) => t + s, 0) / n;
      // uniform on [lower, upper]: mean (l + u)/2, standard error (u − l)/√(12n) ≈ 0.0046·(u − l)
      expect(Math.abs(mean - (lower + upper) / 2)).toBeLessThanOrEqual(0.03 * (upper - lower) + 1e-12);
    }
  });

  it('in training passes positives through and uses the same slopes in the gradient (at x = 0 too)', async () => {
    const x = f64([-2, 0, 3, -0.5, 0, 7, -1, -4]);
    const params = { training: true, seed: 11 } as const;
    const y = (await rrelu(x, params)).toArray();
    const dx = (await rreluGrad(x, params)).toArray();
    const slopes = rreluSlopes(8, 1 / 8, 1 / 3, 11);
    x.toArray().forEach((xi, i) => {
      const slope = slopes[i]!;
      if (xi > 0) {
        expect(y[i]).toBe(xi);
        expect(dx[i]).toBe(1);
      } else {
        expect(y[i]).toBe(slope * xi);
        expect(dx[i]).toBe(slope);
      }
    });
  });

  it('keeps nan and takes the limits at ±∞', async () => {
    expectValues(await rrelu(f64([nan, Inf, -Inf])), [nan, Inf, -Inf]);
    expectValues(await rreluGrad(f64([nan, Inf, -Inf])), [nan, 1, 0.22916666666666666]);
    expectValues(await rrelu(f64([-Inf]), { lower: 0, upper: 0 }), [0]);
  });

  it('refuses lower > upper and a bad seed', async () => {
    await expect(rrelu([-1], { lower: 0.5, upper: 0.25 })).rejects.toThrow(named('InvalidParamError'));
    await expect(rrelu([-1], { seed: -1 })).rejects.toThrow(named('InvalidParamError'));
    await expect(rrelu([-1], { seed: 1.5 })).rejects.toThrow(named('InvalidParamError'));
    await expect(rrelu([-1], { seed: 2 ** 32 })).rejects.toThrow(named('InvalidParamError'));
  });
});

describe('elu', () => {
  it('matches alpha·(exp(x) − 1) for x ≤ 0', async () => {
    expectValues(await elu(f64([-1, 0, 1]), { alpha: 1 }), [-0.6321205588285577, 0, 1]);
    expectValues(await elu(f64([-2]), { alpha: 0.5 }), [-0.43233235838169365]);
  });

  it('keeps full relative precision for tiny negative x (expm1)', async () => {
    // exp(x) − 1 would be off by about 1e-7 relative here
    expectValues(await elu(f64([-1e-10])), [-9.999999999500000000017e-11]);
  });

  it('has gradient alpha at the kink x = 0', async () => {
    expectValues(await eluGrad(f64([-1, 0, 1]), { alpha: 2 }), [0.7357588823428847, 2, 1]);
    expectValues(await eluGrad(f64([0]), { alpha: 1 }), [1]);
  });

  it('keeps nan and takes the limits at ±∞', async () => {
    expectValues(await elu(f64([nan, Inf, -Inf])), [nan, Inf, -1]);
    expectValues(await elu(f64([-Inf]), { alpha: 2 }), [-2]);
    expectValues(await eluGrad(f64([nan, Inf, -Inf])), [nan, 1, 0]);
  });
});

describe('selu', () => {
  it('is scale·elu(x, alpha) with the fixed constants', async () => {
    expectValues(await selu(f64([-1, 0, 1])), [-1.1113307378125628, 0, 1.0507009873554805], 1e-15);
    expectValues(await selu(f64([-2])), [-1.520166468595695], 1e-15);
  });

  it('has gradient scale·alpha at the kink x = 0', async () => {
    expectValues(
      await seluGrad(f64([-1, 0, 1])),
      [0.6467686030348141, 1.7580993408473769, 1.0507009873554805],
    );
  });

  it('keeps nan and takes the limits at ±∞', async () => {
    expectValues(await selu(f64([nan, Inf, -Inf])), [nan, Inf, -1.7580993408473769]);
    expectValues(await seluGrad(f64([nan, Inf, -Inf])), [nan, 1.0507009873554805, 0]);
  });
});

describe('celu', () => {
  it('matches alpha·(exp(x/alpha) − 1) for x ≤ 0', async () => {
    expectValues(await celu(f64([-2, 0, 1]), { alpha: 2 }), [-1.2642411176571153, 0, 1]);
    expectValues(await celu(f64([-1]), { alpha: 0.5 }), [-0.43233235838169365]);
    expectValues(await celu(f64([-1e-10]), { alpha: 2 }), [-9.99999999975e-11]);
  });

  it('follows max(0, x) + min(0, alpha·(exp(x/alpha) − 1)) for a negative alpha', async () => {
    expectValues(await celu(f64([-1, 0, 1]), { alpha: -1 }), [-1.718281828459045, 0, 1]);
  });

  it('equals elu for alpha = 1', async () => {
    const x = f64([-3, -0.25, 0, 2]);
    expect((await celu(x)).toArray()).toEqual((await elu(x)).toArray());
  });

  it('has gradient exp(x/alpha) for x ≤ 0, so 1 at x = 0', async () => {
    expectValues(await celuGrad(f64([-2, 0, 1]), { alpha: 2 }), [0.36787944117144233, 1, 1]);
    expectValues(await celuGrad(f64([-1]), { alpha: 0.5 }), [0.1353352832366127]);
  });

  it('keeps nan and takes the limits at ±∞', async () => {
    expectValues(await celu(f64([nan, Inf, -Inf]), { alpha: 2 }), [nan, Inf, -2]);
    expectValues(await celuGrad(f64([nan, Inf, -Inf]), { alpha: 2 }), [nan, 1, 0]);
  });

  it('refuses alpha = 0', async () => {
    await expect(celu([-1], { alpha: 0 })).rejects.toThrow(named('InvalidParamError'));
    await expect(celuGrad([-1], { alpha: 0 })).rejects.toThrow(named('InvalidParamError'));
  });
});

describe('hardSigmoid', () => {
  it('is x/6 + 1/2 clipped to [0, 1] by default', async () => {
    expectValues(
      await hardSigmoid(f64([-4, -3, -1, 0, 1, 3, 4])),
      [0, 0, 0.3333333333333333, 0.5, 0.6666666666666666, 1, 1],
    );
  });

  it('keeps full relative precision just above the lower clip', async () => {
    // (x + 3)/6 at x = −3 + 2⁻²⁰, as PyTorch computes it
    expectValues(await hardSigmoid(f64([-3 + 2 ** -20])), [1.589457194010416666667e-7], 1e-15);
  });

  it('has gradient alpha strictly inside the ramp and 0 at both kinks', async () => {
    const sixth = 0.16666666666666666;
    expectValues(await hardSigmoidGrad(f64([-4, -3, -1, 0, 1, 3, 4])), [0, 0, sixth, sixth, sixth, 0, 0]);
  });

  it('takes the ONNX / tfjs-layers params alpha 0.2, beta 0.5', async () => {
    const p = { alpha: 0.2, beta: 0.5 };
    expectValues(await hardSigmoid(f64([-3, -2.5, 0, 1, 2.5, 3]), p), [0, 0, 0.5, 0.7, 1, 1]);
    expectValues(await hardSigmoidGrad(f64([-3, -2.5, 0, 1, 2.5, 3]), p), [0, 0, 0.2, 0.2, 0, 0]);
  });

  it('handles a negative or zero slope', async () => {
    expectValues(await hardSigmoid(f64([-1, 0.5, 1]), { alpha: -0.5, beta: 0.5 }), [1, 0.25, 0]);
    expectValues(await hardSigmoidGrad(f64([-1, 0.5, 1]), { alpha: -0.5, beta: 0.5 }), [0, -0.5, 0]);
    expectValues(await hardSigmoid(f64([-Inf, 5, Inf, nan]), { alpha: 0, beta: 0.3 }), [0.3, 0.3, 0.3, nan]);
  });

  it('keeps nan and takes the limits at ±∞', async () => {
    expectValues(await hardSigmoid(f64([nan, Inf, -Inf])), [nan, 1, 0]);
    expectValues(await hardSigmoidGrad(f64([nan, Inf, -Inf])), [nan, 0, 0]);
  });
});

describe('hardSwish', () => {
  it('is x·clip(x + 3, 0, 6)/6', async () => {
    expectValues(
      await hardSwish(f64([-4, -3, -1, 0, 1, 2, 3, 4])),
      [0, 0, -0.3333333333333333, 0, 0.6666666666666666, 1.6666666666666667, 3, 4],
    );
  });

  it('has the middle-branch gradient x/3 + 1/2 at both kinks (−0.5 at −3, 1.5 at 3)', async () => {
    expectValues(
      await hardSwishGrad(f64([-4, -3, -1, 0, 1, 3, 4])),
      [0, -0.5, 0.16666666666666666, 0.5, 0.8333333333333334, 1.5, 1],
      1e-15,
    );
  });

  it('keeps nan and takes the limits at ±∞ (no −∞·0)', async () => {
    expectValues(await hardSwish(f64([nan, Inf, -Inf, 1e308])), [nan, Inf, 0, 1e308]);
    expectValues(await hardSwishGrad(f64([nan, Inf, -Inf])), [nan, 1, 0]);
  });
});

describe('hardTanh', () => {
  it('clips to [min, max]', async () => {
    expectValues(await hardTanh(f64([-2, -1, -0.5, 0, 0.5, 1, 2])), [-1, -1, -0.5, 0, 0.5, 1, 1]);
    expectValues(await hardTanh(f64([-3, 0.5, 3]), { min: -2, max: 2 }), [-2, 0.5, 2]);
  });

  it('has gradient 1 only strictly inside (min, max)', async () => {
    expectValues(await hardTanhGrad(f64([-2, -1, -0.5, 0, 0.5, 1, 2])), [0, 0, 1, 1, 1, 0, 0]);
  });

  it('keeps nan and takes the limits at ±∞', async () => {
    expectValues(await hardTanh(f64([nan, Inf, -Inf])), [nan, 1, -1]);
    expectValues(await hardTanhGrad(f64([nan, Inf, -Inf])), [nan, 0, 0]);
  });

  it('takes infinite bounds, which never clip', async () => {
    const p = { min: -Inf, max: 1 };
    expectValues(await hardTanh(f64([-Inf, -5, 0.5, 2, Inf]), p), [-Inf, -5, 0.5, 1, 1]);
    expectValues(await hardTanhGrad(f64([-Inf, -5, 0.5, 1, 2, Inf]), p), [1, 1, 1, 0, 0, 0]);
    expectValues(await hardTanh(f64([-Inf, 3, Inf]), { min: -Inf, max: Inf }), [-Inf, 3, Inf]);
  });

  it('allows min = max and refuses min > max', async () => {
    expectValues(await hardTanh(f64([-1, 0.5, 2]), { min: 0.5, max: 0.5 }), [0.5, 0.5, 0.5]);
    expectValues(await hardTanhGrad(f64([-1, 0.5, 2]), { min: 0.5, max: 0.5 }), [0, 0, 0]);
    await expect(hardTanh([0], { min: 1, max: -1 })).rejects.toThrow(named('InvalidParamError'));
    await expect(hardTanhGrad([0], { min: Inf, max: -Inf })).rejects.toThrow(named('InvalidParamError'));
    await expect(hardTanh([0], { min: nan })).rejects.toThrow(named('InvalidParamError'));
  });
});

describe('thresholdedRelu', () => {
  it('passes x > alpha and zeroes the rest', async () => {
    expectValues(await thresholdedRelu(f64([-1, 0.5, 1, 1.5, 3])), [0, 0, 0, 1.5, 3]);
    expectValues(await thresholdedRelu(f64([-1.5, 0, 1.2, 2, 2.2]), { alpha: 2 }), [0, 0, 0, 0, 2.2]);
    expectValues(await thresholdedRelu(f64([-1, -0.5]), { alpha: -1 }), [0, -0.5]);
  });

  it('has gradient 0 at the threshold', async () => {
    expectValues(await thresholdedReluGrad(f64([0.5, 1, 1.5])), [0, 0, 1]);
    expectValues(await thresholdedReluGrad(f64([2, 2.0000000000000004]), { alpha: 2 }), [0, 1]);
  });

  it('keeps nan and takes the limits at ±∞', async () => {
    expectValues(await thresholdedRelu(f64([nan, Inf, -Inf])), [nan, Inf, 0]);
    expectValues(await thresholdedReluGrad(f64([nan, Inf, -Inf])), [nan, 1, 0]);
  });
});
