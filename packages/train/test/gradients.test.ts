import { createCpuBackend } from '@rectify/backend-cpu';
import { describe, expect, it } from 'vitest';
import { type Network, type TrainConfigInput, Trainer } from '../src/index.js';

// The whole network's gradients (backend VJPs of activations and losses, chained by the package's
// loops) against central differences of its loss, in float64 on the cpu backend.
const backend = createCpuBackend();
const H = 1e-6;
// central differences in float64 with h = 1e-6 are good to ~1e-9 here; the bound leaves room for curvature
const RTOL = 1e-6;
const ATOL = 1e-8;

async function objective(net: Network, x: Float64Array, y: Float64Array, n: number, l1: number, l2: number) {
  const pass = await net.forward(x, n, 'train');
  return (await net.loss(pass, y)) + net.penalty({ l1, l2 });
}

async function checkGradients(config: TrainConfigInput, points = 12) {
  const trainer = await Trainer.create({ ...config, dtype: 'float64', seed: 7 }, { backend });
  // a few steps first, so the check is not only at the initial weights
  for (let i = 0; i < 3; i++) await trainer.step();
  const net = trainer.network;
  const { train, features } = trainer.dataset;
  const n = Math.min(points, train.size);
  const x = train.x.slice(0, n * features);
  const y = train.y.slice(0, n);
  const { l1, l2 } = trainer.config;
  const grads = await net.gradients(x, y, n, { l1, l2 });
  let checked = 0;
  let worst = 0;
  for (const [l, layer] of net.layers.entries()) {
    const pairs: [Float64Array, Float64Array][] = [
      [layer.weights, grads.layers[l]!.weights],
      [layer.bias, grads.layers[l]!.bias],
    ];
    if (layer.alpha) pairs.push([layer.alpha, grads.layers[l]!.alpha!]);
    for (const [param, grad] of pairs) {
      for (let i = 0; i < param.length; i++) {
        const keep = param[i]!;
        param[i] = keep + H;
        const up = await objective(net, x, y, n, l1, l2);
        param[i] = keep - H;
        const down = await objective(net, x, y, n, l1, l2);
        param[i] = keep;
        const numeric = (up - down) / (2 * H);
        const err = Math.abs(grad[i]! - numeric);
        worst = Math.max(worst, err / (ATOL + RTOL * Math.abs(numeric)));
        expect(err, `layer ${l} param ${i}: analytic ${grad[i]} vs numeric ${numeric}`).toBeLessThanOrEqual(
          ATOL + RTOL * Math.abs(numeric),
        );
        checked++;
      }
    }
  }
  return { checked, worst, grads, trainer };
}

describe('gradients of a whole network agree with finite differences (float64, cpu)', () => {
  it('tanh → prelu → sigmoid head with BCE from logits, L2 penalty: slopes included', async () => {
    const { checked, grads } = await checkGradients({
      dataset: 'circle',
      layers: [
        { units: 5, activation: 'tanh' },
        { units: 4, activation: 'prelu', params: { alpha: 0.2 } },
      ],
      l2: 0.01,
    });
    expect(checked).toBe(2 * 5 + 5 + 5 * 4 + 4 + 4 + 4 * 1 + 1);
    expect(grads.layers[1]!.alpha).not.toBeNull();
    expect(grads.penalty).toBeGreaterThan(0);
  });

  it('elu → gelu → softmax head with categorical cross-entropy from logits and label smoothing', async () => {
    await checkGradients({
      dataset: { name: 'spiral', classes: 3 },
      layers: [
        { units: 6, activation: 'elu' },
        { units: 5, activation: 'gelu', params: { approximate: 'tanh' } },
      ],
      loss: 'categoricalCrossentropy',
      lossParams: { labelSmoothing: 0.1 },
    });
  });

  it('softplus with sparse categorical cross-entropy and an L1 penalty', async () => {
    await checkGradients({
      dataset: { name: 'gauss', classes: 4 },
      layers: [{ units: 4, activation: 'softplus', params: { beta: 2 } }],
      loss: 'sparseCategoricalCrossentropy',
      l1: 0.01,
    });
  });

  it('silu → mish regression with huber', async () => {
    await checkGradients({
      dataset: 'sine',
      layers: [
        { units: 6, activation: 'silu' },
        { units: 4, activation: 'mish' },
      ],
      loss: 'huber',
      lossParams: { delta: 0.5 },
    });
  });

  it('selu → logCosh and softsign → mean squared error', async () => {
    await checkGradients({ dataset: 'plane', layers: [{ units: 5, activation: 'selu' }], loss: 'logCosh' });
    await checkGradients({
      dataset: 'sine',
      layers: [{ units: 5, activation: 'softsign' }],
      loss: 'meanSquaredError',
    });
  });

  it('two classes with squared error: the sigmoid output on the backend, MSE against the 0/1 labels', async () => {
    const { trainer } = await checkGradients({
      dataset: 'circle',
      layers: [{ units: 4, activation: 'relu' }],
      loss: 'meanSquaredError',
    });
    expect(trainer.head.activation).toBe('sigmoid');
  });

  it('probabilities through the backend: sigmoid + BCE and softmax + CCE with fromLogits false', async () => {
    const binary = await checkGradients({
      dataset: 'moons',
      layers: [{ units: 5, activation: 'tanh' }],
      lossParams: { fromLogits: false },
    });
    expect(binary.trainer.head.activation).toBe('sigmoid');
    const multi = await checkGradients({
      dataset: { name: 'gauss', classes: 3 },
      layers: [{ units: 4, activation: 'softmax' }],
      loss: 'categoricalCrossentropy',
      lossParams: { fromLogits: false },
    });
    expect(multi.trainer.head.activation).toBe('softmax');
  });

  it('no hidden layer: logistic regression', async () => {
    const { checked } = await checkGradients({ dataset: 'gauss', layers: [] });
    expect(checked).toBe(3);
  });
});
