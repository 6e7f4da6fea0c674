import { createCpuBackend } from '@rectify/backend-cpu';
import { getSpec, opIds } from '@rectify/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { type TrainConfigInput, Trainer } from '../src/index.js';

const backend = createCpuBackend();

// The model computes in float32 throughout (MatMul included); the trainer sums in float64 and runs the
// activations in float32, so predictions differ by float32 rounding only.
const ATOL = 1e-5;
const RTOL = 1e-5;

async function runOnnx(bytes: Uint8Array, points: Float64Array, features: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const x = new ort.Tensor('float32', Float32Array.from(points), [points.length / features, features]);
    const out = await session.run({ x });
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['y']);
    return out.y!.data as Float32Array;
  } finally {
    await session.release();
  }
}

async function checkExport(config: TrainConfigInput, epochs = 3): Promise<number> {
  const trainer = await Trainer.create({ ...config, epochs }, { backend });
  await trainer.train();
  const grid = await trainer.predictGrid({ resolution: 15 });
  const got = await runOnnx(trainer.toOnnx(), grid.points, trainer.dataset.features);
  expect(got).toHaveLength(grid.values.length);
  let worst = 0;
  grid.values.forEach((want, i) => {
    const err = Math.abs(got[i]! - want);
    worst = Math.max(worst, err);
    expect(err, `point ${i}`).toBeLessThanOrEqual(ATOL + RTOL * Math.abs(want));
  });
  return worst;
}

describe('the exported ONNX model gives the trainer’s predictions (onnxruntime-node)', () => {
  it('XOR, leakyRelu, sigmoid output: P(class 1) per point', async () => {
    await checkExport({ dataset: 'xor', layers: [8, 8], activation: 'leakyRelu' }, 20);
  });

  it('PReLU with learned slopes', async () => {
    await checkExport({ dataset: 'circle', layers: [6, 6], activation: 'prelu' }, 10);
  });

  it('several classes: softmax probabilities', async () => {
    await checkExport({ dataset: { name: 'spiral', classes: 3 }, layers: [8, 8], activation: 'gelu' });
    await checkExport({
      dataset: { name: 'gauss', classes: 4 },
      layers: [6],
      activation: 'elu',
      loss: 'sparseCategoricalCrossentropy',
    });
  });

  it('regression values, and a probability head (fromLogits false)', async () => {
    await checkExport({ dataset: 'sine', layers: [8], activation: 'tanh', loss: 'huber' });
    await checkExport({
      dataset: 'moons',
      layers: [5],
      activation: 'silu',
      lossParams: { fromLogits: false },
    });
    // two classes trained with squared error: the sigmoid is the last layer's own activation
    await checkExport({ dataset: 'xor', layers: [6], activation: 'relu', loss: 'meanSquaredError' });
  });

  it('a CSV dataset: the standardization of the inputs is in the graph', async () => {
    const rows = ['height_cm,weight_kg,label'];
    for (let i = 0; i < 60; i++) {
      const h = 150 + ((i * 37) % 50);
      const w = 50 + ((i * 53) % 40);
      rows.push(`${h},${w},${h - 150 > w - 50 ? 'tall' : 'heavy'}`);
    }
    await checkExport(
      { dataset: { name: 'csv', csv: rows.join('\n'), fileName: 'people.csv' }, layers: [6] },
      10,
    );
  });

  it('every activation of the catalog exports (rrelu in its evaluation form)', async () => {
    const activations = opIds.filter((op) => getSpec(op).kind === 'activation');
    expect(activations.length).toBeGreaterThan(20);
    for (const activation of activations) {
      const params = activation === 'rrelu' ? { training: true, seed: 3 } : {};
      await checkExport({ dataset: 'moons', layers: [{ units: 5, activation, params }], seed: 2 }, 1);
    }
  });
});
