import { createCpuBackend } from '@rectify/backend-cpu';
import { createOnnxBackend } from '@rectify/backend-onnx';
import { createTfjsBackend } from '@rectify/backend-tfjs';
import type { Backend } from '@rectify/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type TrainConfigInput, Trainer, type TrainSummary } from '../src/index.js';

const factories: Readonly<Record<string, () => Backend | Promise<Backend>>> = {
  cpu: () => createCpuBackend(),
  'tfjs-cpu': () => createTfjsBackend({ backend: 'cpu' }),
  onnx: async () => createOnnxBackend({ ort: await import('onnxruntime-node') }),
};

// small runs: every activation and loss call (prelu's slope gradient included) crosses the backend
const setups: Readonly<Record<string, TrainConfigInput>> = {
  'circle, prelu, BCE': { dataset: 'circle', layers: [6, 6], activation: 'prelu', epochs: 4 },
  'spiral (3 classes), tanh, CCE': {
    dataset: { name: 'spiral', classes: 3 },
    layers: [8],
    activation: 'tanh',
    epochs: 3,
  },
  'sine, elu, huber': { dataset: 'sine', layers: [8], activation: 'elu', loss: 'huber', epochs: 3 },
};

const reference = new Map<string, TrainSummary>();
const cpu = createCpuBackend();
async function onCpu(name: string): Promise<TrainSummary> {
  let summary = reference.get(name);
  if (!summary) {
    summary = await (await Trainer.create(setups[name]!, { backend: cpu })).train();
    reference.set(name, summary);
  }
  return summary;
}

const made = new Map<string, Promise<Backend>>();
const backendFor = (name: string) => {
  if (!made.has(name)) made.set(name, Promise.resolve(factories[name]!()));
  return made.get(name)!;
};
afterAll(async () => {
  for (const b of made.values()) await (await b).dispose?.();
});

describe.each(Object.keys(factories))('training on the %s backend (float32)', (backendName) => {
  it.each(Object.keys(setups))(
    '%s: loss goes down, and the curves match the cpu backend within 1e-5',
    async (setup) => {
      const backend = await backendFor(backendName);
      const trainer = await Trainer.create(setups[setup]!, { backend });
      const summary = await trainer.train();
      expect(summary.backend).toBe(backend.name);
      const { history } = summary;
      expect(history[history.length - 1]!.trainLoss).toBeLessThan(history[0]!.trainLoss);
      const expected = await onCpu(setup);
      // float32 kernels differ by a few ulps between backends; after a few epochs the losses differ by ~1e-7 (seen)
      history.forEach((m, e) => {
        const want = expected.history[e]!;
        expect(Math.abs(m.trainLoss - want.trainLoss), `epoch ${e}`).toBeLessThan(
          1e-5 * Math.max(1, want.trainLoss),
        );
        expect(Math.abs(m.testLoss! - want.testLoss!), `epoch ${e}`).toBeLessThan(
          1e-5 * Math.max(1, want.testLoss!),
        );
        if (want.trainAccuracy !== null)
          expect(Math.abs(m.trainAccuracy! - want.trainAccuracy)).toBeLessThanOrEqual(0.01);
      });
    },
  );
});
