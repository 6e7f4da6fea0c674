import { describe, expect, it } from 'vitest';
import {
  type AnyOpSpec,
  binaryCrossentropy,
  binaryCrossentropyGrad,
  binaryCrossentropySpec,
  categoricalCrossentropy,
  categoricalCrossentropyGrad,
  categoricalCrossentropySpec,
  cosineSimilarity,
  cosineSimilarityGrad,
  cosineSimilaritySpec,
  forwardSync,
  hinge,
  hingeGrad,
  hingeSpec,
  huber,
  huberGrad,
  huberSpec,
  kullbackLeiblerDivergence,
  kullbackLeiblerDivergenceGrad,
  kullbackLeiblerDivergenceSpec,
  logCosh,
  logCoshGrad,
  logCoshSpec,
  meanAbsoluteError,
  meanAbsoluteErrorGrad,
  meanAbsoluteErrorSpec,
  meanAbsolutePercentageError,
  meanAbsolutePercentageErrorGrad,
  meanAbsolutePercentageErrorSpec,
  meanSquaredLogarithmicError,
  meanSquaredLogarithmicErrorGrad,
  meanSquaredLogarithmicErrorSpec,
  poisson,
  poissonGrad,
  poissonSpec,
  referenceBackend,
  sparseCategoricalCrossentropy,
  sparseCategoricalCrossentropyGrad,
  sparseCategoricalCrossentropySpec,
  squaredHinge,
  squaredHingeGrad,
  squaredHingeSpec,
  type Tensor,
  tensor,
} from '../src/index.js';

// Expected values below are worked out by hand (or are closed forms such as ln 2, checked against a
// 40-digit evaluation), never copied from the implementation.

const LN2 = Math.LN2;
const EPS = 1e-7;
const INF = Number.POSITIVE_INFINITY;

/** A float64 tensor (shape defaults to 1-D). */
const f64 = (data: readonly number[], shape: readonly number[] = [data.length]) =>
  tensor([...data], shape, 'float64');
/** A float64 matrix from rows. */
const rows = (data: readonly (readonly number[])[]) =>
  tensor(
    data.flatMap((r) => [...r]),
    [data.length, data[0]?.length ?? 0],
    'float64',
  );
const labels = (data: readonly number[]) => tensor([...data], [data.length], 'int32');

/** Compares element by element with a relative tolerance; NaN matches NaN, ±∞ must match exactly, −0 equals 0. */
function expectClose(actual: Tensor | number, expected: number | readonly number[], rel = 1e-12): void {
  const got = typeof actual === 'number' ? [actual] : actual.toArray();
  const want = typeof expected === 'number' ? [expected] : [...expected];
  expect(got.length, 'length').toBe(want.length);
  want.forEach((w, i) => {
    const g = got[i]!;
    if (Number.isNaN(w)) expect(g, `[${i}]`).toBeNaN();
    else if (!Number.isFinite(w)) expect(g, `[${i}]`).toBe(w);
    else
      expect(Math.abs(g - w), `[${i}]: got ${g}, want ${w}`).toBeLessThanOrEqual(rel * Math.abs(w) + 1e-300);
  });
}

/** The scalar of a reduced loss. */
const scalar = (t: Tensor) => {
  expect(t.shape).toEqual([]);
  return t.data[0]!;
};

async function expectError(p: Promise<unknown>, name: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ name });
}

describe('meanAbsoluteError', () => {
  const yTrue = f64([0, 1, 2]);
  const yPred = f64([0.5, 1, 0]);

  it('reduces by mean, sum and none', async () => {
    expectClose(scalar(await meanAbsoluteError(yTrue, yPred)), 2.5 / 3);
    expectClose(scalar(await meanAbsoluteError(yTrue, yPred, { reduction: 'sum' })), 2.5);
    const none = await meanAbsoluteError(yTrue, yPred, { reduction: 'none' });
    expect(none.shape).toEqual([3]);
    expectClose(none, [0.5, 0, 2]);
  });

  it('keeps the shape for none on a matrix', async () => {
    const none = await meanAbsoluteError(f64([1, 2, 3, 4], [2, 2]), f64([0, 0, 0, 0], [2, 2]), {
      reduction: 'none',
    });
    expect(none.shape).toEqual([2, 2]);
    expectClose(none, [1, 2, 3, 4]);
  });

  it('has gradient sign(d) with 0 at d = 0, scaled by the reduction', async () => {
    expectClose(await meanAbsoluteErrorGrad(yTrue, yPred), [1 / 3, 0, -1 / 3]);
    expectClose(await meanAbsoluteErrorGrad(yTrue, yPred, { reduction: 'sum' }), [1, 0, -1]);
    const g = await meanAbsoluteErrorGrad(yTrue, yPred, { reduction: 'none' }, { upstream: f64([2, 3, 4]) });
    expectClose(g, [2, 0, -4]);
    expectClose(
      await meanAbsoluteErrorGrad(yTrue, yPred, {}, { upstream: tensor(6, [], 'float64') }),
      [2, 0, -2],
    );
  });

  it('passes NaN through and takes limits at ±∞', async () => {
    const t = f64([0, 0, 1]);
    const p = f64([Number.NaN, INF, -INF]);
    expectClose(await meanAbsoluteError(t, p, { reduction: 'none' }), [Number.NaN, INF, INF]);
    expectClose(await meanAbsoluteErrorGrad(t, p, { reduction: 'sum' }), [Number.NaN, 1, -1]);
  });

  it('works on float32 plain numbers and scalars', async () => {
    const y = await meanAbsoluteError([0, 1], [0.5, 0.5]);
    expect(y.dtype).toBe('float32');
    expect(y.data[0]).toBe(0.5);
    expectClose(
      await meanAbsoluteError(tensor(2, [], 'float64'), tensor(-1, [], 'float64'), { reduction: 'none' }),
      3,
    );
  });
});

describe('huber', () => {
  const zeros = f64([0, 0, 0, 0]);

  it('is quadratic inside delta and linear outside', async () => {
    const yPred = f64([0.5, 1, 3, -3]);
    expectClose(await huber(zeros, yPred, { reduction: 'none' }), [0.125, 0.5, 2.5, 2.5]);
    expectClose(scalar(await huber(zeros, yPred, { reduction: 'sum' })), 5.625);
    expectClose(scalar(await huber(zeros, yPred)), 1.40625);
    // delta = 2: 0.5·1, 0.5·4 at the kink, 2·(5 − 1) beyond
    expectClose(await huber(zeros, f64([1, 2, 5, -5]), { delta: 2, reduction: 'none' }), [0.5, 2, 8, 8]);
  });

  it('has gradient d inside, delta·sign(d) outside, continuous at ±delta', async () => {
    expectClose(await huberGrad(zeros, f64([0.5, 1, 3, -3]), { reduction: 'sum' }), [0.5, 1, 1, -1]);
    expectClose(await huberGrad(zeros, f64([1, 2, 5, -2]), { delta: 2, reduction: 'sum' }), [1, 2, 2, -2]);
    // the kink sits at ±delta around the target, not around 0
    expectClose(await huberGrad(f64([3, 3]), f64([4, 1]), { reduction: 'sum' }), [1, -1]);
    expectClose(await huberGrad(f64([0, 0]), f64([0.5, 3]), { delta: 1 }), [0.25, 0.5]);
  });

  it('refuses delta ≤ 0', async () => {
    await expectError(huber([0], [1], { delta: 0 }), 'InvalidParamError');
    await expectError(huber([0], [1], { delta: -1 }), 'InvalidParamError');
    await expectError(huberGrad([0], [1], { delta: Number.NaN }), 'InvalidParamError');
  });

  it('passes NaN through', async () => {
    expectClose(await huber(f64([0]), f64([Number.NaN]), { reduction: 'none' }), [Number.NaN]);
    expectClose(await huberGrad(f64([0]), f64([Number.NaN])), [Number.NaN]);
  });
});

describe('logCosh', () => {
  it('matches log(cosh d) on both branches', async () => {
    const yPred = f64([1, -1, 0.5, 2, -2]);
    expectClose(
      await logCosh(f64([0, 0, 0, 0, 0]), yPred, { reduction: 'none' }),
      [0.4337808304830272, 0.4337808304830272, 0.12011450695827752, 1.3250027473578645, 1.3250027473578645],
    );
    expectClose(scalar(await logCosh(f64([0, 0]), f64([1, -1]))), 0.4337808304830272);
  });

  it('keeps digits near 0 and does not overflow far away', async () => {
    // log cosh(1e-8) = 5e-17 − (1e-8)⁴/12 …
    expectClose(await logCosh(f64([0]), f64([1e-8]), { reduction: 'none' }), [5e-17]);
    expectClose(
      await logCosh(f64([0, 0]), f64([1000, -1000]), { reduction: 'none' }),
      [999.3068528194401, 999.3068528194401],
    );
    expectClose(await logCosh(f64([5, 5]), f64([INF, -INF]), { reduction: 'none' }), [INF, INF]);
    expectClose(await logCosh(f64([0]), f64([0]), { reduction: 'none' }), [0]);
  });

  it('has gradient tanh(d)', async () => {
    expectClose(
      await logCoshGrad(f64([0, 0, 0, 1]), f64([1, -0.5, 2, 1]), { reduction: 'sum' }),
      [0.7615941559557649, -0.46211715726000974, 0.9640275800758169, 0],
    );
    expectClose(await logCoshGrad(f64([0, 0]), f64([INF, -INF]), { reduction: 'sum' }), [1, -1]);
    expectClose(await logCoshGrad(f64([0]), f64([Number.NaN])), [Number.NaN]);
  });
});

describe('meanSquaredLogarithmicError', () => {
  it('is the squared difference of log1p', async () => {
    // (ln 4 − ln 2)² = (ln 2)²
    expectClose(scalar(await meanSquaredLogarithmicError(f64([1]), f64([3]))), 0.48045301391820144);
    // yTrue 0 is clipped to eps: (ln 4 − log1p(1e-7))²
    expectClose(scalar(await meanSquaredLogarithmicError(f64([0]), f64([3]))), 1.9218117784139572);
  });

  it('has gradient 2(a − b)/(1 + yPred), cut below eps', async () => {
    expectClose(await meanSquaredLogarithmicErrorGrad(f64([1]), f64([3])), [0.34657359027997264]);
    // below the clip: the loss is flat
    expectClose(
      await meanSquaredLogarithmicErrorGrad(f64([1, 1]), f64([0, -1]), { reduction: 'sum' }),
      [0, 0],
    );
    expectClose(
      await meanSquaredLogarithmicError(f64([1]), f64([-1]), { reduction: 'none' }),
      [0.4804528752887822],
      1e-9,
    );
    // at exactly eps the gradient passes (torch.clamp)
    expectClose(await meanSquaredLogarithmicErrorGrad(f64([1]), f64([EPS])), [-1.3862940224904983], 1e-9);
  });

  it('passes NaN through, also where yPred is clipped', async () => {
    expectClose(
      await meanSquaredLogarithmicErrorGrad(f64([Number.NaN, 1]), f64([0, Number.NaN]), {
        reduction: 'none',
      }),
      [Number.NaN, Number.NaN],
    );
  });
});

describe('meanAbsolutePercentageError', () => {
  it('is 100·|t − p|/|t|', async () => {
    expectClose(
      await meanAbsolutePercentageError(f64([2, 4, -2]), f64([1, 5, -1]), { reduction: 'none' }),
      [50, 25, 50],
    );
    expectClose(scalar(await meanAbsolutePercentageError(f64([2, 4]), f64([1, 5]))), 37.5);
    // a zero target is floored at eps
    expectClose(await meanAbsolutePercentageError(f64([0]), f64([1]), { reduction: 'none' }), [1e9]);
  });

  it('has gradient 100·sign(p − t)/max(|t|, eps)', async () => {
    expectClose(await meanAbsolutePercentageErrorGrad(f64([2, 4]), f64([1, 5])), [-25, 12.5]);
    expectClose(
      await meanAbsolutePercentageErrorGrad(f64([-2, 3, 0]), f64([-1, 3, 1]), { reduction: 'sum' }),
      [50, 0, 1e9],
    );
  });
});

describe('poisson', () => {
  it('is yPred − yTrue·log(yPred + eps)', async () => {
    expectClose(await poisson(f64([0, 2]), f64([2, 1]), { reduction: 'none' }), [2, 0.99999980000001], 1e-14);
    expectClose(
      scalar(await poisson(f64([0, 2]), f64([2, 1]), { reduction: 'sum' })),
      2.99999980000001,
      1e-14,
    );
    // log(1 − eps + eps) = 0
    expectClose(await poisson(f64([3]), f64([1 - EPS]), { reduction: 'none' }), [1 - EPS], 1e-9);
  });

  it('has gradient 1 − yTrue/(yPred + eps)', async () => {
    expectClose(
      await poissonGrad(f64([0, 2]), f64([2, 1]), { reduction: 'sum' }),
      [1, -0.99999980000002],
      1e-14,
    );
    expectClose(await poissonGrad(f64([3]), f64([1 - EPS])), [-2], 1e-9);
  });
});

describe('binaryCrossentropy', () => {
  it('is −(t log p + (1 − t) log(1 − p)) on probabilities', async () => {
    expectClose(scalar(await binaryCrossentropy(f64([1]), f64([0.5]))), LN2);
    expectClose(
      await binaryCrossentropy(f64([1, 0]), f64([0.8, 0.2]), { reduction: 'none' }),
      [0.22314355131420976, 0.22314355131420976],
    );
    expectClose(
      scalar(await binaryCrossentropy(f64([1, 0]), f64([0.8, 0.2]), { reduction: 'sum' })),
      0.44628710262841953,
    );
  });

  it('has gradient (p − t)/(p(1 − p))', async () => {
    expectClose(await binaryCrossentropyGrad(f64([1]), f64([0.5])), [-2]);
    expectClose(
      await binaryCrossentropyGrad(f64([1, 0]), f64([0.8, 0.2]), { reduction: 'sum' }),
      [-1.25, 1.25],
    );
    expectClose(await binaryCrossentropyGrad(f64([1, 0]), f64([0.8, 0.2])), [-0.625, 0.625]);
  });

  it('clips p to [eps, 1 − eps]; the gradient passes on the closed interval only', async () => {
    expectClose(
      await binaryCrossentropy(f64([1, 1]), f64([1, 0]), { reduction: 'none' }),
      [1.0000000500000033e-7, 16.11809565095832],
      1e-8,
    );
    expectClose(
      await binaryCrossentropyGrad(f64([1, 1, 0, 0]), f64([1, 0, 1.5, -0.5]), { reduction: 'sum' }),
      [0, 0, 0, 0],
    );
    // exactly at the bounds the gradient is the formula's
    expectClose(
      await binaryCrossentropyGrad(f64([0, 1]), f64([EPS, EPS]), { reduction: 'sum' }),
      [1.00000010000001, -1e7],
      1e-12,
    );
    expectClose(
      await binaryCrossentropyGrad(f64([1]), f64([1 - EPS]), { reduction: 'sum' }),
      [-1.00000010000001],
      1e-12,
    );
  });

  it('smooths labels towards 0.5', async () => {
    // ls = 0.2: t = 0.9
    expectClose(
      scalar(await binaryCrossentropy(f64([1]), f64([0.8]), { labelSmoothing: 0.2 })),
      0.36177298742619884,
    );
    expectClose(await binaryCrossentropyGrad(f64([1]), f64([0.8]), { labelSmoothing: 0.2 }), [-0.625]);
    // ls = 1: every target is 0.5, whatever the label
    expectClose(
      await binaryCrossentropy(f64([0, 1]), f64([0.5, 0.5]), { labelSmoothing: 1, reduction: 'none' }),
      [LN2, LN2],
    );
    await expectError(binaryCrossentropy([1], [0.5], { labelSmoothing: 1.5 }), 'InvalidParamError');
    await expectError(binaryCrossentropy([1], [0.5], { labelSmoothing: -0.1 }), 'InvalidParamError');
  });

  it('from logits: max(z, 0) − z·t + log1p(exp(−|z|)), gradient sigmoid(z) − t', async () => {
    expectClose(scalar(await binaryCrossentropy(f64([1]), f64([0]), { fromLogits: true })), LN2);
    expectClose(await binaryCrossentropyGrad(f64([1]), f64([0]), { fromLogits: true }), [-0.5]);
    // no overflow for big logits
    expectClose(
      await binaryCrossentropy(f64([0, 1]), f64([1000, 1000]), { fromLogits: true, reduction: 'none' }),
      [1000, 0],
    );
    expectClose(
      await binaryCrossentropyGrad(f64([0, 1]), f64([1000, -1000]), { fromLogits: true, reduction: 'sum' }),
      [1, -1],
    );
  });

  it('from logits: ±∞ give the limits, not NaN', async () => {
    const t = f64([1, 0, 0, 1, 0.5]);
    const z = f64([INF, -INF, INF, -INF, INF]);
    expectClose(await binaryCrossentropy(t, z, { fromLogits: true, reduction: 'none' }), [
      0,
      0,
      INF,
      INF,
      INF,
    ]);
    expectClose(
      await binaryCrossentropyGrad(t, z, { fromLogits: true, reduction: 'sum' }),
      [0, 0, 1, -1, 0.5],
    );
  });

  it('from logits agrees with probabilities after sigmoid', async () => {
    const z = [-2, -0.3, 0.5, 3];
    const t = f64([0, 1, 0.25, 1]);
    const p = f64(z.map((v) => 1 / (1 + Math.exp(-v))));
    for (const labelSmoothing of [0, 0.1]) {
      const fromLogits = await binaryCrossentropy(t, f64(z), {
        fromLogits: true,
        reduction: 'none',
        labelSmoothing,
      });
      const fromProbs = await binaryCrossentropy(t, p, { reduction: 'none', labelSmoothing });
      expectClose(fromLogits, fromProbs.toArray(), 1e-12);
      // dL/dz = dL/dp · p(1 − p)
      const gz = (
        await binaryCrossentropyGrad(t, f64(z), { fromLogits: true, reduction: 'none', labelSmoothing })
      ).toArray();
      const gp = (await binaryCrossentropyGrad(t, p, { reduction: 'none', labelSmoothing })).toArray();
      expectClose(f64(gp.map((g, i) => g * p.data[i]! * (1 - p.data[i]!))), gz, 1e-12);
    }
  });

  it('passes NaN through', async () => {
    expectClose(
      await binaryCrossentropy(f64([1, Number.NaN]), f64([Number.NaN, 0.5]), { reduction: 'none' }),
      [Number.NaN, Number.NaN],
    );
    expectClose(
      await binaryCrossentropyGrad(f64([1, Number.NaN]), f64([Number.NaN, 0]), { reduction: 'none' }),
      [Number.NaN, Number.NaN],
    );
  });
});

describe('categoricalCrossentropy', () => {
  const yTrue = rows([
    [0, 0, 1],
    [1, 0, 0],
  ]);
  const yPred = rows([
    [0.2, 0.3, 0.5],
    [0.25, 0.25, 0.5],
  ]);

  it('reduces per sample along the last axis', async () => {
    const none = await categoricalCrossentropy(yTrue, yPred, { reduction: 'none' });
    expect(none.shape).toEqual([2]);
    expectClose(none, [LN2, 2 * LN2]);
    expectClose(scalar(await categoricalCrossentropy(yTrue, yPred)), 1.5 * LN2);
    expectClose(scalar(await categoricalCrossentropy(yTrue, yPred, { reduction: 'sum' })), 3 * LN2);
  });

  it('works along another axis and on higher ranks', async () => {
    // the transpose of the case above, classes on axis 0
    const tT = rows([
      [0, 1],
      [0, 0],
      [1, 0],
    ]);
    const pT = rows([
      [0.2, 0.25],
      [0.3, 0.25],
      [0.5, 0.5],
    ]);
    const none = await categoricalCrossentropy(tT, pT, { axis: 0, reduction: 'none' });
    expect(none.shape).toEqual([2]);
    expectClose(none, [LN2, 2 * LN2]);
    const g = await categoricalCrossentropyGrad(tT, pT, { axis: 0, reduction: 'none' });
    expect(g.shape).toEqual([3, 2]);
    // sample 0 as below: [1, 1, −1]; sample 1 (t = e0, q = [¼, ¼, ½]): a = [−4, 0, 0], Σaq = −1 → [−3, 1, 1]
    expectClose(g, [1, -3, 1, 1, -1, 1]);
    const t3 = tensor([0, 0, 1, 1, 0, 0], [1, 2, 3], 'float64');
    const p3 = tensor([0.2, 0.3, 0.5, 0.25, 0.25, 0.5], [1, 2, 3], 'float64');
    const none3 = await categoricalCrossentropy(t3, p3, { reduction: 'none' });
    expect(none3.shape).toEqual([1, 2]);
    expectClose(none3, [LN2, 2 * LN2]);
  });

  it('normalizes yPred by its sum, with the gradient through the normalization', async () => {
    expectClose(scalar(await categoricalCrossentropy(rows([[0, 0, 1]]), rows([[2, 3, 5]]))), LN2);
    // q = y/S, a = [0, 0, −2], Σ a q = −1: dL/dy = (a + 1)/S
    expectClose(await categoricalCrossentropyGrad(rows([[0, 0, 1]]), rows([[0.2, 0.3, 0.5]])), [1, 1, -1]);
    expectClose(await categoricalCrossentropyGrad(rows([[0, 0, 1]]), rows([[2, 3, 5]])), [0.1, 0.1, -0.1]);
    // 'mean' over 2 samples halves the per-sample gradients
    expectClose(await categoricalCrossentropyGrad(yTrue, yPred), [0.5, 0.5, -0.5, -1.5, 0.5, 0.5]);
  });

  it('clips q to [eps, 1 − eps]; clipped classes pass no gradient', async () => {
    expectClose(
      await categoricalCrossentropy(rows([[0, 1]]), rows([[0, 1]]), { reduction: 'none' }),
      [1.0000000500000033e-7],
      1e-8,
    );
    expectClose(
      await categoricalCrossentropy(rows([[1, 0]]), rows([[0, 1]]), { reduction: 'none' }),
      [16.11809565095832],
      1e-12,
    );
    expectClose(await categoricalCrossentropyGrad(rows([[1, 0]]), rows([[0, 1]])), [0, 0]);
    // q = [eps, 1 − eps] exactly (the sum is exactly 1): both inside, a = [−1e7, 0], Σ a q = −1
    expectClose(
      await categoricalCrossentropyGrad(rows([[1, 0]]), rows([[EPS, 1 - EPS]])),
      [-9999999, 1],
      1e-12,
    );
  });

  it('smooths labels towards 1/C', async () => {
    // ls = 0.3, C = 3: t = [0.1, 0.1, 0.8]
    const t = rows([[0, 0, 1]]);
    const p = rows([[0.2, 0.3, 0.5]]);
    expectClose(scalar(await categoricalCrossentropy(t, p, { labelSmoothing: 0.3 })), 0.8358588161239598);
    // a = −t/q = [−0.5, −1/3, −1.6], Σ a q = −1
    expectClose(await categoricalCrossentropyGrad(t, p, { labelSmoothing: 0.3 }), [0.5, 2 / 3, -0.6]);
    await expectError(
      categoricalCrossentropy([[0, 1]], [[0.5, 0.5]], { labelSmoothing: 2 }),
      'InvalidParamError',
    );
  });

  it('from logits: −Σ t·logSoftmax(z), gradient softmax(z)·Σt − t', async () => {
    const t = rows([[0, 0, 1]]);
    const z = rows([[1, 2, 3]]);
    expectClose(scalar(await categoricalCrossentropy(t, z, { fromLogits: true })), 0.4076059644443803);
    expectClose(
      await categoricalCrossentropyGrad(t, z, { fromLogits: true }),
      [0.09003057317038046, 0.24472847105479764, -0.3347590442251781],
    );
    // softmax·Σt − t with Σt = 2
    expectClose(
      await categoricalCrossentropyGrad(rows([[1, 1]]), rows([[0, 0]]), { fromLogits: true }),
      [0, 0],
    );
    // no overflow
    expectClose(
      scalar(await categoricalCrossentropy(rows([[0, 1]]), rows([[1000, 0]]), { fromLogits: true })),
      1000,
    );
    expectClose(
      await categoricalCrossentropyGrad(rows([[0, 1]]), rows([[1000, 0]]), { fromLogits: true }),
      [1, -1],
    );
  });

  it('from logits: a class with t = 0 and logit −∞ adds 0', async () => {
    const t = rows([[0, 1, 0]]);
    const z = rows([[-INF, 0, 0]]);
    expectClose(scalar(await categoricalCrossentropy(t, z, { fromLogits: true })), LN2);
    expectClose(await categoricalCrossentropyGrad(t, z, { fromLogits: true }), [0, -0.5, 0.5]);
  });

  it('from logits agrees with probabilities after softmax', async () => {
    const z = [
      [0.5, -1, 2, 0],
      [3, 1, -2, 0.25],
    ];
    const t = rows([
      [0.1, 0.2, 0.3, 0.4],
      [0, 1, 0, 0],
    ]);
    const p = rows(
      z.map((r) => {
        const m = Math.max(...r);
        const e = r.map((v) => Math.exp(v - m));
        const s = e.reduce((a, b) => a + b, 0);
        return e.map((v) => v / s);
      }),
    );
    for (const labelSmoothing of [0, 0.2]) {
      const a = await categoricalCrossentropy(t, rows(z), {
        fromLogits: true,
        reduction: 'none',
        labelSmoothing,
      });
      const b = await categoricalCrossentropy(t, p, { reduction: 'none', labelSmoothing });
      expectClose(a, b.toArray(), 1e-12);
    }
  });

  it('refuses mismatched shapes and scalars', async () => {
    await expectError(categoricalCrossentropy(rows([[0, 1]]), rows([[0.2, 0.3, 0.5]])), 'ShapeError');
    await expectError(
      categoricalCrossentropy(tensor(1, [], 'float64'), tensor(1, [], 'float64')),
      'ShapeError',
    );
    await expectError(
      categoricalCrossentropy(rows([[0, 1]]), rows([[0.5, 0.5]]), { axis: 2 }),
      'InvalidParamError',
    );
  });

  it('passes NaN through to the whole sample', async () => {
    expectClose(
      await categoricalCrossentropy(
        yTrue,
        rows([
          [0.2, Number.NaN, 0.5],
          [0.25, 0.25, 0.5],
        ]),
        { reduction: 'none' },
      ),
      [Number.NaN, 2 * LN2],
    );
    const g = await categoricalCrossentropyGrad(rows([[Number.NaN, 0, 1]]), rows([[0, 0.5, 0.5]]));
    expectClose(g, [Number.NaN, Number.NaN, Number.NaN]);
  });
});

describe('sparseCategoricalCrossentropy', () => {
  const yPred = rows([
    [0.2, 0.3, 0.5],
    [0.25, 0.25, 0.5],
  ]);

  it('takes int32 class indices', async () => {
    const none = await sparseCategoricalCrossentropy(labels([2, 0]), yPred, { reduction: 'none' });
    expect(none.shape).toEqual([2]);
    expectClose(none, [LN2, 2 * LN2]);
    expectClose(scalar(await sparseCategoricalCrossentropy(labels([2, 0]), yPred)), 1.5 * LN2);
    expectClose(
      scalar(await sparseCategoricalCrossentropy(labels([2, 0]), yPred, { reduction: 'sum' })),
      3 * LN2,
    );
    expectClose(
      await sparseCategoricalCrossentropyGrad(labels([2, 0]), yPred, { reduction: 'sum' }),
      [1, 1, -1, -3, 1, 1],
    );
  });

  it('takes float labels holding integers and plain arrays', async () => {
    expectClose(await sparseCategoricalCrossentropy(f64([2, 0]), yPred, { reduction: 'none' }), [
      LN2,
      2 * LN2,
    ]);
    expectClose(scalar(await sparseCategoricalCrossentropy([2], [[0.2, 0.3, 0.5]])), LN2, 1e-6);
  });

  it('agrees with categoricalCrossentropy on the one-hot, also from logits and along axis 0', async () => {
    const z = rows([
      [1, 2, 3],
      [-1, 0.5, 4],
    ]);
    expectClose(
      scalar(await sparseCategoricalCrossentropy(labels([2]), rows([[1, 2, 3]]), { fromLogits: true })),
      0.4076059644443803,
    );
    const a = await sparseCategoricalCrossentropy(labels([1, 0]), z, { fromLogits: true, reduction: 'none' });
    const b = await categoricalCrossentropy(
      rows([
        [0, 1, 0],
        [1, 0, 0],
      ]),
      z,
      { fromLogits: true, reduction: 'none' },
    );
    expectClose(a, b.toArray(), 0);
    const ga = await sparseCategoricalCrossentropyGrad(labels([1, 0]), z, { fromLogits: true });
    const gb = await categoricalCrossentropyGrad(
      rows([
        [0, 1, 0],
        [1, 0, 0],
      ]),
      z,
      { fromLogits: true },
    );
    expectClose(ga, gb.toArray(), 0);
    // classes on axis 0: yPred [3, 2], labels [2]
    const pT = rows([
      [0.2, 0.25],
      [0.3, 0.25],
      [0.5, 0.5],
    ]);
    expectClose(await sparseCategoricalCrossentropy(labels([2, 0]), pT, { axis: 0, reduction: 'none' }), [
      LN2,
      2 * LN2,
    ]);
    const t3 = tensor([2, 0, 1, 1], [2, 2], 'int32');
    const none3 = await sparseCategoricalCrossentropy(t3, tensor(new Float64Array(12).fill(1), [2, 2, 3]), {
      reduction: 'none',
    });
    expect(none3.shape).toEqual([2, 2]);
    expectClose(none3, [Math.log(3), Math.log(3), Math.log(3), Math.log(3)]);
  });

  it('refuses labels outside [0, C) or not integers', async () => {
    await expectError(sparseCategoricalCrossentropy(labels([3, 0]), yPred), 'InvalidInputError');
    await expectError(sparseCategoricalCrossentropy(labels([-1, 0]), yPred), 'InvalidInputError');
    await expectError(sparseCategoricalCrossentropy(f64([1.5, 0]), yPred), 'InvalidInputError');
    await expectError(sparseCategoricalCrossentropyGrad(labels([3, 0]), yPred), 'InvalidInputError');
    await expectError(sparseCategoricalCrossentropy([0.5], [[0.5, 0.5]]), 'InvalidInputError');
  });

  it('refuses labels of the wrong shape and labelSmoothing', async () => {
    await expectError(sparseCategoricalCrossentropy(labels([2, 0, 1]), yPred), 'ShapeError');
    await expectError(sparseCategoricalCrossentropy(tensor([2, 0], [2, 1], 'int32'), yPred), 'ShapeError');
    await expectError(
      sparseCategoricalCrossentropy(labels([2, 0]), yPred, { labelSmoothing: 0.1 } as object),
      'InvalidParamError',
    );
  });

  it("'mean' of no samples is NaN", async () => {
    const empty = tensor([], [0, 3], 'float64');
    expect(scalar(await sparseCategoricalCrossentropy(labels([]), empty))).toBeNaN();
    expect((await sparseCategoricalCrossentropy(labels([]), empty, { reduction: 'none' })).shape).toEqual([
      0,
    ]);
  });
});

describe('kullbackLeiblerDivergence', () => {
  it('is Σ t log(t/p) per sample', async () => {
    // ½ ln 2 + ½ ln(2/3) = ½ ln(4/3)
    expectClose(
      scalar(await kullbackLeiblerDivergence(rows([[0.5, 0.5]]), rows([[0.25, 0.75]]))),
      0.14384103622589045,
    );
    const none = await kullbackLeiblerDivergence(
      rows([
        [0.5, 0.5],
        [0.25, 0.75],
      ]),
      rows([
        [0.25, 0.75],
        [0.25, 0.75],
      ]),
      { reduction: 'none' },
    );
    expect(none.shape).toEqual([2]);
    expectClose(none, [0.14384103622589045, 0]);
    // t = 0 is clipped to eps: eps·ln(eps/0.5) + ln 2
    expectClose(
      scalar(await kullbackLeiblerDivergence(rows([[0, 1]]), rows([[0.5, 0.5]]))),
      0.6931456380650983,
      1e-12,
    );
  });

  it('has gradient −t/p inside [eps, 1] and 0 outside', async () => {
    expectClose(await kullbackLeiblerDivergenceGrad(rows([[0.5, 0.5]]), rows([[0.25, 0.75]])), [-2, -2 / 3]);
    expectClose(
      await kullbackLeiblerDivergenceGrad(rows([[0.5, 0.5, 0.5, 0.5]]), rows([[0, 1.5, 1, EPS]]), {
        reduction: 'sum',
      }),
      [0, 0, -0.5, -5e6],
    );
    // 'mean' over 2 samples
    expectClose(
      await kullbackLeiblerDivergenceGrad(
        rows([
          [0.5, 0.5],
          [1, 0],
        ]),
        rows([
          [0.25, 0.75],
          [0.5, 0.5],
        ]),
      ),
      [-1, -1 / 3, -1, -1e-7],
    );
  });

  it('passes NaN through', async () => {
    expectClose(await kullbackLeiblerDivergenceGrad(rows([[Number.NaN, 0.5]]), rows([[0, Number.NaN]])), [
      Number.NaN,
      Number.NaN,
    ]);
  });
});

describe('hinge', () => {
  it('is max(0, 1 − t·p)', async () => {
    const none = await hinge(f64([1, -1, 1]), f64([0.3, 0.4, 2]), { reduction: 'none' });
    expectClose(none, [0.7, 1.4, 0], 1e-15);
    expectClose(scalar(await hinge(f64([1, -1, 1]), f64([0.3, 0.4, 2]))), 0.7, 1e-15);
    expectClose(scalar(await hinge(f64([1, -1, 1]), f64([0.3, 0.4, 2]), { reduction: 'sum' })), 2.1, 1e-15);
  });

  it('has gradient −t where the margin is positive, 0 at the kink and beyond', async () => {
    expectClose(await hingeGrad(f64([1, -1, 1]), f64([0.3, 0.4, 2]), { reduction: 'sum' }), [-1, 1, 0]);
    expectClose(await hingeGrad(f64([1, -1]), f64([1, -1]), { reduction: 'sum' }), [0, 0]);
    expectClose(await hinge(f64([1, -1]), f64([1, -1]), { reduction: 'none' }), [0, 0]);
  });

  it('maps 0/1 labels to −1/1 only when every label is 0 or 1', async () => {
    expectClose(await hinge(f64([1, 0]), f64([0.5, 0.5]), { reduction: 'none' }), [0.5, 1.5]);
    expectClose(await hingeGrad(f64([1, 0]), f64([0.5, 0.5]), { reduction: 'sum' }), [-1, 1]);
    expectClose(await hinge(f64([0, 0]), f64([-2, 0.5]), { reduction: 'none' }), [0, 1.5]);
    // a −1 anywhere in the tensor: the 0 stays 0
    expectClose(await hinge(f64([0, 1, -1]), f64([0.5, 0.5, 0.5]), { reduction: 'none' }), [1, 0.5, 1.5]);
    expectClose(await hingeGrad(f64([0, 1, -1]), f64([0.5, 0.5, 0.5]), { reduction: 'sum' }), [0, -1, 1]);
  });

  it('passes NaN through', async () => {
    expectClose(await hinge(f64([1]), f64([Number.NaN]), { reduction: 'none' }), [Number.NaN]);
    expectClose(await hingeGrad(f64([1]), f64([Number.NaN])), [Number.NaN]);
  });
});

describe('squaredHinge', () => {
  it('is max(0, 1 − t·p)²', async () => {
    expectClose(
      await squaredHinge(f64([1, -1, 1]), f64([0.5, 0.5, 2]), { reduction: 'none' }),
      [0.25, 2.25, 0],
    );
    expectClose(scalar(await squaredHinge(f64([1, -1]), f64([0.5, 0.5]))), 1.25);
    expectClose(scalar(await squaredHinge(f64([1, -1]), f64([0.5, 0.5]), { reduction: 'sum' })), 2.5);
  });

  it('has gradient −2t·max(0, 1 − t·p)', async () => {
    expectClose(
      await squaredHingeGrad(f64([1, -1, 1, 1]), f64([0.5, 0.5, 2, 1]), { reduction: 'sum' }),
      [-1, 3, 0, 0],
    );
    expectClose(await squaredHingeGrad(f64([1, -1]), f64([0.5, 0.5])), [-0.5, 1.5]);
  });

  it('maps 0/1 labels to −1/1', async () => {
    // t = [−1, 1]: margins 1.5 and 1
    expectClose(await squaredHinge(f64([0, 1]), f64([0.5, 0]), { reduction: 'none' }), [2.25, 1]);
    expectClose(await squaredHingeGrad(f64([0, 1]), f64([0.5, 0]), { reduction: 'sum' }), [3, -2]);
  });
});

describe('cosineSimilarity', () => {
  const yTrue = rows([
    [1, 0],
    [0, 1],
  ]);
  const yPred = rows([
    [1, 1],
    [0, 2],
  ]);

  it('is −cos per sample', async () => {
    const none = await cosineSimilarity(yTrue, yPred, { reduction: 'none' });
    expect(none.shape).toEqual([2]);
    expectClose(none, [-Math.SQRT1_2, -1], 1e-14);
    expectClose(scalar(await cosineSimilarity(yTrue, yPred)), -0.8535533905932737, 1e-14);
    expectClose(
      scalar(await cosineSimilarity(yTrue, yPred, { reduction: 'sum' })),
      -1.7071067811865475,
      1e-14,
    );
    expectClose(scalar(await cosineSimilarity(rows([[0, 1]]), rows([[3, 4]]))), -0.8, 1e-14);
    expectClose(scalar(await cosineSimilarity(rows([[1, 0]]), rows([[-2, 0]]))), 1);
  });

  it('works along axis 0', async () => {
    const none = await cosineSimilarity(
      rows([
        [1, 0],
        [0, 1],
      ]),
      rows([
        [1, 0],
        [1, 2],
      ]),
      { axis: 0, reduction: 'none' },
    );
    expectClose(none, [-Math.SQRT1_2, -1], 1e-14);
  });

  it('has gradient −(ŵ − û(û·ŵ))/‖u‖', async () => {
    const g = await cosineSimilarityGrad(yTrue, yPred, { reduction: 'none' });
    expectClose(g, [-0.3535533905932738, 0.3535533905932738, 0, 0], 1e-14);
    // u = [3, 4], w = [0, 1]: û = [0.6, 0.8], c = 0.8, ŵ − ûc = [−0.48, 0.36], /5, negated
    expectClose(await cosineSimilarityGrad(rows([[0, 1]]), rows([[3, 4]])), [0.096, -0.072], 1e-14);
  });

  it('does not overflow for huge values', async () => {
    expectClose(scalar(await cosineSimilarity(rows([[0, 1]]), rows([[3e200, 4e200]]))), -0.8, 1e-14);
    // 1e300² would overflow without scaling: −(0.6 + 0.8)/√2
    expectClose(
      scalar(await cosineSimilarity(rows([[3, 4]]), rows([[1e300, 1e300]]))),
      -0.9899494936611665,
      1e-14,
    );
    expectClose(
      await cosineSimilarityGrad(rows([[0, 1]]), rows([[3e200, 4e200]])),
      [0.096e-200, -0.072e-200],
      1e-14,
    );
  });

  it('floors norms at 1e-12: below it the gradient is −ŵ/1e-12', async () => {
    // ‖u‖ = 0: loss 0, gradient −[0.6, 0.8]/1e-12
    expectClose(scalar(await cosineSimilarity(rows([[3, 4]]), rows([[0, 0]]))), 0);
    expectClose(await cosineSimilarityGrad(rows([[3, 4]]), rows([[0, 0]])), [-6e11, -8e11], 1e-14);
    // ‖u‖ = 5e-13: û = u/1e-12 = [0.3, 0.4], ŵ = [0.6, 0.8]: loss −0.5
    expectClose(scalar(await cosineSimilarity(rows([[3, 4]]), rows([[3e-13, 4e-13]]))), -0.5, 1e-14);
    expectClose(await cosineSimilarityGrad(rows([[3, 4]]), rows([[3e-13, 4e-13]])), [-6e11, -8e11], 1e-14);
  });

  it('passes NaN through', async () => {
    expectClose(await cosineSimilarity(rows([[1, 0]]), rows([[Number.NaN, 1]]), { reduction: 'none' }), [
      Number.NaN,
    ]);
    expectClose(await cosineSimilarityGrad(rows([[1, 0]]), rows([[Number.NaN, 0]])), [
      Number.NaN,
      Number.NaN,
    ]);
    expectClose(await cosineSimilarityGrad(rows([[1, 0]]), rows([[Number.NaN, 1e-300]])), [
      Number.NaN,
      Number.NaN,
    ]);
  });
});

const pointwise: readonly AnyOpSpec[] = [
  meanAbsoluteErrorSpec,
  huberSpec,
  logCoshSpec,
  meanSquaredLogarithmicErrorSpec,
  meanAbsolutePercentageErrorSpec,
  binaryCrossentropySpec,
  hingeSpec,
  squaredHingeSpec,
  poissonSpec,
];
const perSample: readonly AnyOpSpec[] = [
  categoricalCrossentropySpec,
  sparseCategoricalCrossentropySpec,
  kullbackLeiblerDivergenceSpec,
  cosineSimilaritySpec,
];
const run = (spec: AnyOpSpec, inputs: Record<string, Tensor>, params: object = {}) =>
  forwardSync(spec.id, inputs, params, { backend: referenceBackend });

describe('every loss', () => {
  it.each(pointwise.map((s) => [s.id, s] as const))('%s: shapes, empty inputs and NaN', (_id, spec) => {
    const a = f64([0.5, 0.5]);
    expect(() => run(spec, { yTrue: a, yPred: f64([0.5, 0.5, 0.5]) })).toThrow(
      expect.objectContaining({ name: 'ShapeError' }),
    );
    expect(() => run(spec, { yTrue: f64([0.5, 0.5], [1, 2]), yPred: a })).toThrow(
      expect.objectContaining({ name: 'ShapeError' }),
    );
    const empty = f64([], [0]);
    expect(run(spec, { yTrue: empty, yPred: empty }).data[0]).toBeNaN();
    expect(run(spec, { yTrue: empty, yPred: empty }, { reduction: 'sum' }).data[0]).toBe(0);
    expect(run(spec, { yTrue: empty, yPred: empty }, { reduction: 'none' }).shape).toEqual([0]);
    const m = f64([1, 1, 1, 1, 1, 1], [2, 3]);
    expect(
      run(spec, { yTrue: m, yPred: f64([0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [2, 3]) }, { reduction: 'none' })
        .shape,
    ).toEqual([2, 3]);
    const nan = run(spec, { yTrue: f64([1, 1]), yPred: f64([Number.NaN, 0.5]) }, { reduction: 'none' });
    expect(nan.data[0]).toBeNaN();
    expect(nan.data[1]).not.toBeNaN();
  });

  it.each(perSample.map((s) => [s.id, s] as const))('%s: per-sample shapes and empty inputs', (_id, spec) => {
    const sparse = spec.id === 'sparseCategoricalCrossentropy';
    const yPred = tensor(new Float64Array(24).fill(0.25), [2, 3, 4], 'float64');
    const yTrue = sparse
      ? tensor(new Int32Array(6).fill(1), [2, 3])
      : tensor(new Float64Array(24).fill(0.25), [2, 3, 4]);
    expect(run(spec, { yTrue, yPred }, { reduction: 'none' }).shape).toEqual([2, 3]);
    const yTrue1 = sparse ? tensor(new Int32Array(8).fill(1), [2, 4]) : yTrue;
    expect(run(spec, { yTrue: yTrue1, yPred }, { reduction: 'none', axis: 1 }).shape).toEqual([2, 4]);
    expect(run(spec, { yTrue, yPred }).shape).toEqual([]);
    const emptyPred = tensor([], [0, 3], 'float64');
    const emptyTrue = sparse ? tensor([], [0], 'int32') : emptyPred;
    expect(run(spec, { yTrue: emptyTrue, yPred: emptyPred }).data[0]).toBeNaN();
    expect(run(spec, { yTrue: emptyTrue, yPred: emptyPred }, { reduction: 'none' }).shape).toEqual([0]);
    if (!sparse) {
      expect(() => run(spec, { yTrue: f64([0.5, 0.5], [1, 2]), yPred: f64([0.5, 0.5], [2, 1]) })).toThrow(
        expect.objectContaining({ name: 'ShapeError' }),
      );
    }
  });

  it.each([...pointwise, ...perSample].map((s) => [s.id, s] as const))(
    '%s: the docs example holds in float64',
    (_id, spec) => {
      const { params = {}, inputs, output } = spec.docs.example;
      const decoded = Object.fromEntries(
        spec.inputs.map((d) => [
          d.name,
          tensor(inputs[d.name]!, undefined, d.role === 'label' ? 'int32' : 'float64'),
        ]),
      );
      expectClose(run(spec, decoded, params), tensor(output, undefined, 'float64').toArray(), 1e-9);
    },
  );
});
