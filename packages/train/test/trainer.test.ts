import { createCpuBackend } from '@rectify/backend-cpu';
import { createTfjsBackend } from '@rectify/backend-tfjs';
import { describe, expect, it } from 'vitest';
import { type EpochMetrics, type TrainConfigInput, Trainer } from '../src/index.js';

const backend = createCpuBackend();

const xor: TrainConfigInput = {
  dataset: { name: 'xor', noise: 0 },
  layers: [8, 8],
  activation: 'leakyRelu',
  optimizer: 'adam',
  learningRate: 0.03,
  seed: 3,
};

describe('Trainer', () => {
  it('XOR reaches 100% train accuracy with leakyRelu within 20 epochs (seed 3)', async () => {
    const trainer = await Trainer.create({ ...xor, epochs: 20 }, { backend });
    expect(trainer.history[0]!.trainAccuracy).toBeLessThan(0.9);
    const summary = await trainer.train();
    const first = summary.history.findIndex((m) => m.trainAccuracy === 1);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(20);
    expect(summary.final.trainAccuracy).toBe(1);
    expect(summary.final.testAccuracy).toBe(1);
    expect(summary.final.trainLoss).toBeLessThan(summary.history[0]!.trainLoss / 10);
    expect(summary.epochs).toBe(20);
    expect(summary.steps).toBe(20 * trainer.stepsPerEpoch);
  });

  it('a dying-ReLU setup (biases at −3) reports dead units; leakyRelu and PReLU recover', async () => {
    const setup: TrainConfigInput = {
      dataset: { name: 'circle', noise: 0.05 },
      layers: [8, 8],
      biasInit: -3,
      epochs: 60,
    };
    const relu = await Trainer.create({ ...setup, activation: 'relu' }, { backend });
    expect(relu.history[0]!.deadUnits).toEqual([1, 1]);
    const dead = await relu.train();
    // no unit ever outputs anything but 0, so no hidden weight ever gets a gradient
    expect(dead.final.deadUnits).toEqual([1, 1]);
    expect(dead.final.trainAccuracy).toBeLessThan(0.6);
    expect(dead.final.gradientNorms[0]).toBe(0);
    expect(dead.final.gradientNorms[1]).toBe(0);

    for (const activation of ['leakyRelu', 'prelu'] as const) {
      const trainer = await Trainer.create({ ...setup, activation }, { backend });
      const { final } = await trainer.train();
      expect(final.deadUnits, activation).toEqual([0, 0]);
      expect(final.trainAccuracy, activation).toBeGreaterThan(0.9);
      expect(final.gradientNorms[0], activation).toBeGreaterThan(0);
      if (activation === 'prelu') {
        const slopes = final.preluSlopes.flatMap((s) => s ?? []);
        expect(slopes).toHaveLength(16);
        // learned: they moved away from the initial 0.25
        expect(slopes.some((a) => Math.abs(a - 0.25) > 0.05)).toBe(true);
      } else {
        expect(final.preluSlopes).toEqual([null, null]);
      }
    }
  });

  it('the same seed gives identical results; another seed does not', async () => {
    const config: TrainConfigInput = {
      dataset: 'moons',
      layers: [6, 6],
      activation: 'prelu',
      epochs: 5,
      l2: 1e-3,
    };
    const a = await (await Trainer.create(config, { backend })).train();
    const b = await (await Trainer.create(config, { backend })).train();
    expect(b.history).toEqual(a.history);
    const c = await (await Trainer.create({ ...config, seed: 2 }, { backend })).train();
    expect(c.final.trainLoss).not.toBe(a.final.trainLoss);
  });

  it('step(): one batch per call, an epoch after stepsPerEpoch calls, with its metrics', async () => {
    const trainer = await Trainer.create(
      { dataset: { name: 'circle', samples: 100, testFraction: 0.2 }, batchSize: 32 },
      { backend },
    );
    expect(trainer.stepsPerEpoch).toBe(3); // 80 train points: 32 + 32 + 16
    const s1 = await trainer.step();
    const s2 = await trainer.step();
    expect([s1.batchSize, s2.batchSize, s1.completedEpoch, s2.completedEpoch]).toEqual([32, 32, null, null]);
    expect(trainer.epoch).toBe(0);
    const s3 = await trainer.step();
    expect(s3.batchSize).toBe(16);
    expect(s3.completedEpoch?.epoch).toBe(1);
    expect(s3.completedEpoch?.steps).toBe(3);
    expect(trainer.epoch).toBe(1);
    expect(trainer.history.map((m) => m.epoch)).toEqual([0, 1]);
    expect(s1.gradientNorms).toHaveLength(3);
    const mean = [s1, s2, s3].reduce((sum, s) => sum + s.gradientNorms[0]!, 0) / 3;
    expect(s3.completedEpoch!.gradientNorms[0]).toBeCloseTo(mean, 12);
  });

  it('reset() returns to the initial state, and the run replays identically', async () => {
    const trainer = await Trainer.create({ ...xor, epochs: 3 }, { backend });
    const initial = trainer.snapshot();
    const first = await trainer.train();
    await trainer.reset();
    expect(trainer.snapshot()).toEqual(initial);
    const second = await trainer.train();
    expect(second.history).toEqual(first.history);
  });

  it('snapshot/restore: a run continued from a JSON snapshot matches the uninterrupted run', async () => {
    const config: TrainConfigInput = {
      dataset: 'spiral',
      layers: [8],
      activation: 'prelu',
      optimizer: 'adam',
      epochs: 4,
      batchSize: 10,
    };
    const whole = await (await Trainer.create(config, { backend })).train();
    const part = await Trainer.create(config, { backend });
    await part.train({ epochs: 1 });
    for (let i = 0; i < 5; i++) await part.step(); // mid-epoch
    const saved = JSON.parse(JSON.stringify(part.snapshot()));
    const resumed = await Trainer.fromSnapshot(saved, { backend });
    expect(resumed.steps).toBe(part.steps);
    const rest = await resumed.train();
    expect(rest.history).toEqual(whole.history);
    // a snapshot of another setup is refused
    const other = await Trainer.create({ ...config, seed: 9 }, { backend });
    await expect(other.restore(saved)).rejects.toThrow(/another config/);
  });

  it('refuses a snapshot with counters out of range, and a non-object snapshot or point, with typed errors', async () => {
    const trainer = await Trainer.create({ dataset: 'xor', layers: [4], seed: 1 }, { backend });
    await trainer.step();
    const snap = trainer.snapshot();
    const tamper = (part: object) => JSON.parse(JSON.stringify({ ...snap, ...part }));
    await expect(trainer.restore(tamper({ batch: trainer.stepsPerEpoch }))).rejects.toThrow(
      expect.objectContaining({
        name: 'InvalidParamError',
        message: expect.stringMatching(/restore: batch/),
      }),
    );
    await expect(trainer.restore(tamper({ epoch: 1.5 }))).rejects.toThrow(
      expect.objectContaining({ name: 'InvalidParamError' }),
    );
    await expect(trainer.restore(tamper({ steps: -5 }))).rejects.toThrow(
      expect.objectContaining({ name: 'InvalidParamError' }),
    );
    await expect(trainer.restore(null as never)).rejects.toThrow(
      expect.objectContaining({ name: 'InvalidInputError' }),
    );
    await expect(trainer.predict([null as never])).rejects.toThrow(
      expect.objectContaining({ name: 'InvalidInputError' }),
    );
    // the trainer is unchanged and still trains
    expect(trainer.steps).toBe(1);
    expect(Number.isFinite((await trainer.step()).loss)).toBe(true);
  });

  it('predictGrid runs a one-feature dataset along x, and refuses equal axes otherwise', async () => {
    const csv = `a,b\n${Array.from({ length: 20 }, (_, i) => `${i / 10},${Math.sin(i / 5)}`).join('\n')}\n`;
    const one = await Trainer.create(
      {
        dataset: { name: 'csv', fileName: 'one.csv', csv, task: 'regression' },
        layers: [4],
        loss: 'meanSquaredError',
        seed: 1,
      },
      { backend },
    );
    const grid = await one.predictGrid({ resolution: 3 });
    const row = (r: number) => Array.from(grid.values.slice(r * 3, r * 3 + 3));
    expect(row(1)).toEqual(row(0));
    expect(new Set(row(0)).size).toBe(3);
    const two = await Trainer.create({ dataset: 'xor', layers: [4], seed: 1 }, { backend });
    await expect(two.predictGrid({ axes: [1, 1] })).rejects.toThrow(
      expect.objectContaining({
        name: 'InvalidParamError',
        message: expect.stringMatching(/two different features/),
      }),
    );
  });

  it('pauses on an aborted signal and resumes where it stopped', async () => {
    const trainer = await Trainer.create({ ...xor, epochs: 10 }, { backend });
    const pause = new AbortController();
    const seen: EpochMetrics[] = [];
    await trainer.train({
      signal: pause.signal,
      onEpoch: (m) => {
        seen.push(m);
        if (m.epoch === 2) pause.abort();
      },
    });
    expect(trainer.epoch).toBe(2);
    expect(seen.map((m) => m.epoch)).toEqual([1, 2]);
    const done = await trainer.train();
    expect(done.epochs).toBe(10);
    const straight = await (await Trainer.create({ ...xor, epochs: 10 }, { backend })).train();
    expect(done.history).toEqual(straight.history);
  });

  it('train({ epochs: Infinity }) runs until paused', async () => {
    const trainer = await Trainer.create(xor, { backend });
    const pause = new AbortController();
    await trainer.train({
      epochs: Number.POSITIVE_INFINITY,
      signal: pause.signal,
      onStep: (s) => void (s.steps === 25 && pause.abort()),
    });
    expect(trainer.steps).toBe(25);
    expect(trainer.batch).toBe(25 - trainer.stepsPerEpoch * trainer.epoch);
    await expect(trainer.train({ epochs: -1 })).rejects.toThrow(/epochs must be an integer ≥ 0 or Infinity/);
  });

  it('steps queued during a run wait for it', async () => {
    const trainer = await Trainer.create({ ...xor, epochs: 2 }, { backend });
    const run = trainer.train();
    const step = trainer.step();
    await run;
    expect((await step).steps).toBe(2 * trainer.stepsPerEpoch + 1);
  });

  it('predictGrid spans the data with the predictions of predict()', async () => {
    const trainer = await Trainer.create({ ...xor, epochs: 15 }, { backend });
    await trainer.train();
    const grid = await trainer.predictGrid({ resolution: 11, x: [-1, 1], y: [-1, 1] });
    expect(grid.values).toHaveLength(121);
    expect(grid.outputs).toBe(1);
    expect([grid.points[0], grid.points[1]]).toEqual([-1, -1]);
    expect([grid.points[2 * 120], grid.points[2 * 120 + 1]]).toEqual([1, 1]);
    const corners = await trainer.predict([
      [-0.9, -0.9],
      [0.9, -0.9],
      [-0.9, 0.9],
      [0.9, 0.9],
    ]);
    // XOR: the same-sign quadrants are class 0
    expect(Array.from(corners.classes!)).toEqual([0, 1, 1, 0]);
    const cell = (r: number, c: number) => grid.values[r * 11 + c]!;
    expect(cell(0, 0)).toBeCloseTo((await trainer.predict([[-1, -1]])).values[0]!, 12);
    expect(cell(0, 10)).toBeGreaterThan(0.5);
    expect(cell(10, 10)).toBeLessThan(0.5);
    const auto = await trainer.predictGrid({ resolution: 5 });
    const [lo, hi] = trainer.dataset.bounds[0]!;
    expect(auto.x[0]).toBeLessThan(lo);
    expect(auto.x[1]).toBeGreaterThan(hi);
    await expect(trainer.predictGrid({ resolution: 1 })).rejects.toThrow(/resolution/);
    await expect(trainer.predict([[1]])).rejects.toThrow(/point 0 must be 2 finite numbers/);
  });

  it('several classes: spiral with 3 arms, softmax and categorical cross-entropy', async () => {
    const trainer = await Trainer.create(
      {
        dataset: { name: 'spiral', classes: 3, noise: 0.02 },
        layers: [24, 24],
        activation: 'leakyRelu',
        epochs: 100,
        batchSize: 10,
      },
      { backend },
    );
    expect(trainer.head).toMatchObject({ loss: 'categoricalCrossentropy', outputs: 3, link: 'softmax' });
    const { final } = await trainer.train();
    expect(final.trainAccuracy).toBeGreaterThan(0.9);
    const p = await trainer.predict([[0.1, 0.2]]);
    expect(p.values).toHaveLength(3);
    expect(p.values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('regression: linear output with MSE or huber, no accuracy', async () => {
    for (const loss of ['meanSquaredError', 'huber'] as const) {
      const trainer = await Trainer.create(
        { dataset: 'sine', layers: [16], activation: 'tanh', loss, epochs: 40 },
        { backend },
      );
      const { final, history } = await trainer.train();
      expect(final.trainAccuracy).toBeNull();
      expect(final.trainLoss).toBeLessThan(history[0]!.trainLoss / 4);
      expect(trainer.head.link).toBe('linear');
    }
  });

  it('two classes with meanSquaredError: a sigmoid output whose probability is compared with the label', async () => {
    const setup: TrainConfigInput = { ...xor, epochs: 40 };
    const mse = await Trainer.create({ ...setup, loss: 'meanSquaredError' }, { backend });
    expect(mse.head).toMatchObject({
      loss: 'meanSquaredError',
      outputs: 1,
      activation: 'sigmoid',
      link: 'linear',
      lossParams: { reduction: 'mean' },
    });
    const p = await mse.predict([[0.5, 0.5]]);
    expect(p.values[0]).toBeGreaterThan(0);
    expect(p.values[0]).toBeLessThan(1);
    const squared = await mse.train();
    expect(squared.final.trainAccuracy).toBeGreaterThan(0.9);
    // the same network with cross-entropy gets further in the same epochs: MSE's gradient through a
    // sigmoid has the factor σ′, which vanishes where the output saturates
    const bce = await (await Trainer.create(setup, { backend })).train();
    expect(bce.final.trainAccuracy).toBeGreaterThanOrEqual(squared.final.trainAccuracy!);
    // still only two classes: the other regression losses stay refused there
    await expect(Trainer.create({ ...setup, loss: 'meanAbsoluteError' }, { backend })).rejects.toThrow(
      /meanAbsoluteError is for regression, but xor has 2 classes \(use binaryCrossentropy, or meanSquaredError after a sigmoid\)/,
    );
    await expect(
      Trainer.create({ dataset: { name: 'spiral', classes: 3 }, loss: 'meanSquaredError' }, { backend }),
    ).rejects.toThrow(/meanSquaredError is for regression, but spiral has 3 classes/);
  });

  it('SGD with momentum trains too', async () => {
    const trainer = await Trainer.create(
      { ...xor, optimizer: 'sgd', learningRate: 0.1, momentum: 0.9, epochs: 30 },
      { backend },
    );
    const { final } = await trainer.train();
    expect(final.trainAccuracy).toBe(1);
  });

  it('the L2 penalty shrinks the weights', async () => {
    const norm = async (l2: number) => {
      const trainer = await Trainer.create({ ...xor, l2, epochs: 15 }, { backend });
      await trainer.train();
      return trainer.network.layers.reduce((s, l) => s + l.weights.reduce((a, w) => a + w * w, 0), 0);
    };
    expect(await norm(0.01)).toBeLessThan((await norm(0)) / 2);
  });

  it('the summary is plain JSON', async () => {
    const trainer = await Trainer.create(
      { ...xor, layers: [{ units: 4, activation: 'prelu' }], epochs: 2 },
      { backend },
    );
    const summary = await trainer.train();
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
    expect(summary).toMatchObject({
      schema: 'rectify-train/1',
      backend: 'cpu',
      loss: 'binaryCrossentropy',
      dataset: { name: 'xor', task: 'binary', trainSize: 140, testSize: 60 },
      layers: [
        { units: 4, activation: 'prelu' },
        { units: 1, activation: 'linear' },
      ],
    });
    expect(summary.history).toHaveLength(3);
    expect(summary.final.preluSlopes[0]).toHaveLength(4);
  });

  it('refuses a bad setup before any work, with the named errors', async () => {
    const reject = (config: TrainConfigInput, name: string, message: RegExp) =>
      expect(Trainer.create(config, { backend })).rejects.toMatchObject({
        name,
        message: expect.stringMatching(message),
      });
    await reject({ learningRate: 0 }, 'InvalidParamError', /learningRate must be in \(0, ∞\), got 0/);
    await reject({ dataset: 'blobs' as 'xor' }, 'InvalidParamError', /unknown dataset "blobs"/);
    await reject(
      { activation: 'reluu' },
      'UnknownOpError',
      /layers\[0\]\.activation: unknown activation "reluu"/,
    );
    await reject(
      { dataset: 'sine', loss: 'binaryCrossentropy' },
      'InvalidParamError',
      /needs two classes, but sine is a regression dataset/,
    );
    await reject({ dataset: 'xor', loss: 'huber' }, 'InvalidParamError', /huber is for regression/);
    await reject(
      { dataset: { name: 'spiral', classes: 3 }, loss: 'binaryCrossentropy' },
      'InvalidParamError',
      /use categoricalCrossentropy/,
    );
    await reject(
      { dataset: 'sine', lossParams: { fromLogits: true } },
      'InvalidParamError',
      /lossParams: meanSquaredError: unknown param "fromLogits"/,
    );
    const tfjs = await createTfjsBackend({ backend: 'cpu' });
    await expect(Trainer.create({ dtype: 'float64' }, { backend: tfjs })).rejects.toMatchObject({
      name: 'UnsupportedError',
      message: expect.stringMatching(/does not compute in float64/),
    });
  });
});
