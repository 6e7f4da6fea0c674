import { describe, expect, it } from 'vitest';
import {
  compactConfig,
  decodeConfig,
  encodeConfig,
  resolveConfig,
  type TrainConfigInput,
} from '../src/index.js';

function rejects(input: unknown, name: string, message: RegExp | string) {
  let error: unknown;
  try {
    resolveConfig(input as TrainConfigInput);
  } catch (err) {
    error = err;
  }
  expect(error, JSON.stringify(input)).toMatchObject({ name });
  if (typeof message === 'string') expect((error as Error).message).toBe(message);
  else expect((error as Error).message).toMatch(message);
}

describe('resolveConfig', () => {
  it('keeps hidden softmax on the units axis and checks lossParams with the auto loss', () => {
    rejects(
      { layers: [{ units: 4, activation: 'softmax', params: { axis: 0 } }] },
      'InvalidParamError',
      /layers\[0\]\.params\.axis must be the units axis \(-1 or 1\), got 0/,
    );
    expect(
      resolveConfig({ layers: [{ units: 4, activation: 'softmax', params: { axis: 1 } }] }).layers,
    ).toHaveLength(1);
    rejects(
      { lossParams: { fromLogits: 'false' } },
      'InvalidParamError',
      /lossParams\.fromLogits must be true or false/,
    );
    rejects({ lossParams: { labelSmoothing: 2 } }, 'InvalidParamError', /lossParams\.labelSmoothing/);
  });

  it('fills every default', () => {
    const c = resolveConfig();
    expect(c).toEqual({
      dataset: { name: 'xor', samples: 200, noise: 0.1, classes: 2, testFraction: 0.3, seed: 1 },
      layers: [
        { units: 8, activation: 'leakyRelu', params: {} },
        { units: 8, activation: 'leakyRelu', params: {} },
      ],
      loss: 'auto',
      lossParams: {},
      optimizer: 'adam',
      learningRate: 0.03,
      momentum: 0.9,
      batchSize: 16,
      l1: 0,
      l2: 0,
      epochs: 100,
      seed: 1,
      init: 'auto',
      biasInit: 0,
      dtype: 'float32',
    });
    expect(resolveConfig(c)).toEqual(c);
    expect(resolveConfig({ seed: 5 }).dataset.seed).toBe(5);
  });

  it('takes layers as widths with a shared activation, or one by one', () => {
    const c = resolveConfig({
      layers: [4, { units: 3, activation: 'prelu', params: { alpha: 0.1 } }],
      activation: 'elu',
      params: { alpha: 0.5 },
    });
    expect(c.layers).toEqual([
      { units: 4, activation: 'elu', params: { alpha: 0.5 } },
      { units: 3, activation: 'prelu', params: { alpha: 0.1 } },
    ]);
    expect(resolveConfig({ activation: 'swish' }).layers[0]!.activation).toBe('silu');
  });

  it('refuses bad fields with the field and the reason', () => {
    rejects(
      { learningRate: 0 },
      'InvalidParamError',
      'training config: learningRate must be in (0, ∞), got 0',
    );
    rejects({ learningRate: -1 }, 'InvalidParamError', /learningRate must be in \(0, ∞\)/);
    rejects(
      { learningRate: Number.NaN },
      'InvalidParamError',
      /learningRate must be a finite number, got NaN/,
    );
    rejects(
      { layers: [8, 0] },
      'InvalidParamError',
      'training config: layers[1].units must be in [1, 1024], got 0',
    );
    rejects({ layers: [2.5] }, 'InvalidParamError', /layers\[0\]\.units must be an integer, got 2.5/);
    rejects({ layers: ['8'] }, 'InvalidParamError', /layers\[0\] must be an object, got "8"/);
    rejects({ layers: 8 }, 'InvalidParamError', /layers must be an array/);
    rejects(
      { activation: 'nope' },
      'UnknownOpError',
      /layers\[0\]\.activation: unknown activation "nope"; the catalog has relu, relu6/,
    );
    rejects(
      { activation: 'huber' },
      'InvalidParamError',
      /layers\[0\]\.activation must be an activation, but huber is a loss/,
    );
    rejects(
      { params: { alpha: Number.NaN } },
      'InvalidParamError',
      'training config: layers[0]: leakyRelu: param "alpha" must not be NaN',
    );
    rejects(
      { activation: 'relu', params: { alpha: 1 } },
      'InvalidParamError',
      /layers\[0\]: relu: unknown param "alpha"/,
    );
    rejects(
      { activation: 'prelu', params: { beta: 1 } },
      'InvalidParamError',
      /layers\[0\]\.params has an unknown key "beta"/,
    );
    rejects(
      { dataset: 'blobs' },
      'InvalidParamError',
      /unknown dataset "blobs"; datasets: xor, circle, gauss, spiral, moons, plane, sine, or csv/,
    );
    rejects(
      { dataset: { name: 'xor', classes: 3 } },
      'InvalidParamError',
      /dataset\.classes must be 2 for xor/,
    );
    rejects(
      { dataset: { name: 'spiral', classes: 11 } },
      'InvalidParamError',
      /must be in \[2, 10\] for spiral/,
    );
    rejects(
      { dataset: { name: 'xor', noise: 2 } },
      'InvalidParamError',
      /dataset\.noise must be in \[0, 1\]/,
    );
    rejects(
      { dataset: { name: 'xor', samples: 3 } },
      'InvalidParamError',
      /dataset\.samples must be in \[4, 100000\]/,
    );
    rejects({ dataset: { name: 'csv' } }, 'InvalidParamError', /dataset\.csv must be the CSV text/);
    rejects(
      { loss: 'hinge' },
      'InvalidParamError',
      /loss must be one of binaryCrossentropy, .*, auto, got "hinge"/,
    );
    rejects(
      { loss: 'huber', lossParams: { delta: 0 } },
      'InvalidParamError',
      /lossParams: huber: param "delta" must be in \(0, ∞\)/,
    );
    rejects(
      { lossParams: { reduction: 'sum' } },
      'InvalidParamError',
      /lossParams\.reduction is fixed by the trainer/,
    );
    rejects({ optimizer: 'rmsprop' }, 'InvalidParamError', /optimizer must be one of sgd, adam/);
    rejects({ momentum: 1 }, 'InvalidParamError', /momentum must be in \[0, 1\)/);
    rejects({ batchSize: 0 }, 'InvalidParamError', /batchSize must be in \[1, ∞\)/);
    rejects({ l2: -0.1 }, 'InvalidParamError', /l2 must be in \[0, ∞\)/);
    rejects({ seed: -1 }, 'InvalidParamError', /seed must be in \[0, 4294967295\]/);
    rejects({ dtype: 'float16' }, 'InvalidParamError', /dtype must be one of float32, float64/);
    rejects({ lr: 0.1 }, 'InvalidParamError', /config has an unknown key "lr"; known keys: dataset, layers/);
    rejects(null, 'InvalidParamError', /config must be an object/);
  });
});

describe('sharing a config by URL', () => {
  const configs: TrainConfigInput[] = [
    {},
    { dataset: 'circle', learningRate: 0.01 },
    {
      dataset: { name: 'spiral', classes: 3, noise: 0.2, seed: 9 },
      layers: [16, 16, 16],
      activation: 'prelu',
      seed: 4,
    },
    {
      layers: [
        { units: 4, activation: 'gelu', params: { approximate: 'tanh' } },
        { units: 2, activation: 'relu' },
      ],
    },
    {
      layers: [],
      loss: 'categoricalCrossentropy',
      lossParams: { labelSmoothing: 0.1 },
      optimizer: 'sgd',
      momentum: 0,
    },
    {
      dataset: { name: 'csv', csv: 'a,b,ünïcode\n1,2,x\n3,4,y\n', fileName: 'my data.csv', label: 'ünïcode' },
    },
  ];

  it.each(configs.map((c) => [JSON.stringify(c), c]))('round-trips %s', (_, input) => {
    const config = resolveConfig(input);
    const code = encodeConfig(config);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeConfig(code)).toEqual(config);
    expect(resolveConfig(compactConfig(config))).toEqual(config);
  });

  it('leaves defaults out, so links stay short', () => {
    expect(compactConfig(resolveConfig({ dataset: 'circle', learningRate: 0.01 }))).toEqual({
      dataset: 'circle',
      learningRate: 0.01,
    });
    expect(encodeConfig(resolveConfig()).length).toBeLessThan(12);
  });

  it('refuses what is not a share string, and checks what is', () => {
    const code = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(() => decodeConfig('')).toThrow(/the share string is empty/);
    expect(() => decodeConfig('abc$def')).toThrow(/character "\$" at position 3 is not base64url/);
    expect(() => decodeConfig('abcde')).toThrow(/cut short/);
    expect(() => decodeConfig(Buffer.from('{not json').toString('base64url'))).toThrow(
      /does not hold a config/,
    );
    expect(() => decodeConfig(code([1, 2]))).toThrow(/does not hold a config object/);
    expect(() => decodeConfig(code({ v: 99 }))).toThrow(/version 99 is not readable by this build/);
    expect(() => decodeConfig(code({ v: 1, learningRate: -1 }))).toThrow(
      expect.objectContaining({ name: 'InvalidParamError', message: expect.stringMatching(/learningRate/) }),
    );
    try {
      decodeConfig('abc$');
    } catch (err) {
      expect((err as Error).name).toBe('InvalidInputError');
    }
  });
});
