import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type BuiltinDatasetName,
  builtinDatasets,
  configDefaults,
  decodeConfig,
  type EpochMetrics,
  encodeConfig,
  type LayerInput,
  type TrainConfig,
  type TrainConfigInput,
  Trainer,
  type TrainSummary,
} from '@rectify/train';
import { backendNamesFor, createBackendRegistry, UsageError } from '../backends.js';
import { numberFrom, parseParams } from '../params.js';

export const trainUsage = `rectify train [--dataset xor|circle|gauss|spiral|moons|plane|sine|FILE.csv] [--layers 8,8] [--activation NAME[,NAME]...] [--param k=v]... [--loss L] [--optimizer adam|sgd] [--lr R] [--epochs N] [--seed S] [--backend B] [--json OUT] [--onnx OUT]

Trains a multilayer perceptron on a generated dataset or a CSV file, its activations and loss running
on a Rectify backend; prints progress and the final train/test loss and accuracy.

  --dataset D        xor (default), circle, gauss, spiral, moons (classification), plane, sine
                     (regression), or a CSV file: a header row, numeric feature columns and a label
                     column (the last one, or --label); text labels or up to 10 integers are classes
  --samples N        points of a generated dataset (default 200)
  --noise S          jitter of a generated dataset's points, 0 to 1 (default 0.1)
  --classes K        classes of spiral and gauss, 2 to 10 (default 2)
  --test-fraction F  share held out for testing, 0 to 0.9 (default 0.3)
  --label COL        the CSV's label column (default: the last)
  --task T           for a CSV: auto (default), classification or regression
  --data-seed S      seed of the points and split (default: --seed)
  --layers a,b       hidden layer widths (default 8,8; "none" for no hidden layer)
  --activation A     any activation of the catalog (default leakyRelu), or one per layer: relu,tanh
  --param k=v        a param of the hidden layers' activation, repeatable: --param alpha=0.1
                     (prelu: --param alpha=0.25 is the initial value of its learned slopes)
  --loss L           auto (default: binaryCrossentropy for 2 classes, categoricalCrossentropy for
                     more, meanSquaredError for values), sparseCategoricalCrossentropy, huber,
                     meanAbsoluteError, logCosh
  --loss-param k=v   a param of the loss, repeatable: --loss-param delta=0.5, --loss-param fromLogits=false
  --optimizer O      adam (default) or sgd
  --lr R             learning rate (default 0.03)
  --momentum M       SGD's momentum, 0 to <1 (default 0.9)
  --batch-size B     points per step (default 16)
  --epochs N         passes over the train points (default 100)
  --l1 A, --l2 A     penalties on the weights (default 0)
  --init I           auto (default), he or glorot
  --bias-init B      initial hidden biases (default 0; --bias-init=-3, with '=' for a minus, kills
                     ReLU units)
  --seed S           seed of the weights and batch order (default 1)
  --dtype D          float32 (default) or float64 (cpu, onnx)
  --backend B        cpu (default), tfjs-cpu, tfjs-wasm or onnx
  --config CODE      start from a shared config string (printed after each run); flags override it
  --json OUT         write the run as JSON (schema rectify-train/1: config, per-epoch curves,
                     dead units and PReLU slopes per layer, gradient norms); a CSV's text is left out
  --onnx OUT         write the trained network as an ONNX model: input x [batch, features],
                     output y (probabilities or values)`;

const options = {
  dataset: { type: 'string' },
  samples: { type: 'string' },
  noise: { type: 'string' },
  classes: { type: 'string' },
  'test-fraction': { type: 'string' },
  label: { type: 'string' },
  task: { type: 'string' },
  'data-seed': { type: 'string' },
  layers: { type: 'string' },
  activation: { type: 'string' },
  param: { type: 'string', multiple: true },
  loss: { type: 'string' },
  'loss-param': { type: 'string', multiple: true },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  momentum: { type: 'string' },
  'batch-size': { type: 'string' },
  epochs: { type: 'string' },
  l1: { type: 'string' },
  l2: { type: 'string' },
  init: { type: 'string' },
  'bias-init': { type: 'string' },
  seed: { type: 'string' },
  dtype: { type: 'string' },
  backend: { type: 'string', default: 'cpu' },
  config: { type: 'string' },
  json: { type: 'string' },
  onnx: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options }>>['values'];

/** A number option, or undefined when not given; the config check says what is wrong with a bad one. */
const num = (raw: string | undefined) => (raw === undefined ? undefined : numberFrom(raw));

function readCsvFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

function datasetInput(values: Values, base: TrainConfig | undefined): TrainConfigInput['dataset'] {
  const given = values.dataset;
  const builtin = given === undefined || (builtinDatasets as readonly string[]).includes(given);
  const csv = given !== undefined && !builtin && (given.toLowerCase().endsWith('.csv') || existsSync(given));
  const previous = base?.dataset;
  // a new --dataset starts from its own defaults; dataset flags alone adjust the base config's dataset
  const from = given === undefined ? previous : undefined;
  const common = {
    ...(values['test-fraction'] !== undefined ? { testFraction: num(values['test-fraction']) } : {}),
    ...(values['data-seed'] !== undefined ? { seed: num(values['data-seed']) } : {}),
  };
  if (csv || (given === undefined && previous?.name === 'csv')) {
    for (const flag of ['samples', 'noise', 'classes'] as const) {
      if (values[flag] !== undefined)
        throw new UsageError(`--${flag} is for generated datasets, not a CSV file`);
    }
    const file = csv ? { csv: readCsvFile(given!), fileName: basename(given!) } : {};
    return {
      ...(from?.name === 'csv' ? from : {}),
      name: 'csv',
      ...file,
      ...(values.label !== undefined ? { label: values.label } : {}),
      ...(values.task !== undefined ? { task: values.task as 'auto' } : {}),
      ...common,
    } as TrainConfigInput['dataset'];
  }
  for (const flag of ['label', 'task'] as const) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} is for CSV files`);
  }
  // an unknown name is left to the config check, which lists the datasets
  const name = (given ?? previous?.name ?? 'xor') as BuiltinDatasetName;
  return {
    ...(from?.name !== 'csv' ? from : {}),
    name,
    ...(values.samples !== undefined ? { samples: num(values.samples) } : {}),
    ...(values.noise !== undefined ? { noise: num(values.noise) } : {}),
    ...(values.classes !== undefined ? { classes: num(values.classes) } : {}),
    ...common,
  } as TrainConfigInput['dataset'];
}

function layersInput(values: Values, base: TrainConfig | undefined): Pick<TrainConfigInput, 'layers'> {
  const widths =
    values.layers === undefined
      ? undefined
      : values.layers.trim() === 'none' || values.layers.trim() === ''
        ? []
        : values.layers.split(',').map((s) => numberFrom(s));
  const activations = values.activation?.split(',').map((s) => s.trim());
  const params = values.param === undefined ? undefined : parseParams(values.param);
  // without layer flags the base config's layers (or the defaults) stay as they are
  if (widths === undefined && activations === undefined && params === undefined) return {};
  const count = widths?.length ?? base?.layers.length ?? configDefaults.layers.length;
  if (activations && activations.length > 1 && activations.length !== count) {
    throw new UsageError(
      `--activation names ${activations.length} activations for ${count} hidden layers; give one, or one per layer`,
    );
  }
  const layers = Array.from({ length: count }, (_, i): LayerInput => {
    const kept = base?.layers[i];
    return {
      units: widths?.[i] ?? kept?.units ?? configDefaults.layers[i] ?? configDefaults.layers[0]!,
      activation: activations ? activations[activations.length > 1 ? i : 0] : kept?.activation,
      // a kept layer's params belong to its kept activation
      params: params ?? (activations ? undefined : kept?.params),
    };
  });
  return { layers };
}

/** The config of a command line: the shared config (if any) with the flags on top. */
export function configFromArgs(values: Values): TrainConfigInput {
  const base = values.config === undefined ? undefined : decodeConfig(values.config);
  const pick = <T>(raw: string | undefined, convert: (s: string) => T) =>
    raw === undefined ? {} : (convert(raw) as object);
  return {
    ...(base ?? {}),
    dataset: datasetInput(values, base),
    ...layersInput(values, base),
    ...(values.loss !== undefined ? { loss: values.loss as 'auto' } : {}),
    ...(values['loss-param'] !== undefined ? { lossParams: parseParams(values['loss-param']) } : {}),
    ...pick(values.optimizer, (optimizer) => ({ optimizer })),
    ...pick(values.lr, (s) => ({ learningRate: numberFrom(s) })),
    ...pick(values.momentum, (s) => ({ momentum: numberFrom(s) })),
    ...pick(values['batch-size'], (s) => ({ batchSize: numberFrom(s) })),
    ...pick(values.epochs, (s) => ({ epochs: numberFrom(s) })),
    ...pick(values.l1, (s) => ({ l1: numberFrom(s) })),
    ...pick(values.l2, (s) => ({ l2: numberFrom(s) })),
    ...pick(values.init, (init) => ({ init })),
    ...pick(values['bias-init'], (s) => ({ biasInit: numberFrom(s) })),
    ...pick(values.seed, (s) => ({ seed: numberFrom(s) })),
    ...pick(values.dtype, (dtype) => ({ dtype })),
  } as TrainConfigInput;
}

const pct = (v: number | null) => (v === null ? '' : `${(100 * v).toFixed(1)}%`);
const loss = (v: number | null) => (v === null ? '—' : v.toPrecision(4));

function epochLine(m: EpochMetrics, total: number): string {
  const width = String(total).length;
  const acc = (v: number | null) => (v === null ? '' : `  acc ${pct(v).padStart(6)}`);
  const test = m.testLoss === null ? '' : `   test loss ${loss(m.testLoss)}${acc(m.testAccuracy)}`;
  const dead = m.deadUnits.length ? `   dead ${m.deadUnits.map((d) => pct(d)).join(' ')}` : '';
  return `epoch ${String(m.epoch).padStart(width)}/${total}  train loss ${loss(m.trainLoss)}${acc(m.trainAccuracy)}${test}${dead}`;
}

function slopeLines(m: EpochMetrics): string[] {
  return m.preluSlopes.flatMap((slopes, l) => {
    if (!slopes) return [];
    const mean = slopes.reduce((a, b) => a + b, 0) / slopes.length;
    return [
      `PReLU slopes of layer ${l + 1}: mean ${mean.toFixed(3)}, min ${Math.min(...slopes).toFixed(3)}, max ${Math.max(...slopes).toFixed(3)}`,
    ];
  });
}

/** `rectify train`: returns the exit code. */
export async function trainCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  if (values.help) {
    out(trainUsage);
    return 0;
  }
  const names = backendNamesFor(values.backend);
  if (names.length !== 1) throw new UsageError(`train runs on one backend, got ${names.join(', ')}`);
  const input = configFromArgs(values);
  const registry = createBackendRegistry();
  try {
    const backend = await registry.get(names[0]!);
    const started = performance.now();
    const trainer = await Trainer.create(input, { backend });
    const { config, dataset: d, head } = trainer;
    const arch = [
      d.features,
      ...config.layers.map((l) => `${l.units} ${l.activation}`),
      `${head.outputs} ${head.link === 'linear' ? head.activation : head.link}`,
    ].join(' → ');
    const task = d.task === 'regression' ? 'regression' : `${d.classes} classes`;
    out(
      `train: ${d.name} (${d.train.size} train / ${d.test.size} test points, ${task}); ${arch}; ${head.loss}; ${config.optimizer} lr ${config.learningRate}, batch ${Math.min(config.batchSize, d.train.size)}; ${config.epochs} epochs on ${backend.name} (${config.dtype})`,
    );
    const every = Math.max(1, Math.round(config.epochs / 10));
    out(epochLine(trainer.latest, config.epochs));
    const summary: TrainSummary = await trainer.train({
      onEpoch: (m) => {
        if (m.epoch % every === 0 || m.epoch === config.epochs) out(epochLine(m, config.epochs));
      },
    });
    const durationS = (performance.now() - started) / 1000;
    const f = summary.final;
    const accuracy = (v: number | null) => (v === null ? '' : `, accuracy ${pct(v)}`);
    out('');
    out(`final train loss ${loss(f.trainLoss)}${accuracy(f.trainAccuracy)}`);
    if (f.testLoss !== null) out(`final test loss ${loss(f.testLoss)}${accuracy(f.testAccuracy)}`);
    if (f.deadUnits.length) out(`dead units per hidden layer: ${f.deadUnits.map(pct).join(', ')}`);
    for (const line of slopeLines(f)) out(line);
    if (!Number.isFinite(f.trainLoss)) out('the loss is not finite: the run diverged (try a smaller --lr)');
    const share = encodeConfig(config);
    if (share.length <= 2000) out(`share: --config ${share}`);
    out(`took ${durationS.toFixed(1)} s`);
    if (values.json) {
      // the CSV's text would make the report as large as the data
      const csvLeftOut =
        config.dataset.name === 'csv'
          ? { ...config, dataset: { ...config.dataset, csv: undefined } }
          : config;
      const report = { ...summary, config: csvLeftOut, share, durationS };
      writeFileSync(values.json, `${JSON.stringify(report, null, 1)}\n`);
      out(`wrote ${values.json}`);
    }
    if (values.onnx) {
      const bytes = trainer.toOnnx();
      writeFileSync(values.onnx, bytes);
      out(
        `wrote ${values.onnx} (${bytes.length} bytes): x [batch, ${d.features}] → y [batch, ${head.outputs}]`,
      );
    }
    return 0;
  } finally {
    await registry.dispose();
  }
}
