import { describe, expect, it } from 'vitest';
import {
  gelu,
  geluGrad,
  logSigmoid,
  logSigmoidGrad,
  logSoftmax,
  logSoftmaxGrad,
  mish,
  mishGrad,
  sigmoid,
  sigmoidGrad,
  silu,
  siluGrad,
  softplus,
  softplusGrad,
  softsign,
  softsignGrad,
  swish,
  swishGrad,
  tanh,
  tanhGrad,
  tensor,
} from '../src/index.js';
import { expectValues, f64, Inf, named, nan } from './helpers.js';

// Expected values below are worked out by hand or with an arbitrary-precision calculator (mpmath at
// 50 digits, rounded to the nearest double), never taken from this code's output.

// A grid from the far tails through 0, shared by the elementwise ops.
const GRID = [-30, -10, -3, -1, -0.5, 0, 0.5, 1, 3, 10, 30];
// NaN, ±∞, 0 and magnitudes whose squares or exponentials overflow.
const EDGES = [nan, Inf, -Inf, 0, 1e300, -1e300];

describe('sigmoid', () => {
  it('matches high-precision values from tail to tail', async () => {
    expectValues(
      await sigmoid(f64(GRID)),
      [
        9.357622968839299e-14, 4.5397868702434395e-5, 0.04742587317756678, 0.2689414213699951,
        0.37754066879814546, 0.5, 0.6224593312018546, 0.7310585786300049, 0.9525741268224333,
        0.9999546021312976, 0.9999999999999064,
      ],
    );
  });

  it('has the derivative σ(x)(1 − σ(x)), accurate in both tails', async () => {
    expectValues(
      await sigmoidGrad(f64(GRID)),
      [
        9.357622968838423e-14, 4.5395807735951673e-5, 0.04517665973091213, 0.19661193324148185,
        0.2350037122015945, 0.25, 0.2350037122015945, 0.19661193324148185, 0.04517665973091213,
        4.5395807735951673e-5, 9.357622968838423e-14,
      ],
    );
  });

  it('handles NaN, ±∞ and huge inputs without overflow', async () => {
    expectValues(await sigmoid(f64(EDGES)), [nan, 1, 0, 0.5, 1, 0]);
    expectValues(await sigmoidGrad(f64(EDGES)), [nan, 0, 0, 0.25, 0, 0]);
    expectValues(await sigmoid(f64([800, -800])), [1, 0]);
  });

  it('scales by the upstream gradient', async () => {
    expectValues(await sigmoidGrad(f64([0, 0]), {}, { upstream: f64([2, -4]) }), [0.5, -1]);
  });

  it('rounds the float64 value once into float32 for float32 inputs', async () => {
    const y = await sigmoid([1]);
    expect(y.dtype).toBe('float32');
    expect(y.data[0]).toBe(Math.fround(0.7310585786300049));
  });
});

describe('logSigmoid', () => {
  it('matches high-precision values, including −x + tiny for x ≪ 0', async () => {
    expectValues(await logSigmoid(f64(GRID)), [
      -30.000000000000092,
      -10.000045398899218,
      -3.048587351573742,
      -1.3132616875182228,
      -0.9740769841801067,
      -Math.LN2,
      -0.4740769841801067,
      -0.3132616875182228,
      -0.04858735157374206,
      -4.539889921686465e-5,
      -9.357622968839737e-14,
    ]);
  });

  it('has the derivative σ(−x)', async () => {
    expectValues(
      await logSigmoidGrad(f64(GRID)),
      [
        0.9999999999999064, 0.9999546021312976, 0.9525741268224333, 0.7310585786300049, 0.6224593312018546,
        0.5, 0.37754066879814546, 0.2689414213699951, 0.04742587317756678, 4.5397868702434395e-5,
        9.357622968839299e-14,
      ],
    );
  });

  it('handles NaN, ±∞ and huge inputs: logSigmoid(−∞) = −∞, no log(0)', async () => {
    expectValues(await logSigmoid(f64(EDGES)), [nan, 0, -Inf, -Math.LN2, 0, -1e300]);
    expectValues(await logSigmoidGrad(f64(EDGES)), [nan, 0, 1, 0.5, 0, 1]);
    expectValues(await logSigmoid(f64([-800, 800])), [-800, 0]);
  });
});

describe('tanh', () => {
  it('matches high-precision values', async () => {
    expectValues(
      await tanh(f64(GRID)),
      [
        -1, -0.9999999958776927, -0.9950547536867305, -0.7615941559557649, -0.46211715726000974, 0,
        0.46211715726000974, 0.7615941559557649, 0.9950547536867305, 0.9999999958776927, 1,
      ],
    );
  });

  it('has the derivative 1 − tanh² = sech², with relative accuracy where tanh is near ±1', async () => {
    expectValues(
      await tanhGrad(f64(GRID)),
      [
        3.502604305078608e-26, 8.244614455767397e-9, 0.00986603716544019, 0.4199743416140261,
        0.7864477329659274, 1, 0.7864477329659274, 0.4199743416140261, 0.00986603716544019,
        8.244614455767397e-9, 3.502604305078608e-26,
      ],
    );
  });

  it('handles NaN, ±∞ and huge inputs', async () => {
    expectValues(await tanh(f64(EDGES)), [nan, 1, -1, 0, 1, -1]);
    expectValues(await tanhGrad(f64(EDGES)), [nan, 0, 0, 1, 0, 0]);
  });
});

describe('softsign', () => {
  it('is x/(1 + |x|)', async () => {
    // −30/31, −10/11, …: exact fractions rounded
    expectValues(await softsign(f64(GRID)), [
      -30 / 31,
      -10 / 11,
      -0.75,
      -0.5,
      -1 / 3,
      0,
      1 / 3,
      0.5,
      0.75,
      10 / 11,
      30 / 31,
    ]);
  });

  it('has the derivative 1/(1 + |x|)²', async () => {
    expectValues(await softsignGrad(f64(GRID)), [
      1 / 961,
      1 / 121,
      0.0625,
      0.25,
      4 / 9,
      1,
      4 / 9,
      0.25,
      0.0625,
      1 / 121,
      1 / 961,
    ]);
  });

  it('gives ±1 at ±∞ (not ∞/∞) and stays finite for huge inputs', async () => {
    expectValues(await softsign(f64(EDGES)), [nan, 1, -1, 0, 1, -1]);
    expectValues(await softsignGrad(f64(EDGES)), [nan, 0, 0, 1, 0, 0]);
  });
});

describe('softplus', () => {
  it('matches high-precision values with the default beta = 1', async () => {
    expectValues(await softplus(f64(GRID)), [
      9.357622968839737e-14,
      4.539889921686465e-5,
      0.04858735157374206,
      0.3132616875182228,
      0.4740769841801067,
      Math.LN2,
      0.9740769841801067,
      1.3132616875182228,
      3.048587351573742,
      10.000045398899218,
      30.000000000000092,
    ]);
  });

  it('has the derivative σ(beta·x)', async () => {
    expectValues(
      await softplusGrad(f64(GRID)),
      [
        9.357622968839299e-14, 4.5397868702434395e-5, 0.04742587317756678, 0.2689414213699951,
        0.37754066879814546, 0.5, 0.6224593312018546, 0.7310585786300049, 0.9525741268224333,
        0.9999546021312976, 0.9999999999999064,
      ],
    );
  });

  it('takes beta: (1/beta)·log(1 + e^(beta·x))', async () => {
    const x = f64([-1, 0, 1]);
    expectValues(
      await softplus(x, { beta: 2 }),
      [0.06346400552148625, 0.34657359027997264, 1.0634640055214863],
    );
    expectValues(await softplusGrad(x, { beta: 2 }), [0.11920292202211756, 0.5, 0.8807970779778824]);
    const y = f64([-3, 0, 3]);
    expectValues(
      await softplus(y, { beta: 0.5 }),
      [0.4028265559655048, 1.3862943611198906, 3.402826555965505],
    );
    expectValues(await softplusGrad(y, { beta: 0.5 }), [0.18242552380635635, 0.5, 0.8175744761936437]);
  });

  it('has no threshold: keeps log1p(e^(−x)) above x = 20, unlike PyTorch', async () => {
    // softplus(25) = 25 + log1p(e^(−25)) = 25 + 1.3887943864964021e-11
    expectValues(await softplus(f64([25])), [25.000000000013888]);
  });

  it('handles NaN, ±∞ and huge inputs and betas without overflow', async () => {
    expectValues(await softplus(f64(EDGES)), [nan, Inf, 0, Math.LN2, 1e300, 0]);
    expectValues(await softplusGrad(f64(EDGES)), [nan, 1, 0, 0.5, 1, 0]);
    expectValues(await softplus(f64([800, -800])), [800, 0]);
    // beta·x overflows to ±∞ for finite x; the value is still ≈ max(x, 0)
    expectValues(await softplus(f64([1e10, -1e10, 1]), { beta: 1e308 }), [1e10, 0, 1]);
  });

  it('refuses beta ≤ 0, NaN or ∞', async () => {
    for (const beta of [0, -1, nan, Inf]) {
      await expect(softplus(f64([1]), { beta })).rejects.toThrow(named('InvalidParamError'));
    }
  });
});

describe('silu (swish)', () => {
  it('matches high-precision values', async () => {
    expectValues(
      await silu(f64(GRID)),
      [
        -2.8072868906517896e-12, -0.00045397868702434395, -0.14227761953270035, -0.2689414213699951,
        -0.18877033439907273, 0, 0.3112296656009273, 0.7310585786300049, 2.8577223804672998,
        9.999546021312975, 29.999999999997193,
      ],
    );
  });

  it('has the derivative σ(x)(1 + x(1 − σ(x)))', async () => {
    expectValues(
      await siluGrad(f64(GRID)),
      [
        -2.713710660963134e-12, -0.0004085602086570823, -0.08810410601516962, 0.07232948812851327,
        0.2600388126973482, 0.5, 0.7399611873026518, 0.9276705118714867, 1.0881041060151697,
        1.000408560208657, 1.0000000000027136,
      ],
    );
  });

  it('keeps relative accuracy in the left tail', async () => {
    expectValues(await silu(f64([-40, -700])), [-1.6993417021166355e-16, -6.90177358063184e-302]);
    expectValues(await siluGrad(f64([-40, 40])), [-1.6568581595637197e-16, 1.0000000000000002]);
  });

  it('gives the limits at ±∞ (silu(−∞) = 0, not −∞·0) and handles huge inputs', async () => {
    expectValues(await silu(f64(EDGES)), [nan, Inf, 0, 0, 1e300, 0]);
    expectValues(await siluGrad(f64(EDGES)), [nan, 1, 0, 0.5, 1, 0]);
  });

  it('has the minimum −0.27846454276107380 at x = −1.27846454276107380', async () => {
    const xMin = -1.2784645427610738;
    expectValues(await silu(f64([xMin])), [-0.2784645427610738]);
    expect(Math.abs((await siluGrad(f64([xMin]))).data[0]!)).toBeLessThan(1e-15);
  });

  it('is exported as swish too', () => {
    expect(swish).toBe(silu);
    expect(swishGrad).toBe(siluGrad);
  });
});

describe('mish', () => {
  it('matches high-precision values', async () => {
    expectValues(
      await mish(f64(GRID)),
      [
        -2.807286890651921e-12, -0.00045398899185674697, -0.14564746127562458, -0.3034014613741089,
        -0.22074377465173, 0, 0.37524521130489513, 0.8650983882673103, 2.9865350049679575, 9.99999995878067,
        30,
      ],
    );
  });

  it('has the derivative t + x·σ(x)(1 − t²), t = tanh(softplus(x))', async () => {
    // at 0: t = tanh(ln 2) = 3/5 exactly
    expectValues(
      await mishGrad(f64(GRID)),
      [
        -2.713710660963392e-12, -0.00040857978690299194, -0.09339311453232084, 0.05921675587739495,
        0.2895106779135122, 0.6, 0.8864243753577272, 1.0490362200997922, 1.0211069109294437,
        1.0000000783129834, 1,
      ],
    );
  });

  it('keeps relative accuracy in the left tail', async () => {
    expectValues(await mish(f64([-40])), [-1.6993417021166355e-16]);
    expectValues(await mishGrad(f64([-40, 40])), [-1.6568581595637197e-16, 1]);
  });

  it('gives the limits at ±∞ and handles huge inputs', async () => {
    expectValues(await mish(f64(EDGES)), [nan, Inf, 0, 0, 1e300, 0]);
    expectValues(await mishGrad(f64(EDGES)), [nan, 1, 0, 0.6, 1, 0]);
  });
});

describe('gelu', () => {
  it("matches high-precision x·Φ(x) (approximate 'none', the default)", async () => {
    expectValues(
      await gelu(f64(GRID)),
      [
        -1.472014178144456e-196, -7.619853024160526e-23, -0.0040496940948902835, -0.15865525393145705,
        -0.15426876936299344, 0, 0.34573123063700656, 0.8413447460685429, 2.99595030590511, 10, 30,
      ],
    );
    expectValues(await gelu(f64([1]), { approximate: 'none' }), [0.8413447460685429]);
  });

  it('has the derivative Φ(x) + x·φ(x)', async () => {
    expectValues(
      await geluGrad(f64(GRID)),
      [
        -4.416031690708495e-195, -7.618400096464814e-22, -0.011945647204183927, -0.0833154705876863,
        0.13250487534383715, 0.5, 0.8674951246561629, 1.0833154705876864, 1.011945647204184, 1, 1,
      ],
    );
  });

  it('keeps relative accuracy far into the left tail, where 1 + erf(x/√2) cancels', async () => {
    expectValues(await gelu(f64([-20, -37])), [-5.507248237212468e-88, -2.1184613523340935e-298]);
    expectValues(await geluGrad(f64([-20, -37])), [-1.1014360483133464e-86, -7.838298669418516e-297]);
  });

  it('matches high-precision values of the tanh approximation and its derivative', async () => {
    const p = { approximate: 'tanh' } as const;
    // at −30 the true values (≈ e^(−1974)) underflow to 0
    expectValues(
      await gelu(f64(GRID), p),
      [
        0, -1.2040923482098107e-37, -0.003637392081773019, -0.1588080093917233, -0.15428599017485609, 0,
        0.34571400982514394, 0.8411919906082767, 2.996362607918227, 10, 30,
      ],
    );
    expectValues(
      await geluGrad(f64(GRID), p),
      [
        0, -2.7576380638540425e-36, -0.011584166630969726, -0.08296408384578255, 0.1326300964653577, 0.5,
        0.8673699035346423, 1.0829640838457826, 1.0115841666309697, 1, 1,
      ],
    );
  });

  it('gives the limits at ±∞ (gelu(−∞) = 0, gelu′(−∞) = 0, gelu′(∞) = 1) in both forms', async () => {
    for (const approximate of ['none', 'tanh'] as const) {
      expectValues(await gelu(f64(EDGES), { approximate }), [nan, Inf, 0, 0, 1e300, 0]);
      expectValues(await geluGrad(f64(EDGES), { approximate }), [nan, 1, 0, 0.5, 1, 0]);
    }
  });

  it('refuses an unknown approximation', async () => {
    await expect(gelu(f64([1]), { approximate: 'erf' as 'none' })).rejects.toThrow(
      named('InvalidParamError'),
    );
  });
});

describe('logSoftmax', () => {
  const x2 = f64([
    [1, 2, 3],
    [-1, 0, 5],
  ]);
  const lanesAxis1 = [
    -2.40760596444438, -1.4076059644443804, -0.4076059644443803, -6.0091744845917345, -5.0091744845917345,
    -0.009174484591734701,
  ];
  const lanesAxis0 = [
    -0.1269280110429725, -0.1269280110429725, -2.1269280110429727, -2.1269280110429727, -2.1269280110429727,
    -0.1269280110429725,
  ];

  it('works along the last axis by default', async () => {
    expectValues(
      await logSoftmax(f64([1, 2, 3])),
      [-2.40760596444438, -1.4076059644443804, -0.4076059644443803],
    );
    const y = await logSoftmax(x2);
    expect(y.shape).toEqual([2, 3]);
    expectValues(y, lanesAxis1);
    expectValues(await logSoftmax(x2, { axis: 1 }), lanesAxis1);
  });

  it('works along axis 0 (and −2)', async () => {
    expectValues(await logSoftmax(x2, { axis: 0 }), lanesAxis0);
    expectValues(await logSoftmax(x2, { axis: -2 }), lanesAxis0);
  });

  it('gives log-probabilities: exp(y) sums to 1 along the axis', async () => {
    const x = f64(
      Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.7) * 8),
      [2, 3, 4],
    );
    for (const axis of [0, 1, 2]) {
      const y = await logSoftmax(x, { axis });
      const shape = [2, 3, 4];
      const len = shape[axis]!;
      const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
      const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          let s = 0;
          for (let k = 0; k < len; k++) s += Math.exp(y.data[o * len * inner + k * inner + i]!);
          expect(Math.abs(s - 1)).toBeLessThan(1e-14);
        }
      }
    }
  });

  it('is shift-invariant and does not overflow for large entries', async () => {
    expectValues(
      await logSoftmax(f64([1000, 1001, 1002])),
      [-2.40760596444438, -1.4076059644443804, -0.4076059644443803],
    );
  });

  it('keeps the digits of a log-probability close to 0', async () => {
    // y₀ = −log(1 + e^(−40)) = −4.248354255291589e-18, which log(1 + r) would round to 0
    expectValues(await logSoftmax(f64([0, -40])), [-4.248354255291589e-18, -40]);
  });

  it('gives −∞ for −∞ entries; NaN lanes for +∞ or NaN entries, as PyTorch', async () => {
    expectValues(await logSoftmax(f64([0, -Inf])), [0, -Inf]);
    expectValues(
      await logSoftmax(
        f64([
          [1, Inf, 2],
          [1, nan, 2],
          [0, 0, 0],
        ]),
      ),
      [nan, nan, nan, nan, nan, nan, -Math.log(3), -Math.log(3), -Math.log(3)],
    );
  });

  it('has the gradient g − softmax(x)·Σg along the axis', async () => {
    expectValues(
      await logSoftmaxGrad(f64([1, 2, 3]), {}, { upstream: f64([1, 0, 0]) }),
      [0.9099694268296196, -0.24472847105479764, -0.6652409557748219],
    );
    const g = f64([
      [1, 2, 3],
      [0.5, -1, 2],
    ]);
    expectValues(
      await logSoftmaxGrad(x2, { axis: 1 }, { upstream: g }),
      [
        0.4598165609777172, 0.5316291736712141, -0.9914457346489314, 0.49631582764332355, -1.0100146187700647,
        0.5136987911267411,
      ],
    );
    expectValues(
      await logSoftmaxGrad(x2, { axis: 0 }, { upstream: g }),
      [
        -0.3211956169668237, 1.1192029220221176, 2.4039853898894123, 0.3211956169668237, -1.1192029220221176,
        -2.4039853898894123,
      ],
    );
  });

  it('has a zero gradient for a ones upstream (Σ dx = 0 per lane)', async () => {
    const dx = await logSoftmaxGrad(x2);
    for (let r = 0; r < 2; r++) {
      const s = dx.data[3 * r]! + dx.data[3 * r + 1]! + dx.data[3 * r + 2]!;
      expect(Math.abs(s)).toBeLessThan(1e-15);
    }
  });

  it('refuses an axis out of range, a non-integer axis and a scalar input', async () => {
    await expect(logSoftmax(x2, { axis: 2 })).rejects.toThrow(named('InvalidParamError'));
    await expect(logSoftmax(x2, { axis: -3 })).rejects.toThrow(named('InvalidParamError'));
    await expect(logSoftmax(x2, { axis: 0.5 })).rejects.toThrow(named('InvalidParamError'));
    await expect(logSoftmax(f64(1))).rejects.toThrow(named('ShapeError'));
    await expect(logSoftmaxGrad(f64(1))).rejects.toThrow(named('ShapeError'));
  });

  it('gives empty outputs for empty lanes', async () => {
    const y = await logSoftmax(tensor([], [2, 0], 'float64'));
    expect(y.shape).toEqual([2, 0]);
    expect((await logSoftmax(tensor([], [0, 3], 'float64'), { axis: 0 })).size).toBe(0);
  });
});
