import { getSpec, type OpId } from '@rectify/core';
import {
  type BuiltinDatasetName,
  builtinTask,
  configDefaults,
  type LayerConfig,
  type LossName,
  readCsv,
  resolveConfig,
  type Task,
  type TrainConfig,
  type TrainConfigInput,
} from '@rectify/train';
import { changedParams, normalizeParams } from '../params.js';

/** The generated datasets the lab offers, with what the picker says of each. */
export const datasetChoices: readonly { readonly name: BuiltinDatasetName; readonly label: string }[] = [
  { name: 'xor', label: 'XOR' },
  { name: 'circle', label: 'circle' },
  { name: 'gauss', label: 'Gaussians' },
  { name: 'spiral', label: 'spiral' },
  { name: 'moons', label: 'two moons' },
  { name: 'plane', label: 'plane (regression)' },
  { name: 'sine', label: 'sine (regression)' },
];

/** Limits of the lab's controls (the trainer takes more; these keep a page responsive). */
export const limits = Object.freeze({ layers: 16, units: 256, samples: 5000 });

// reading a CSV again for every control change would be wasteful: one answer per file text and options
const csvTasks = new Map<string, Task | null>();

/** What the data asks of the network, or null when a CSV file cannot be read as a dataset. */
export function taskOf(config: TrainConfig): Task | null {
  const d = config.dataset;
  if (d.name !== 'csv') return builtinTask(d.name, d.classes);
  const key = `${d.task}\u0000${d.label ?? ''}\u0000${d.csv}`;
  if (!csvTasks.has(key)) {
    if (csvTasks.size > 8) csvTasks.clear();
    try {
      csvTasks.set(key, readCsv(d.csv, { fileName: d.fileName, label: d.label, task: d.task }).task);
    } catch {
      csvTasks.set(key, null);
    }
  }
  return csvTasks.get(key) ?? null;
}

/** The losses each task can be trained with, the first being what `auto` picks. */
export const lossChoices: Readonly<Record<Task, readonly LossName[]>> = {
  binary: [
    'binaryCrossentropy',
    'meanSquaredError',
    'categoricalCrossentropy',
    'sparseCategoricalCrossentropy',
  ],
  multiclass: ['categoricalCrossentropy', 'sparseCategoricalCrossentropy'],
  regression: ['meanSquaredError', 'huber', 'meanAbsoluteError', 'logCosh'],
};

/** The output layer and loss as a person reads them: `sigmoid + binary cross-entropy`. */
export function headLabel(loss: LossName, task: Task): string {
  const names: Readonly<Record<LossName, string>> = {
    binaryCrossentropy: 'sigmoid + binary cross-entropy',
    categoricalCrossentropy: 'softmax + categorical cross-entropy',
    sparseCategoricalCrossentropy: 'softmax + sparse categorical cross-entropy',
    meanSquaredError: `${task === 'regression' ? 'linear' : 'sigmoid'} + mean squared error`,
    huber: 'linear + Huber',
    meanAbsoluteError: 'linear + mean absolute error',
    logCosh: 'linear + log-cosh',
  };
  return names[loss];
}

/** The loss a config trains with: its own, or the one `auto` picks for the task. */
export function lossOf(config: TrainConfig, task: Task): LossName {
  return config.loss === 'auto' ? lossChoices[task][0]! : config.loss;
}

/**
 * The config with a loss that fits its data: a loss the task cannot take goes back to `auto`, and
 * loss params the (new) loss does not have are dropped, so a change of data never breaks the setup.
 */
function fitLoss(config: TrainConfig): TrainConfig {
  const task = taskOf(config);
  if (task === null) return config;
  const loss = lossChoices[task].includes(config.loss as LossName) ? config.loss : 'auto';
  const allowed = Object.keys(getSpec(lossOf({ ...config, loss }, task)).params);
  const kept = Object.entries(config.lossParams).filter(([name]) => allowed.includes(name));
  if (loss === config.loss && kept.length === Object.keys(config.lossParams).length) return config;
  return resolveConfig({ ...config, loss, lossParams: Object.fromEntries(kept) });
}

/**
 * The config with some fields changed, checked by the trainer's own `resolveConfig` (which throws
 * saying which field and why), with the loss fitted to the data.
 */
export function changeConfig(config: TrainConfig, changes: TrainConfigInput): TrainConfig {
  return fitLoss(resolveConfig({ ...config, ...changes }));
}

/** A generated dataset in place of the current one, keeping its size, noise, split and seed. */
export function withDataset(config: TrainConfig, name: BuiltinDatasetName): TrainConfig {
  const d = config.dataset;
  const defaults = configDefaults.dataset;
  const classes = d.name === 'csv' ? defaults.classes : d.classes;
  return changeConfig(config, {
    dataset: {
      name,
      samples: d.name === 'csv' ? defaults.samples : d.samples,
      noise: d.name === 'csv' ? defaults.noise : d.noise,
      // only spiral and gauss take more than two classes
      classes: name === 'spiral' || name === 'gauss' ? classes : 2,
      testFraction: d.testFraction,
      seed: d.seed,
    },
  });
}

/** A layer with that activation: its params at their defaults (prelu: the initial slope). */
export function layerWith(units: number, activation: OpId): LayerConfig {
  return { units, activation, params: {} };
}

/** A layer's params, every one filled in (for its controls). */
export function layerParams(layer: LayerConfig) {
  return normalizeParams(layer.activation, layer.params);
}

/** The params to keep in the config for a layer: those away from their defaults (a shorter link). */
export function storedParams(activation: OpId, params: Readonly<Record<string, unknown>>) {
  return changedParams(activation, normalizeParams(activation, params));
}

/** The hidden layers with one replaced (or removed, for `null`). */
export function replaceLayer(
  layers: readonly LayerConfig[],
  index: number,
  layer: LayerConfig | null,
): LayerConfig[] {
  const out = [...layers];
  if (layer === null) out.splice(index, 1);
  else out[index] = layer;
  return out;
}

/** A new last layer: like the current last one, or 8 units of the default activation. */
export function addedLayer(layers: readonly LayerConfig[]): LayerConfig[] {
  const last = layers[layers.length - 1];
  return [...layers, last ?? layerWith(8, configDefaults.activation as OpId)];
}
