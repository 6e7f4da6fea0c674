import {
  type BuiltinDatasetConfig,
  type BuiltinDatasetName,
  builtinTask,
  type DatasetConfig,
  resolveConfig,
  type Task,
} from './config.js';
import { readCsv } from './csv.js';
import { deriveSeed, Random, Stream } from './random.js';

/** Points and their targets: `x` row-major [size, features], `y` a class index or a value per point. */
export interface Split {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly size: number;
}

/** Per-feature standardization `(x − mean) / scale`, part of the network (and of its ONNX export). */
export interface Normalization {
  readonly mean: readonly number[];
  readonly scale: readonly number[];
}

/** A dataset split into train and test points, with what a plot of it needs. */
export interface Dataset {
  /** `xor`, …, or the CSV's file name. */
  readonly name: string;
  readonly task: Task;
  readonly features: number;
  readonly featureNames: readonly string[];
  /** Number of classes (0 for regression). */
  readonly classes: number;
  /** The name of each class index: `0`, `1`, … or the CSV's label texts. */
  readonly classNames: readonly string[];
  readonly train: Split;
  readonly test: Split;
  /** The smallest and largest value of each feature over all points (for the axes of a plot). */
  readonly bounds: readonly (readonly [number, number])[];
  /** Standardization of the inputs learned from the train split (CSV files), or null (generated sets). */
  readonly normalization: Normalization | null;
}

/** Points before the split. */
export interface Points {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly size: number;
  readonly features: number;
}

type Generator = (n: number, classes: number, noise: number, rng: Random) => Points;

function points2d(n: number, draw: (i: number) => readonly [number, number, number]): Points {
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b, label] = draw(i);
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = label;
  }
  return { x, y, size: n, features: 2 };
}

// Each classifier draws a class first and the point from that class's shape, then adds Gaussian jitter:
// noise makes the classes overlap, noise 0 keeps them separable.
const generators: Readonly<Record<BuiltinDatasetName, Generator>> = {
  xor: (n, _k, noise, rng) =>
    points2d(n, (i) => {
      // balanced quadrants, kept 0.1 away from the axes so that noise 0 leaves a margin
      const sx = i % 2 === 0 ? 1 : -1;
      const sy = i % 4 < 2 ? 1 : -1;
      const a = sx * rng.uniform(0.1, 1) + noise * rng.normal();
      const b = sy * rng.uniform(0.1, 1) + noise * rng.normal();
      return [a, b, sx === sy ? 0 : 1];
    }),
  circle: (n, _k, noise, rng) =>
    points2d(n, (i) => {
      const inside = i % 2 === 0;
      // a disc of radius 0.5 (uniform over its area) inside a ring from 0.7 to 1
      const r = inside ? 0.5 * Math.sqrt(rng.next()) : rng.uniform(0.7, 1);
      const t = rng.uniform(0, 2 * Math.PI);
      return [r * Math.cos(t) + noise * rng.normal(), r * Math.sin(t) + noise * rng.normal(), inside ? 1 : 0];
    }),
  gauss: (n, k, noise, rng) =>
    points2d(n, (i) => {
      const c = i % k;
      const angle = Math.PI / 4 + (2 * Math.PI * c) / k;
      const spread = Math.hypot(0.15, noise);
      return [
        0.5 * Math.cos(angle) + spread * rng.normal(),
        0.5 * Math.sin(angle) + spread * rng.normal(),
        c,
      ];
    }),
  spiral: (n, k, noise, rng) =>
    points2d(n, (i) => {
      const c = i % k;
      const t = rng.next();
      const r = 0.05 + 0.95 * t;
      const angle = 3.5 * Math.PI * t + (2 * Math.PI * c) / k;
      return [r * Math.cos(angle) + noise * rng.normal(), r * Math.sin(angle) + noise * rng.normal(), c];
    }),
  moons: (n, _k, noise, rng) =>
    points2d(n, (i) => {
      const c = i % 2;
      const t = rng.uniform(0, Math.PI);
      // scikit-learn's two moons, moved and scaled into [−1, 1] × [−0.5, 0.5]
      const a = c === 0 ? Math.cos(t) : 1 - Math.cos(t);
      const b = c === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
      return [(a - 0.5) / 1.5 + noise * rng.normal(), (b - 0.25) / 1.5 + noise * rng.normal(), c];
    }),
  plane: (n, _k, noise, rng) =>
    points2d(n, () => {
      const a = rng.uniform(-1, 1);
      const b = rng.uniform(-1, 1);
      return [a, b, 0.6 * a - 0.4 * b + noise * rng.normal()];
    }),
  sine: (n, _k, noise, rng) =>
    points2d(n, () => {
      const a = rng.uniform(-1, 1);
      const b = rng.uniform(-1, 1);
      return [a, b, Math.sin(Math.PI * a) * Math.cos((Math.PI * b) / 2) + noise * rng.normal()];
    }),
};

/**
 * The points of a generated dataset, before the split: the same for the same config on every machine.
 *
 * @example
 * ```ts
 * const { x, y } = generatePoints(resolveConfig({ dataset: 'moons' }).dataset as BuiltinDatasetConfig);
 * ```
 */
export function generatePoints(config: BuiltinDatasetConfig): Points {
  const rng = new Random(deriveSeed(config.seed, Stream.points));
  return generators[config.name](config.samples, config.classes, config.noise, rng);
}

function take(points: Points, indices: ArrayLike<number>): Split {
  const f = points.features;
  const x = new Float64Array(indices.length * f);
  const y = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i]!;
    x.set(points.x.subarray(j * f, (j + 1) * f), i * f);
    y[i] = points.y[j]!;
  }
  return { x, y, size: indices.length };
}

/** Splits points at random into train and test (`round(size · testFraction)` test points). */
export function splitPoints(
  points: Points,
  testFraction: number,
  seed: number,
): { train: Split; test: Split } {
  const order = new Random(deriveSeed(seed, Stream.split)).permutation(points.size);
  const testSize = Math.min(points.size - 1, Math.round(points.size * testFraction));
  return { test: take(points, order.subarray(0, testSize)), train: take(points, order.subarray(testSize)) };
}

function boundsOf(points: Points): [number, number][] {
  const bounds: [number, number][] = [];
  for (let j = 0; j < points.features; j++) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < points.size; i++) {
      const v = points.x[i * points.features + j]!;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    bounds.push([lo, hi]);
  }
  return bounds;
}

function standardization(train: Split, features: number): Normalization {
  const mean: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < features; j++) {
    let sum = 0;
    for (let i = 0; i < train.size; i++) sum += train.x[i * features + j]!;
    const m = sum / train.size;
    let sq = 0;
    for (let i = 0; i < train.size; i++) sq += (train.x[i * features + j]! - m) ** 2;
    const sd = Math.sqrt(sq / train.size);
    mean.push(m);
    // a constant column stays as it is (centred) rather than dividing by 0
    scale.push(sd > 0 ? sd : 1);
  }
  return { mean, scale };
}

/**
 * Generates (or reads from the CSV text) and splits a dataset. A bad CSV throws a `CsvError` (an
 * `InvalidInputError`) with its line and column.
 *
 * @example
 * ```ts
 * const data = makeDataset(resolveConfig({ dataset: { name: 'spiral', classes: 3, noise: 0.05 } }).dataset);
 * data.task; // 'multiclass'
 * data.train.size + data.test.size; // 200
 * ```
 */
export function makeDataset(config: DatasetConfig): Dataset {
  if (config.name === 'csv') {
    const table = readCsv(config.csv, { fileName: config.fileName, label: config.label, task: config.task });
    const { train, test } = splitPoints(table, config.testFraction, config.seed);
    return {
      name: config.fileName,
      task: table.task,
      features: table.features,
      featureNames: table.featureNames,
      classes: table.classNames.length,
      classNames: table.classNames,
      train,
      test,
      bounds: boundsOf(table),
      normalization: standardization(train, table.features),
    };
  }
  const points = generatePoints(config);
  const task = builtinTask(config.name, config.classes);
  const { train, test } = splitPoints(points, config.testFraction, config.seed);
  return {
    name: config.name,
    task,
    features: 2,
    featureNames: ['x1', 'x2'],
    classes: task === 'regression' ? 0 : config.classes,
    classNames: task === 'regression' ? [] : Array.from({ length: config.classes }, (_, c) => String(c)),
    train,
    test,
    bounds: boundsOf(points),
    normalization: null,
  };
}

/** {@link makeDataset} from a dataset name with its defaults, for quick use. */
export function builtinDataset(name: BuiltinDatasetName, seed = 1): Dataset {
  return makeDataset(resolveConfig({ dataset: name, seed }).dataset);
}
