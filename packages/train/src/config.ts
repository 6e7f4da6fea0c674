import {
  type FloatDType,
  getSpec,
  InvalidParamError,
  isRectifyError,
  type OpId,
  opIds,
  resolveParams,
  UnknownOpError,
} from '@rectify/core';

/** A param value of an op, as the catalog takes them. */
export type ParamValue = number | boolean | string;
/** Params of an op by name. */
export type OpParams = Readonly<Record<string, ParamValue>>;

/** The generated datasets: five classification sets and two regression sets, all with two features in about [−1, 1]. */
export const builtinDatasets = ['xor', 'circle', 'gauss', 'spiral', 'moons', 'plane', 'sine'] as const;
/** The name of a generated dataset. */
export type BuiltinDatasetName = (typeof builtinDatasets)[number];

/** What a dataset asks of the network: one probability, one of several classes, or a value. */
export type Task = 'binary' | 'multiclass' | 'regression';

/** The losses a network can be trained with, and the output each implies. */
export const lossNames = [
  'binaryCrossentropy',
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'meanSquaredError',
  'huber',
  'meanAbsoluteError',
  'logCosh',
] as const;
/** A loss a network can be trained with. */
export type LossName = (typeof lossNames)[number];

/** Optimizers: plain SGD (with optional momentum) or Adam. */
export type OptimizerName = 'sgd' | 'adam';
/** Weight initialization: He (rectifiers), Glorot (saturating ops) or `auto` (chosen from each layer's op). */
export type InitName = 'auto' | 'he' | 'glorot';

/** A generated dataset: its shape, size, noise, split and seed. */
export interface BuiltinDatasetConfig {
  readonly name: BuiltinDatasetName;
  /** Number of points, train and test together. */
  readonly samples: number;
  /** Standard deviation of the Gaussian jitter (classification) or of the target noise (regression), in [0, 1]. */
  readonly noise: number;
  /** Number of classes: 2, or up to 10 for `spiral` and `gauss`. */
  readonly classes: number;
  /** Share of the points held out as the test split, in [0, 0.9]. */
  readonly testFraction: number;
  /** Seed of the points and the split; changing it regenerates the data. */
  readonly seed: number;
}

/** A person's own CSV file: a header row, numeric feature columns and one label column. */
export interface CsvDatasetConfig {
  readonly name: 'csv';
  /** Shown in error messages (`data.csv: line 4, column 2 …`). */
  readonly fileName: string;
  /** The file's text. */
  readonly csv: string;
  /** The label column's name; `null` means the last column. */
  readonly label: string | null;
  /** `auto`: classification when the labels are text or at most 10 distinct integers, else regression. */
  readonly task: 'auto' | 'classification' | 'regression';
  readonly testFraction: number;
  readonly seed: number;
}

/** Where the points come from. */
export type DatasetConfig = BuiltinDatasetConfig | CsvDatasetConfig;

/** One hidden layer: its width and its activation op (any activation of the catalog) with params. */
export interface LayerConfig {
  readonly units: number;
  readonly activation: OpId;
  /** The op's params; for `prelu`, `alpha` is the initial value of the learned slopes (default 0.25). */
  readonly params: OpParams;
}

/**
 * The whole setup of a training run: plain JSON, so it can be saved, compared and shared by URL
 * ({@link encodeConfig}). Make one with {@link resolveConfig}, which fills the defaults and checks it.
 */
export interface TrainConfig {
  readonly dataset: DatasetConfig;
  readonly layers: readonly LayerConfig[];
  /**
   * `auto`: binaryCrossentropy for two classes, categoricalCrossentropy for more, meanSquaredError for
   * values. meanSquaredError on two classes puts a sigmoid on the output and compares its probability
   * with the 0/1 label (to compare with binaryCrossentropy).
   */
  readonly loss: LossName | 'auto';
  /** Params of the loss (`delta` of huber, `labelSmoothing`, `fromLogits`); the reduction is always the mean. */
  readonly lossParams: OpParams;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  /** SGD's momentum in [0, 1); 0 is plain SGD. Adam ignores it. */
  readonly momentum: number;
  readonly batchSize: number;
  /** Weight of the L1 penalty `l1·Σ|w|` on the weights (not biases or slopes). */
  readonly l1: number;
  /** Weight of the L2 penalty `l2·Σw²` on the weights (not biases or slopes). */
  readonly l2: number;
  /** Epochs of a headless run ({@link Trainer.train} without a count). */
  readonly epochs: number;
  /** Seed of the initial weights and of the batch order. */
  readonly seed: number;
  readonly init: InitName;
  /** The initial value of every hidden bias (0; a large negative value kills ReLU units). */
  readonly biasInit: number;
  /** The dtype the activations and losses run in on the backend. */
  readonly dtype: FloatDType;
}

/** A layer as a caller writes it: units alone take the config's `activation` and `params`. */
export interface LayerInput {
  readonly units: number;
  readonly activation?: string | undefined;
  readonly params?: OpParams | undefined;
}

/** A generated dataset as a caller writes it: its name, or some of its fields. */
export type BuiltinDatasetInput =
  | BuiltinDatasetName
  | ({ readonly name: BuiltinDatasetName } & {
      readonly [K in keyof BuiltinDatasetConfig]?: BuiltinDatasetConfig[K];
    });

/** A CSV dataset as a caller writes it: the text, and optionally the other fields. */
export type CsvDatasetInput = { readonly name: 'csv'; readonly csv: string } & {
  readonly [K in keyof CsvDatasetConfig]?: CsvDatasetConfig[K];
};

/** What {@link resolveConfig} takes: any subset of {@link TrainConfig}, with shorthands. */
export interface TrainConfigInput {
  readonly dataset?: BuiltinDatasetInput | CsvDatasetInput | undefined;
  /** Hidden layers: widths (`[8, 8]`) or {@link LayerInput}s. */
  readonly layers?: readonly (number | LayerInput)[] | undefined;
  /** The activation of layers that do not name one (default `leakyRelu`). */
  readonly activation?: string | undefined;
  /** The params of layers that do not give their own. */
  readonly params?: OpParams | undefined;
  readonly loss?: LossName | 'auto' | undefined;
  readonly lossParams?: OpParams | undefined;
  readonly optimizer?: OptimizerName | undefined;
  readonly learningRate?: number | undefined;
  readonly momentum?: number | undefined;
  readonly batchSize?: number | undefined;
  readonly l1?: number | undefined;
  readonly l2?: number | undefined;
  readonly epochs?: number | undefined;
  readonly seed?: number | undefined;
  readonly init?: InitName | undefined;
  readonly biasInit?: number | undefined;
  readonly dtype?: FloatDType | undefined;
}

/** The defaults {@link resolveConfig} fills in (the dataset's seed defaults to the config's). */
export const configDefaults = Object.freeze({
  dataset: Object.freeze({ name: 'xor', samples: 200, noise: 0.1, classes: 2, testFraction: 0.3 }),
  layers: Object.freeze([8, 8]),
  activation: 'leakyRelu',
  loss: 'auto',
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
} as const);

const MAX_SEED = 0xffffffff;
const MAX_LAYERS = 16;
const MAX_UNITS = 1024;
const MAX_SAMPLES = 100_000;
const MAX_CLASSES = 10;

/** The classes a generated dataset can have. */
export function classRange(name: BuiltinDatasetName): readonly [number, number] {
  if (name === 'spiral' || name === 'gauss') return [2, MAX_CLASSES];
  return [2, 2];
}

/** The task of a generated dataset with that many classes. */
export function builtinTask(name: BuiltinDatasetName, classes: number): Task {
  if (name === 'plane' || name === 'sine') return 'regression';
  return classes > 2 ? 'multiclass' : 'binary';
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value;
}

function fail(path: string, message: string): never {
  throw new InvalidParamError(`training config: ${path} ${message}`);
}

interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly exclusiveMin?: boolean;
  readonly exclusiveMax?: boolean;
  readonly integer?: boolean;
}

function checkNumber(path: string, value: unknown, rule: NumberRule): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    fail(path, `must be a finite number, got ${show(value)}`);
  if (rule.integer && !Number.isInteger(value)) fail(path, `must be an integer, got ${value}`);
  const low = rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min);
  const high = rule.max !== undefined && (rule.exclusiveMax ? value >= rule.max : value > rule.max);
  if (low || high) {
    const lo = rule.min === undefined ? '(-∞' : `${rule.exclusiveMin ? '(' : '['}${rule.min}`;
    const hi = rule.max === undefined ? '∞)' : `${rule.max}${rule.exclusiveMax ? ')' : ']'}`;
    fail(path, `must be in ${lo}, ${hi}, got ${value}`);
  }
  return value;
}

function checkChoice<const V extends string>(path: string, value: unknown, choices: readonly V[]): V {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    fail(path, `must be one of ${choices.join(', ')}, got ${show(value)}`);
  }
  return value as V;
}

function checkKeys(path: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      fail(path || 'config', `has an unknown key "${key}"; known keys: ${known.join(', ')}`);
    }
  }
}

function checkObject(path: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(path, `must be an object, got ${show(value)}`);
  }
  return value as Record<string, unknown>;
}

function checkParamsObject(path: string, value: unknown): OpParams {
  const obj = checkObject(path, value);
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'string') {
      fail(`${path}.${k}`, `must be a number, true/false or a string, got ${show(v)}`);
    }
  }
  return Object.freeze({ ...(obj as Record<string, ParamValue>) });
}

const checkSeed = (path: string, v: unknown) =>
  checkNumber(path, v, { min: 0, max: MAX_SEED, integer: true });
const checkTestFraction = (path: string, v: unknown) => checkNumber(path, v, { min: 0, max: 0.9 });

function resolveDataset(input: unknown, seed: number): DatasetConfig {
  const raw = typeof input === 'string' ? { name: input } : checkObject('dataset', input ?? { name: 'xor' });
  const d = configDefaults.dataset;
  if (raw.name === 'csv') {
    checkKeys('dataset', raw, ['name', 'fileName', 'csv', 'label', 'task', 'testFraction', 'seed']);
    if (typeof raw.csv !== 'string') fail('dataset.csv', `must be the CSV text, got ${show(raw.csv)}`);
    const fileName = raw.fileName ?? 'data.csv';
    if (typeof fileName !== 'string') fail('dataset.fileName', `must be a string, got ${show(fileName)}`);
    const label = raw.label ?? null;
    if (label !== null && typeof label !== 'string')
      fail('dataset.label', `must be a column name, got ${show(label)}`);
    return Object.freeze({
      name: 'csv',
      fileName,
      csv: raw.csv,
      label,
      task: checkChoice('dataset.task', raw.task ?? 'auto', ['auto', 'classification', 'regression']),
      testFraction: checkTestFraction('dataset.testFraction', raw.testFraction ?? d.testFraction),
      seed: checkSeed('dataset.seed', raw.seed ?? seed),
    });
  }
  if (typeof raw.name !== 'string' || !(builtinDatasets as readonly string[]).includes(raw.name)) {
    throw new InvalidParamError(
      `training config: unknown dataset ${show(raw.name)}; datasets: ${builtinDatasets.join(', ')}, or csv (a file)`,
    );
  }
  const name = raw.name as BuiltinDatasetName;
  checkKeys('dataset', raw, ['name', 'samples', 'noise', 'classes', 'testFraction', 'seed']);
  const [minClasses, maxClasses] = classRange(name);
  const classes = checkNumber('dataset.classes', raw.classes ?? d.classes, { integer: true, min: 2 });
  if (classes < minClasses || classes > maxClasses) {
    fail(
      'dataset.classes',
      minClasses === maxClasses
        ? `must be 2 for ${name} (only spiral and gauss take more), got ${classes}`
        : `must be in [${minClasses}, ${maxClasses}] for ${name}, got ${classes}`,
    );
  }
  return Object.freeze({
    name,
    samples: checkNumber('dataset.samples', raw.samples ?? d.samples, {
      integer: true,
      min: 4,
      max: MAX_SAMPLES,
    }),
    noise: checkNumber('dataset.noise', raw.noise ?? d.noise, { min: 0, max: 1 }),
    classes,
    testFraction: checkTestFraction('dataset.testFraction', raw.testFraction ?? d.testFraction),
    seed: checkSeed('dataset.seed', raw.seed ?? seed),
  });
}

/** Checks an activation id and its params; throws with the layer's place in the message. */
function resolveActivation(path: string, id: unknown, params: OpParams): OpId {
  if (typeof id !== 'string') fail(`${path}.activation`, `must be an op id, got ${show(id)}`);
  let spec: ReturnType<typeof getSpec>;
  try {
    spec = getSpec(id);
  } catch (err) {
    if (isRectifyError(err) && err.name === 'UnknownOpError') {
      const activations = opIds.filter((op) => getSpec(op).kind === 'activation');
      throw new UnknownOpError(
        `training config: ${path}.activation: unknown activation "${id}"; the catalog has ${activations.join(', ')}`,
      );
    }
    throw err;
  }
  if (spec.kind !== 'activation') fail(`${path}.activation`, `must be an activation, but ${id} is a loss`);
  if (spec.id === 'prelu') {
    checkKeys(`${path}.params`, params, ['alpha']);
    if (params.alpha !== undefined) checkNumber(`${path}.params.alpha`, params.alpha, {});
    return spec.id;
  }
  let axis: unknown;
  try {
    const resolved = resolveParams(spec.id, spec.params, params);
    axis = (resolved as { axis?: unknown }).axis;
    const broken = spec.checkParams?.(resolved);
    if (broken) throw new InvalidParamError(broken, { op: spec.id });
  } catch (err) {
    if (isRectifyError(err) && err.name === 'InvalidParamError') {
      throw new InvalidParamError(`training config: ${path}: ${err.message}`, { cause: err });
    }
    throw err;
  }
  // a hidden layer's values are [batch, units]: softmax over axis 0 would mix the points of a batch
  if (axis !== undefined && axis !== -1 && axis !== 1) {
    fail(`${path}.params.axis`, `must be the units axis (-1 or 1), got ${String(axis)}`);
  }
  return spec.id as OpId;
}

function resolveLayers(input: TrainConfigInput): LayerConfig[] {
  const raw: unknown = input.layers ?? configDefaults.layers;
  if (!Array.isArray(raw)) fail('layers', `must be an array of layer widths or layers, got ${show(raw)}`);
  if (raw.length > MAX_LAYERS)
    fail('layers', `may have at most ${MAX_LAYERS} hidden layers, got ${raw.length}`);
  const defaultParams = input.params === undefined ? {} : checkParamsObject('params', input.params);
  return raw.map((entry: unknown, i) => {
    const path = `layers[${i}]`;
    const layer = typeof entry === 'number' ? { units: entry } : checkObject(path, entry);
    checkKeys(path, layer, ['units', 'activation', 'params']);
    const units = checkNumber(`${path}.units`, layer.units, { integer: true, min: 1, max: MAX_UNITS });
    const params =
      layer.params === undefined ? defaultParams : checkParamsObject(`${path}.params`, layer.params);
    const activation = resolveActivation(
      path,
      layer.activation ?? input.activation ?? configDefaults.activation,
      params,
    );
    return Object.freeze({ units, activation, params });
  });
}

/** Loss params a caller may set: everything but the reduction (always the mean) and the axis (always the last). */
function resolveLossParams(loss: LossName | 'auto', input: unknown): OpParams {
  const params = input === undefined ? {} : checkParamsObject('lossParams', input);
  for (const key of ['reduction', 'axis']) {
    if (key in params) fail(`lossParams.${key}`, 'is fixed by the trainer (mean over the batch, last axis)');
  }
  if (loss === 'auto') {
    checkKeys('lossParams', params, ['fromLogits', 'labelSmoothing']);
    if (params.fromLogits !== undefined && typeof params.fromLogits !== 'boolean') {
      fail('lossParams.fromLogits', `must be true or false, got ${show(params.fromLogits)}`);
    }
    if (params.labelSmoothing !== undefined) {
      checkNumber('lossParams.labelSmoothing', params.labelSmoothing, { min: 0, max: 1 });
    }
    return params;
  }
  const spec = getSpec(loss as string);
  try {
    const resolved = resolveParams(spec.id, spec.params, params);
    const broken = spec.checkParams?.(resolved);
    if (broken) throw new InvalidParamError(broken, { op: spec.id });
  } catch (err) {
    if (isRectifyError(err) && err.name === 'InvalidParamError') {
      throw new InvalidParamError(`training config: lossParams: ${err.message}`, { cause: err });
    }
    throw err;
  }
  return params;
}

const topKeys = [
  'dataset',
  'layers',
  'activation',
  'params',
  'loss',
  'lossParams',
  'optimizer',
  'learningRate',
  'momentum',
  'batchSize',
  'l1',
  'l2',
  'epochs',
  'seed',
  'init',
  'biasInit',
  'dtype',
] as const;

/**
 * Fills in the defaults of a training setup and checks every field, before any work: unknown keys,
 * datasets, activations and losses, layer widths, a learning rate ≤ 0, … throw `InvalidParamError`
 * (or `UnknownOpError` for an unknown activation) saying which field and why.
 *
 * @example
 * ```ts
 * const config = resolveConfig({ dataset: 'circle', layers: [8, 8], activation: 'relu', learningRate: 0.01 });
 * config.dataset.samples; // 200
 * resolveConfig({ learningRate: 0 }); // InvalidParamError: training config: learningRate must be in (0, ∞), got 0
 * ```
 */
export function resolveConfig(input: TrainConfigInput | TrainConfig = {}): TrainConfig {
  const raw = checkObject('config', input);
  checkKeys('', raw, topKeys);
  const i = input as TrainConfigInput;
  const seed = checkSeed('seed', i.seed ?? configDefaults.seed);
  const loss = checkChoice('loss', i.loss ?? configDefaults.loss, [...lossNames, 'auto']);
  return Object.freeze({
    dataset: resolveDataset(i.dataset, seed),
    layers: Object.freeze(resolveLayers(i)),
    loss,
    lossParams: resolveLossParams(loss, i.lossParams),
    optimizer: checkChoice('optimizer', i.optimizer ?? configDefaults.optimizer, ['sgd', 'adam']),
    learningRate: checkNumber('learningRate', i.learningRate ?? configDefaults.learningRate, {
      min: 0,
      exclusiveMin: true,
    }),
    momentum: checkNumber('momentum', i.momentum ?? configDefaults.momentum, {
      min: 0,
      max: 1,
      exclusiveMax: true,
    }),
    batchSize: checkNumber('batchSize', i.batchSize ?? configDefaults.batchSize, { integer: true, min: 1 }),
    l1: checkNumber('l1', i.l1 ?? configDefaults.l1, { min: 0 }),
    l2: checkNumber('l2', i.l2 ?? configDefaults.l2, { min: 0 }),
    epochs: checkNumber('epochs', i.epochs ?? configDefaults.epochs, { integer: true, min: 0, max: 1e6 }),
    seed,
    init: checkChoice('init', i.init ?? configDefaults.init, ['auto', 'he', 'glorot']),
    biasInit: checkNumber('biasInit', i.biasInit ?? configDefaults.biasInit, {}),
    dtype: checkChoice('dtype', i.dtype ?? configDefaults.dtype, ['float32', 'float64']),
  });
}
