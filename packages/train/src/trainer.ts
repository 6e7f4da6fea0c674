import {
  type Backend,
  type FloatDType,
  InvalidInputError,
  InvalidParamError,
  ShapeError,
} from '@rectify/core';
import { type LossName, resolveConfig, type TrainConfig, type TrainConfigInput } from './config.js';
import { type Dataset, makeDataset, type Split } from './datasets.js';
import { accuracy, deadUnitFraction, type EpochMetrics, l2Norm, predictedClass } from './metrics.js';
import { type Head, initLayers, type Layer, Network, resolveHead } from './network.js';
import { exportNetworkOnnx } from './onnx-export.js';
import { createOptimizer, type Optimizer, type OptimizerState } from './optimizers.js';
import { deriveSeed, Random, Stream } from './random.js';

/** Options of {@link Trainer.create}. */
export interface TrainerOptions {
  /** Where every activation and loss runs (forward and gradient). */
  readonly backend: Backend;
}

/** What one optimizer step did. */
export interface StepResult {
  /** Optimizer steps taken so far, this one included. */
  readonly steps: number;
  /** The epoch this step belongs to (0 for the first). */
  readonly epoch: number;
  /** Points in this step's batch. */
  readonly batchSize: number;
  /** The batch's mean data loss before the update. */
  readonly loss: number;
  /** Per layer (output layer last): the L2 norm of its gradient (weights, biases and slopes). */
  readonly gradientNorms: readonly number[];
  /** When this step completed an epoch: the metrics measured after it; otherwise null. */
  readonly completedEpoch: EpochMetrics | null;
}

/** Options of {@link Trainer.train}. */
export interface TrainOptions {
  /** How many more epochs (default: until `config.epochs` epochs are done); `Infinity` runs until aborted. */
  readonly epochs?: number;
  /** Stops after the step in progress when aborted: pause. */
  readonly signal?: AbortSignal;
  /** Called (and awaited) after each epoch: update a view, or yield to the browser here. */
  readonly onEpoch?: (metrics: EpochMetrics) => void | Promise<void>;
  /** Called (and awaited) after each step. */
  readonly onStep?: (step: StepResult) => void | Promise<void>;
}

/** The points of a prediction: `outputs` numbers per point, and the predicted class for classifiers. */
export interface Prediction {
  readonly size: number;
  /** 1 (P(class 1), or the value for regression) or the number of classes (their probabilities). */
  readonly outputs: number;
  /** Row-major [size, outputs]. */
  readonly values: Float64Array;
  /** The predicted class of each point; null for regression. */
  readonly classes: Int32Array | null;
}

/** Options of {@link Trainer.predictGrid}. */
export interface GridOptions {
  /** Points per axis, 2 to 1000 (default 50). */
  readonly resolution?: number;
  /** The range of the first axis (default: the data's range and 10% more on each side). */
  readonly x?: readonly [number, number];
  readonly y?: readonly [number, number];
  /** Which two features the grid spans (default [0, 1]); the others stay at their train mean. */
  readonly axes?: readonly [number, number];
}

/** Predictions on a regular grid, for a decision-boundary heatmap. */
export interface GridPrediction extends Prediction {
  readonly resolution: number;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly axes: readonly [number, number];
  /** The point of grid cell (row r, column c) is x = x0 + c·(x1 − x0)/(resolution − 1), y likewise from r: row 0 is y0, the bottom. */
  readonly points: Float64Array;
}

/** A whole training state as plain JSON: restore it with {@link Trainer.restore} or {@link Trainer.fromSnapshot}. */
export interface TrainerSnapshot {
  readonly version: 1;
  readonly config: TrainConfig;
  readonly epoch: number;
  /** Steps done in the current epoch. */
  readonly batch: number;
  readonly steps: number;
  readonly layers: readonly {
    readonly weights: readonly number[];
    readonly bias: readonly number[];
    readonly alpha: readonly number[] | null;
  }[];
  readonly optimizer: OptimizerState;
  /** Sums of the gradient norms of the current epoch's steps, per layer. */
  readonly gradientSums: readonly number[];
  readonly history: readonly EpochMetrics[];
}

/** A training run's result as plain JSON (what `rectify train --json` writes). */
export interface TrainSummary {
  readonly schema: 'rectify-train/1';
  readonly config: TrainConfig;
  readonly backend: string;
  readonly dtype: FloatDType;
  readonly loss: LossName;
  readonly dataset: {
    readonly name: string;
    readonly task: Dataset['task'];
    readonly features: number;
    readonly classes: number;
    readonly classNames: readonly string[];
    readonly trainSize: number;
    readonly testSize: number;
  };
  readonly layers: readonly { readonly units: number; readonly activation: string }[];
  readonly epochs: number;
  readonly steps: number;
  /** The metrics after the last epoch (epoch 0 when no epoch ran). */
  readonly final: EpochMetrics;
  /** The per-epoch curves, epoch 0 (the initial network) first. */
  readonly history: readonly EpochMetrics[];
}

function copyLayer(layer: Layer): Layer {
  return {
    ...layer,
    weights: layer.weights.slice(),
    bias: layer.bias.slice(),
    alpha: layer.alpha ? layer.alpha.slice() : null,
  };
}

const paramArrays = (layers: readonly Layer[]): Float64Array[] =>
  layers.flatMap((l) => (l.alpha ? [l.weights, l.bias, l.alpha] : [l.weights, l.bias]));

function gather(
  split: Split,
  features: number,
  indices: ArrayLike<number>,
): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(indices.length * features);
  const y = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i]!;
    for (let f = 0; f < features; f++) x[i * features + f] = split.x[j * features + f]!;
    y[i] = split.y[j]!;
  }
  return { x, y };
}

/**
 * Trains a multilayer perceptron on a dataset, one optimizer step at a time, with its activations and
 * loss running on a Rectify backend. Made for a live view as much as for headless runs: {@link step},
 * {@link train} (pausable with an `AbortSignal`), {@link reset} to the same seed, {@link snapshot} /
 * {@link restore}, {@link predictGrid} for a decision boundary, the per-epoch {@link history} of
 * losses, accuracies, dead units, PReLU slopes and gradient norms, and {@link toOnnx}.
 *
 * Steps, `train`, `reset` and `restore` run one after another (a call waits for the one before);
 * predictions and snapshots read the last completed step, so they can run while training goes on.
 * The same config and backend give the same numbers on every run.
 *
 * @example
 * ```ts
 * import { createCpuBackend } from '@rectify/backend-cpu';
 * import { Trainer } from '@rectify/train';
 *
 * const trainer = await Trainer.create(
 *   { dataset: 'xor', layers: [8, 8], activation: 'leakyRelu', learningRate: 0.03, epochs: 50 },
 *   { backend: createCpuBackend() },
 * );
 * const summary = await trainer.train();
 * summary.final.trainAccuracy; // 1
 * const grid = await trainer.predictGrid({ resolution: 40 }); // P(class 1) at 40 × 40 points
 * ```
 */
export class Trainer {
  readonly config: TrainConfig;
  readonly dataset: Dataset;
  readonly head: Head;
  readonly backend: Backend;
  /** Optimizer steps per epoch: the train points divided into batches of `config.batchSize`. */
  readonly stepsPerEpoch: number;
  readonly #batchSize: number;
  #network: Network;
  #optimizer: Optimizer;
  #epoch = 0;
  #batch = 0;
  #steps = 0;
  #gradientSums: number[];
  #history: EpochMetrics[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  #order: { readonly epoch: number; readonly order: Uint32Array } | undefined;

  private constructor(config: TrainConfig, dataset: Dataset, head: Head, backend: Backend) {
    this.config = config;
    this.dataset = dataset;
    this.head = head;
    this.backend = backend;
    this.#batchSize = Math.min(config.batchSize, dataset.train.size);
    this.stepsPerEpoch = Math.ceil(dataset.train.size / this.#batchSize);
    this.#network = this.#freshNetwork();
    this.#optimizer = this.#freshOptimizer();
    this.#gradientSums = this.#network.layers.map(() => 0);
  }

  /**
   * Checks the config, makes the dataset and the initial network, and measures epoch 0. Every problem
   * of the setup throws here, before any training: `InvalidParamError`/`UnknownOpError` for the config,
   * `CsvError` for a bad CSV, `UnsupportedError` for an op or dtype the backend cannot run.
   */
  static async create(config: TrainConfigInput | TrainConfig, options: TrainerOptions): Promise<Trainer> {
    const resolved = resolveConfig(config);
    const dataset = makeDataset(resolved.dataset);
    const head = resolveHead(resolved.loss, resolved.lossParams, dataset);
    const trainer = new Trainer(resolved, dataset, head, options.backend);
    trainer.#history.push(
      await trainer.#evaluate(trainer.#network, { epoch: 0, steps: 0, stepsThisEpoch: 0 }),
    );
    return trainer;
  }

  /** A trainer in the state of a snapshot (same config, on the given backend). */
  static async fromSnapshot(snapshot: TrainerSnapshot, options: TrainerOptions): Promise<Trainer> {
    const trainer = await Trainer.create(snapshot.config, options);
    await trainer.restore(snapshot);
    return trainer;
  }

  #freshNetwork(): Network {
    const rng = new Random(deriveSeed(this.config.seed, Stream.weights));
    const layers = initLayers(this.dataset.features, this.config.layers, this.head, this.config, rng);
    return new Network(layers, this.head, this.dataset.normalization, this.backend, this.config.dtype);
  }

  #freshOptimizer(): Optimizer {
    const { optimizer, learningRate, momentum } = this.config;
    const sizes = paramArrays(this.#network.layers).map((a) => a.length);
    return createOptimizer({ kind: optimizer, learningRate, momentum }, sizes);
  }

  /** Runs `task` after every write queued before it. */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** The network after the last completed step (its layers are not changed by later steps). */
  get network(): Network {
    return this.#network;
  }

  /** Completed epochs. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Optimizer steps taken. */
  get steps(): number {
    return this.#steps;
  }

  /** Steps done in the current epoch. */
  get batch(): number {
    return this.#batch;
  }

  /** The metrics of every completed epoch, epoch 0 (before training) first. */
  get history(): readonly EpochMetrics[] {
    return this.#history;
  }

  /** The metrics of the last completed epoch. */
  get latest(): EpochMetrics {
    return this.#history[this.#history.length - 1]!;
  }

  /** Takes one optimizer step on the next batch; after an epoch's last batch, measures the epoch. */
  step(): Promise<StepResult> {
    return this.#exclusive(() => this.#step());
  }

  /**
   * Trains until `epochs` more epochs are done (default: up to `config.epochs`), or until `signal`
   * aborts (pause: call `train` again to go on). Resolves to the summary of the run so far.
   *
   * @example
   * ```ts
   * const pause = new AbortController();
   * const running = trainer.train({ epochs: 1000, signal: pause.signal, onEpoch: () => new Promise(requestAnimationFrame) });
   * pause.abort(); // later: stops after the current step
   * ```
   */
  train(options: TrainOptions = {}): Promise<TrainSummary> {
    return this.#exclusive(async () => {
      const target = this.#epoch + (options.epochs ?? Math.max(0, this.config.epochs - this.#epoch));
      if (!((Number.isInteger(target) || target === Number.POSITIVE_INFINITY) && target >= this.#epoch)) {
        throw new InvalidParamError(
          `train: epochs must be an integer ≥ 0 or Infinity, got ${options.epochs}`,
        );
      }
      while (this.#epoch < target && !options.signal?.aborted) {
        const result = await this.#step();
        await options.onStep?.(result);
        if (result.completedEpoch) await options.onEpoch?.(result.completedEpoch);
      }
      return this.summary();
    });
  }

  /** Puts the network, optimizer and history back to their state at creation (same seed, same data). */
  reset(): Promise<void> {
    return this.#exclusive(async () => {
      const network = this.#freshNetwork();
      const first = await this.#evaluate(network, { epoch: 0, steps: 0, stepsThisEpoch: 0 });
      this.#network = network;
      this.#optimizer = this.#freshOptimizer();
      this.#epoch = 0;
      this.#batch = 0;
      this.#steps = 0;
      this.#gradientSums = network.layers.map(() => 0);
      this.#history = [first];
    });
  }

  async #step(): Promise<StepResult> {
    // a snapshot taken while an epoch was being measured restores with its steps done but unmeasured
    if (this.#batch === this.stepsPerEpoch) await this.#finishEpoch();
    const { train, features } = this.dataset;
    const order = this.#orderOf(this.#epoch);
    const start = this.#batch * this.#batchSize;
    const indices = order.subarray(start, Math.min(start + this.#batchSize, train.size));
    const { x, y } = gather(train, features, indices);
    const network = this.#network;
    const grads = await network.gradients(x, y, indices.length, this.config);
    const layers = network.layers.map(copyLayer);
    this.#optimizer.update(
      paramArrays(layers),
      grads.layers.flatMap((g) => (g.alpha ? [g.weights, g.bias, g.alpha] : [g.weights, g.bias])),
    );
    const gradientNorms = grads.layers.map((g) => l2Norm([g.weights, g.bias, g.alpha]));
    // the step is committed at once, so readers never see new weights with old counters
    this.#network = new Network(layers, network.head, network.normalization, network.backend, network.dtype);
    this.#steps++;
    this.#batch++;
    this.#gradientSums = this.#gradientSums.map((s, l) => s + gradientNorms[l]!);
    const epoch = this.#epoch;
    const completedEpoch = this.#batch === this.stepsPerEpoch ? await this.#finishEpoch() : null;
    return {
      steps: this.#steps,
      epoch,
      batchSize: indices.length,
      loss: grads.loss,
      gradientNorms,
      completedEpoch,
    };
  }

  /** The batch order of an epoch: drawn from the seed and the epoch alone, so a restored run draws the same. */
  #orderOf(epoch: number): Uint32Array {
    if (this.#order?.epoch !== epoch) {
      const rng = new Random(deriveSeed(this.config.seed, Stream.batches, epoch));
      this.#order = { epoch, order: rng.permutation(this.dataset.train.size) };
    }
    return this.#order.order;
  }

  async #finishEpoch(): Promise<EpochMetrics> {
    const metrics = await this.#evaluate(this.#network, {
      epoch: this.#epoch + 1,
      steps: this.#steps,
      stepsThisEpoch: this.#batch,
    });
    this.#epoch++;
    this.#batch = 0;
    this.#gradientSums = this.#gradientSums.map(() => 0);
    this.#history = [...this.#history, metrics];
    return metrics;
  }

  async #evaluate(
    network: Network,
    at: { readonly epoch: number; readonly steps: number; readonly stepsThisEpoch: number },
  ): Promise<EpochMetrics> {
    const { train, test, task } = this.dataset;
    const outputs = this.head.outputs;
    const trainPass = await network.forward(train.x, train.size);
    const trainLoss = await network.loss(trainPass, train.y);
    const trainAccuracy = accuracy(task, await network.link(trainPass), train.y, outputs);
    let testLoss: number | null = null;
    let testAccuracy: number | null = null;
    if (test.size > 0) {
      const testPass = await network.forward(test.x, test.size);
      testLoss = await network.loss(testPass, test.y);
      testAccuracy = accuracy(task, await network.link(testPass), test.y, outputs);
    }
    const hidden = network.layers.slice(0, -1);
    return {
      epoch: at.epoch,
      steps: at.steps,
      trainLoss,
      testLoss,
      trainAccuracy,
      testAccuracy,
      penalty: network.penalty(this.config),
      deadUnits: hidden.map((l, i) => deadUnitFraction(trainPass.post[i]!, train.size, l.units)),
      preluSlopes: hidden.map((l) => (l.alpha ? Array.from(l.alpha) : null)),
      gradientNorms: this.#gradientSums.map((s) => (at.stepsThisEpoch > 0 ? s / at.stepsThisEpoch : 0)),
    };
  }

  /**
   * Predictions of the current network for raw points (as in the dataset, before any normalization):
   * an array of [x1, x2, …] rows, or a row-major Float64Array.
   *
   * @example
   * ```ts
   * const { values, classes } = await trainer.predict([[0.5, 0.5], [-0.5, 0.5]]);
   * ```
   */
  async predict(points: readonly (readonly number[])[] | Float64Array): Promise<Prediction> {
    const network = this.#network;
    const f = this.dataset.features;
    let x: Float64Array;
    if (points instanceof Float64Array) {
      if (points.length % f !== 0) {
        throw new ShapeError(`predict: ${points.length} values are not whole points of ${f} features`);
      }
      x = points;
    } else {
      x = new Float64Array(points.length * f);
      points.forEach((p, i) => {
        if (!Array.isArray(p) && !ArrayBuffer.isView(p)) {
          throw new InvalidInputError(
            `predict: point ${i} must be an array of ${f} numbers, got ${String(p)}`,
          );
        }
        if (p.length !== f || !p.every(Number.isFinite)) {
          throw new InvalidParamError(
            `predict: point ${i} must be ${f} finite numbers, got [${p.join(', ')}]`,
          );
        }
        x.set(p, i * f);
      });
    }
    const size = x.length / f;
    const values = size === 0 ? new Float64Array(0) : await network.predict(x, size);
    return this.#prediction(values, size);
  }

  #prediction(values: Float64Array, size: number): Prediction {
    const outputs = this.head.outputs;
    let classes: Int32Array | null = null;
    if (this.dataset.task !== 'regression') {
      classes = new Int32Array(size);
      for (let i = 0; i < size; i++) classes[i] = predictedClass(values, i, outputs);
    }
    return { size, outputs, values, classes };
  }

  /**
   * Predictions on a `resolution × resolution` grid over two features (the others at their train mean):
   * the decision boundary of a classifier, the surface of a regression.
   *
   * @example
   * ```ts
   * const grid = await trainer.predictGrid({ resolution: 60, x: [-1.5, 1.5], y: [-1.5, 1.5] });
   * grid.values[r * 60 + c]; // P(class 1) at column c, row r (row 0 at y = -1.5)
   * ```
   */
  async predictGrid(options: GridOptions = {}): Promise<GridPrediction> {
    const { features, bounds, train } = this.dataset;
    const resolution = options.resolution ?? 50;
    if (!(Number.isInteger(resolution) && resolution >= 2 && resolution <= 1000)) {
      throw new InvalidParamError(
        `predictGrid: resolution must be an integer in [2, 1000], got ${resolution}`,
      );
    }
    const axes = options.axes ?? [0, Math.min(1, features - 1)];
    for (const a of axes) {
      if (!(Number.isInteger(a) && a >= 0 && a < features)) {
        throw new InvalidParamError(
          `predictGrid: axes must be feature indices in [0, ${features - 1}], got [${axes.join(', ')}]`,
        );
      }
    }
    const range = (
      given: readonly [number, number] | undefined,
      axis: number,
      name: string,
    ): [number, number] => {
      if (given) {
        if (!(Number.isFinite(given[0]) && Number.isFinite(given[1]) && given[0] < given[1])) {
          throw new InvalidParamError(
            `predictGrid: ${name} must be [lo, hi] with lo < hi, got [${given.join(', ')}]`,
          );
        }
        return [given[0], given[1]];
      }
      const [lo, hi] = bounds[axis]!;
      const pad = 0.1 * (hi - lo || 1);
      return [lo - pad, hi + pad];
    };
    if (features > 1 && axes[0] === axes[1]) {
      throw new InvalidParamError(
        `predictGrid: axes must be two different features, got [${axes.join(', ')}]`,
      );
    }
    const xr = range(options.x, axes[0], 'x');
    const yr = range(options.y, axes[1], 'y');
    const mean = new Float64Array(features);
    for (let i = 0; i < train.size; i++)
      for (let f = 0; f < features; f++) mean[f]! += train.x[i * features + f]! / train.size;
    const size = resolution * resolution;
    const points = new Float64Array(size * features);
    for (let r = 0; r < resolution; r++) {
      const yv = yr[0] + ((yr[1] - yr[0]) * r) / (resolution - 1);
      for (let c = 0; c < resolution; c++) {
        const p = (r * resolution + c) * features;
        points.set(mean, p);
        // one feature: it runs along x and every row is the same curve
        if (axes[1] !== axes[0]) points[p + axes[1]] = yv;
        points[p + axes[0]] = xr[0] + ((xr[1] - xr[0]) * c) / (resolution - 1);
      }
    }
    const values = await this.#network.predict(points, size);
    return { ...this.#prediction(values, size), resolution, x: xr, y: yr, axes: [axes[0], axes[1]], points };
  }

  /** The whole state after the last completed step, as plain JSON. */
  snapshot(): TrainerSnapshot {
    return {
      version: 1,
      config: this.config,
      epoch: this.#epoch,
      batch: this.#batch,
      steps: this.#steps,
      layers: this.#network.layers.map((l) => ({
        weights: Array.from(l.weights),
        bias: Array.from(l.bias),
        alpha: l.alpha ? Array.from(l.alpha) : null,
      })),
      optimizer: this.#optimizer.state(),
      gradientSums: [...this.#gradientSums],
      history: this.#history,
    };
  }

  /** Puts the trainer in a snapshot's state; the snapshot must be of the same config. */
  restore(snapshot: TrainerSnapshot): Promise<void> {
    return this.#exclusive(async () => {
      if (typeof snapshot !== 'object' || snapshot === null)
        throw new InvalidInputError(`restore: a snapshot must be an object, got ${String(snapshot)}`);
      if (snapshot.version !== 1)
        throw new InvalidParamError(`restore: unknown snapshot version ${snapshot.version}`);
      const counter = (name: string, value: unknown, max = Number.MAX_SAFE_INTEGER) => {
        if (!(Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= max)) {
          throw new InvalidParamError(
            `restore: ${name} must be an integer in [0, ${max}], got ${String(value)}`,
          );
        }
      };
      counter('epoch', snapshot.epoch);
      counter('steps', snapshot.steps);
      counter('batch', snapshot.batch, this.stepsPerEpoch - 1);
      if (JSON.stringify(resolveConfig(snapshot.config)) !== JSON.stringify(this.config)) {
        throw new InvalidParamError(
          'restore: the snapshot is of another config; make a trainer with Trainer.fromSnapshot',
        );
      }
      const current = this.#network.layers;
      if (snapshot.layers.length !== current.length) {
        throw new InvalidParamError(
          `restore: the snapshot has ${snapshot.layers.length} layers, the network ${current.length}`,
        );
      }
      const layers = current.map((l, i): Layer => {
        const s = snapshot.layers[i]!;
        if (
          s.weights.length !== l.weights.length ||
          s.bias.length !== l.bias.length ||
          (s.alpha?.length ?? 0) !== (l.alpha?.length ?? 0)
        ) {
          throw new InvalidParamError(
            `restore: layer ${i} of the snapshot does not have the network's sizes`,
          );
        }
        return {
          ...l,
          weights: Float64Array.from(s.weights),
          bias: Float64Array.from(s.bias),
          alpha: s.alpha ? Float64Array.from(s.alpha) : null,
        };
      });
      const optimizer = this.#freshOptimizer();
      optimizer.restore(snapshot.optimizer);
      const n = this.#network;
      this.#network = new Network(layers, n.head, n.normalization, n.backend, n.dtype);
      this.#optimizer = optimizer;
      this.#epoch = snapshot.epoch;
      this.#batch = snapshot.batch;
      this.#steps = snapshot.steps;
      this.#gradientSums = [...snapshot.gradientSums];
      this.#history = [...snapshot.history];
    });
  }

  /** The run so far as plain JSON: config, dataset, final metrics and the per-epoch history. */
  summary(): TrainSummary {
    const d = this.dataset;
    return {
      schema: 'rectify-train/1',
      config: this.config,
      backend: this.backend.name,
      dtype: this.config.dtype,
      loss: this.head.loss,
      dataset: {
        name: d.name,
        task: d.task,
        features: d.features,
        classes: d.classes,
        classNames: d.classNames,
        trainSize: d.train.size,
        testSize: d.test.size,
      },
      layers: this.#network.layers.map((l) => ({ units: l.units, activation: l.activation })),
      epochs: this.#epoch,
      steps: this.#steps,
      final: this.latest,
      history: this.#history,
    };
  }

  /**
   * The current network as an ONNX model (opset 20, float32): input `x` [batch, features] of raw
   * points, output `y` [batch, outputs] of probabilities (sigmoid or softmax) or values.
   */
  toOnnx(): Uint8Array {
    return exportNetworkOnnx(this.#network);
  }
}
