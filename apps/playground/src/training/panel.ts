import type { NumberParam, OpId } from '@rectify/core';
import {
  type BuiltinDatasetInput,
  type BuiltinDatasetName,
  type CsvDatasetInput,
  classRange,
  configDefaults,
  type LossName,
  parseCsv,
  readCsv,
  type Task,
  type TrainConfig,
} from '@rectify/train';
import { numberControl, paramControls } from '../components/param-controls.js';
import { segments } from '../components/segments.js';
import { errorMessage, h, replaceChildren } from '../dom.js';
import { changedParams, normalizeParams, type ParamMap } from '../params.js';
import {
  activationChoices,
  button,
  choiceNumber,
  type Part,
  problemSlot,
  selectControl,
} from './controls.js';
import {
  addedLayer,
  changeConfig,
  datasetChoices,
  headLabel,
  layerParams,
  layerWith,
  limits,
  lossChoices,
  lossOf,
  replaceLayer,
  storedParams,
  taskOf,
  withDataset,
} from './setup.js';

/**
 * Asks for a new setup made from the current one; `commit` false while a slider is dragged. Returns
 * why it was refused (the trainer's own message), or null when it was taken.
 */
export type Propose = (make: (config: TrainConfig) => TrainConfig, commit: boolean) => string | null;

/** The largest CSV file the lab takes: the whole file goes into the share link. */
export const maxCsvBytes = 256 * 1024;

const numberDef = (doc: string, rule: Omit<NumberParam, 'type' | 'doc' | 'default'> = {}): NumberParam => ({
  type: 'number',
  default: 0,
  doc,
  ...rule,
});

/** A section whose controls are rebuilt when `key` changes (another dataset, layers, loss) and updated otherwise. */
function rebuilt(
  initial: TrainConfig,
  key: (config: TrainConfig) => string,
  build: (config: TrainConfig) => Part<TrainConfig>,
): Part<TrainConfig> {
  const element = h('div', { class: 'params' });
  let shownKey = key(initial);
  let part = build(initial);
  element.append(part.element);
  return {
    element,
    update(config) {
      const next = key(config);
      if (next === shownKey) {
        part.update(config);
        return;
      }
      // the control in use keeps the focus across the rebuild
      const focused = element.contains(document.activeElement) ? document.activeElement?.id : undefined;
      shownKey = next;
      part = build(config);
      replaceChildren(element, part.element);
      if (focused) document.getElementById(focused)?.focus();
    },
  };
}

/** Runs a proposal and shows its refusal in the section's slot. */
function asker(propose: Propose, slot: ReturnType<typeof problemSlot>) {
  return (make: (config: TrainConfig) => TrainConfig, commit: boolean): boolean => {
    const problem = propose(make, commit);
    slot.show(problem);
    return problem === null;
  };
}

const setDataset = (config: TrainConfig, fields: Readonly<Record<string, unknown>>) =>
  changeConfig(config, {
    dataset: { ...config.dataset, ...fields } as BuiltinDatasetInput | CsvDatasetInput,
  });

/** The value, or a throw when it is outside the control's range: the lab's own limits (the trainer takes more, but the page would crawl). */
function inRange(label: string, def: NumberParam, v: number): number {
  const { min, max } = def;
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
    throw new RangeError(`${label} must be in [${min ?? '−∞'}, ${max ?? '∞'}], got ${v}`);
  }
  return v;
}

/** A slider with a number box bound to one number of the config. */
function boundNumber(
  ask: (make: (config: TrainConfig) => TrainConfig, commit: boolean) => boolean,
  options: {
    readonly id: string;
    readonly label: string;
    readonly def: NumberParam;
    readonly slider?: { readonly min: number; readonly max: number; readonly step: number };
    readonly read: (config: TrainConfig) => number;
    readonly write: (config: TrainConfig, value: number) => TrainConfig;
  },
): Part<TrainConfig> {
  const control = numberControl({
    id: options.id,
    label: options.label,
    def: options.def,
    ...(options.slider ? { slider: options.slider } : {}),
    propose: (v, commit) => ask((c) => options.write(c, inRange(options.label, options.def, v)), commit),
  });
  return { element: control.element, update: (c) => control.set(options.read(c)) };
}

function csvUpload(propose: Propose): HTMLElement {
  const slot = problemSlot('training-csv-error');
  const input = h('input', {
    type: 'file',
    id: 'training-csv',
    'data-testid': 'training-csv',
    accept: '.csv,.tsv,.txt,text/csv,text/plain',
  });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    slot.show(null);
    if (file.size > maxCsvBytes) {
      slot.show(
        `${file.name}: ${Math.ceil(file.size / 1024)} KB is more than the lab takes (${maxCsvBytes / 1024} KB): the whole file goes into the share link.`,
      );
      input.value = '';
      return;
    }
    let text: string;
    try {
      text = await file.text();
      readCsv(text, { fileName: file.name });
    } catch (err) {
      slot.show(errorMessage(err));
      input.value = '';
      return;
    }
    const problem = propose(
      (c) =>
        changeConfig(c, {
          dataset: {
            name: 'csv',
            csv: text,
            fileName: file.name,
            label: null,
            task: 'auto',
            testFraction: c.dataset.testFraction,
            seed: c.dataset.seed,
          },
        }),
      true,
    );
    slot.show(problem);
    // the same file chosen again after a fix must fire a change
    input.value = '';
  });
  return h(
    'div',
    { class: 'param csv-upload' },
    h('label', { for: 'training-csv' }, 'Your own CSV file'),
    input,
    slot.element,
    h(
      'p',
      { class: 'param-doc' },
      `A header row, numeric feature columns and a label column (the last, or the one you pick): text labels or up to 10 distinct integers are classes, other numbers a value to fit. Up to ${maxCsvBytes / 1024} KB.`,
    ),
  );
}

function csvParts(config: TrainConfig, ask: ReturnType<typeof asker>): Part<TrainConfig>[] {
  const d = config.dataset;
  if (d.name !== 'csv') return [];
  let header: readonly string[] = [];
  let rows = 0;
  try {
    const records = parseCsv(d.csv, d.fileName);
    header = records[0]?.fields ?? [];
    rows = Math.max(0, records.length - 1);
  } catch {
    // checked before it became the setup: cannot happen, and the trainer would say what is wrong
  }
  const label = selectControl({
    id: 'training-csv-label',
    label: 'label column',
    choices: [
      { value: '', label: `the last (${header[header.length - 1] ?? '?'})` },
      ...header.map((name) => ({ value: name, label: name })),
    ],
    onPick: (v) => ask((c) => setDataset(c, { label: v === '' ? null : v }), true),
  });
  const task = selectControl({
    id: 'training-csv-task',
    label: 'task',
    choices: [
      { value: 'auto', label: 'auto (from the labels)' },
      { value: 'classification', label: 'classification' },
      { value: 'regression', label: 'regression' },
    ],
    onPick: (v) => ask((c) => setDataset(c, { task: v }), true),
  });
  const summary = h('p', { class: 'param-doc', 'data-testid': 'training-csv-summary' });
  const show = (c: TrainConfig) => {
    const data = c.dataset;
    if (data.name !== 'csv') return;
    label.set(data.label ?? '');
    task.set(data.task);
    const t = taskOf(c);
    summary.textContent = `${data.fileName}: ${rows} rows, ${Math.max(0, header.length - 1)} features, ${t === 'regression' ? 'a value to fit' : t === null ? 'unreadable' : 'classes'}.`;
  };
  show(config);
  return [
    { element: summary, update: show },
    { element: label.element, update: show },
    { element: task.element, update: () => undefined },
  ];
}

function datasetSection(initial: TrainConfig, propose: Propose): Part<TrainConfig> {
  const slot = problemSlot('training-dataset-problem');
  const ask = asker(propose, slot);
  const upload = csvUpload(propose);
  const controls = rebuilt(
    initial,
    (c) =>
      c.dataset.name === 'csv'
        ? `csv\u0000${c.dataset.fileName}\u0000${c.dataset.csv.length}`
        : c.dataset.name,
    (config) => {
      const d = config.dataset;
      const parts: Part<TrainConfig>[] = [];
      const picker = selectControl({
        id: 'training-dataset',
        label: 'Data',
        choices: [
          ...datasetChoices.map((c) => ({ value: c.name, label: c.label })),
          ...(d.name === 'csv' ? [{ value: 'csv', label: d.fileName }] : []),
        ],
        onPick: (v) => {
          if (v !== 'csv') ask((c) => withDataset(c, v as BuiltinDatasetName), true);
        },
      });
      parts.push({ element: picker.element, update: (c) => picker.set(c.dataset.name) });
      parts.push(...csvParts(config, ask));
      if (d.name !== 'csv') {
        const [, maxClasses] = classRange(d.name);
        if (maxClasses > 2) {
          const classes = selectControl({
            id: 'training-classes',
            label: 'classes',
            choices: Array.from({ length: maxClasses - 1 }, (_, i) => ({
              value: String(i + 2),
              label: String(i + 2),
            })),
            onPick: (v) => ask((c) => setDataset(c, { classes: Number(v) }), true),
          });
          parts.push({
            element: classes.element,
            update: (c) => classes.set(String(c.dataset.name === 'csv' ? 2 : c.dataset.classes)),
          });
        }
        const builtin = (c: TrainConfig) => (c.dataset.name === 'csv' ? undefined : c.dataset);
        parts.push(
          boundNumber(ask, {
            id: 'training-samples',
            label: 'points',
            def: numberDef('Points, train and test together.', {
              integer: true,
              min: 4,
              max: limits.samples,
            }),
            slider: { min: 20, max: 1000, step: 10 },
            read: (c) => builtin(c)?.samples ?? configDefaults.dataset.samples,
            write: (c, v) => setDataset(c, { samples: v }),
          }),
          boundNumber(ask, {
            id: 'training-noise',
            label: 'noise',
            def: numberDef(
              'Gaussian jitter of the points (regression: of the targets); 0 keeps the classes apart.',
              {
                min: 0,
                max: 1,
              },
            ),
            slider: { min: 0, max: 1, step: 0.01 },
            read: (c) => builtin(c)?.noise ?? configDefaults.dataset.noise,
            write: (c, v) => setDataset(c, { noise: v }),
          }),
        );
      }
      parts.push(
        boundNumber(ask, {
          id: 'training-test-fraction',
          label: 'test split',
          def: numberDef('The share of points held out to test on (drawn with a dark outline).', {
            min: 0,
            max: 0.9,
          }),
          slider: { min: 0, max: 0.9, step: 0.05 },
          read: (c) => c.dataset.testFraction,
          write: (c, v) => setDataset(c, { testFraction: v }),
        }),
      );
      const seed = numberControl({
        id: 'training-data-seed',
        label: 'data seed',
        def: numberDef('Seed of the points and of the split.', { integer: true, min: 0, max: 0xffffffff }),
        propose: (v) => ask((c) => setDataset(c, { seed: v }), true),
      });
      const regenerate = button(
        d.name === 'csv' ? 'Reshuffle the split' : 'Regenerate',
        { 'data-testid': 'training-regenerate' },
        () => ask((c) => setDataset(c, { seed: (c.dataset.seed + 1) % 0x100000000 }), true),
      );
      seed.element.querySelector('.param-inputs')?.append(regenerate);
      parts.push({ element: seed.element, update: (c) => seed.set(c.dataset.seed) });
      const element = h(
        'div',
        { class: 'params' },
        parts.map((p) => p.element),
      );
      const update = (c: TrainConfig) => {
        for (const p of parts) p.update(c);
      };
      update(config);
      return { element, update };
    },
  );
  return {
    element: h('div', { class: 'params' }, controls.element, slot.element, upload),
    update: (c) => controls.update(c),
  };
}

function layerRow(config: TrainConfig, index: number, ask: ReturnType<typeof asker>): Part<TrainConfig> {
  const layer = config.layers[index]!;
  const prefix = `training-layer-${index}`;
  const unitsDef = numberDef('', { integer: true, min: 1, max: limits.units });
  const units = numberControl({
    id: `${prefix}-units`,
    label: 'units',
    def: unitsDef,
    propose: (v) =>
      ask(
        (c) =>
          changeConfig(c, {
            layers: replaceLayer(c.layers, index, {
              ...c.layers[index]!,
              units: inRange('units', unitsDef, v),
            }),
          }),
        true,
      ),
  });
  const activation = selectControl({
    id: `${prefix}-activation`,
    label: 'activation',
    choices: activationChoices(),
    onPick: (v) =>
      ask(
        (c) =>
          changeConfig(c, {
            layers: replaceLayer(c.layers, index, layerWith(c.layers[index]!.units, v as OpId)),
          }),
        true,
      ),
  });
  const params = paramControls(
    layer.activation,
    layerParams(layer),
    (p: ParamMap, commit) =>
      ask(
        (c) =>
          changeConfig(c, {
            layers: replaceLayer(c.layers, index, {
              ...c.layers[index]!,
              params: storedParams(layer.activation, p),
            }),
          }),
        commit,
      ),
    { idPrefix: `${prefix}-param`, showFixed: false },
  );
  const remove = button(
    '×',
    { 'data-testid': `${prefix}-remove`, 'aria-label': `Remove layer ${index + 1}`, class: 'button icon' },
    () => ask((c) => changeConfig(c, { layers: replaceLayer(c.layers, index, null) }), true),
  );
  const element = h(
    'fieldset',
    { class: 'layer', 'data-testid': prefix },
    h('legend', {}, `Hidden layer ${index + 1}`),
    h('div', { class: 'layer-head' }, units.element, activation.element, remove),
    params.element,
  );
  const update = (c: TrainConfig) => {
    const l = c.layers[index];
    if (!l) return;
    units.set(l.units);
    activation.set(l.activation);
    params.update(layerParams(l));
  };
  update(config);
  return { element, update };
}

/** The loss params a person sets (fromLogits stays as the config has it: the trainer picks logits). */
function lossParamsOf(loss: LossName, params: ParamMap, config: TrainConfig) {
  const { fromLogits: _omit, ...rest } = changedParams(loss, params);
  const kept = config.lossParams.fromLogits;
  return kept === undefined ? rest : { ...rest, fromLogits: kept };
}

function outputParts(config: TrainConfig, task: Task, ask: ReturnType<typeof asker>): Part<TrainConfig>[] {
  const loss = lossOf(config, task);
  const head = selectControl({
    id: 'training-loss',
    label: 'Output and loss',
    choices: lossChoices[task].map((l, i) => ({
      value: l,
      label: `${headLabel(l, task)}${i === 0 ? ' (default)' : ''}`,
    })),
    onPick: (v) => ask((c) => changeConfig(c, { loss: v as LossName, lossParams: {} }), true),
  });
  const params = paramControls(
    loss,
    normalizeParams(loss, config.lossParams),
    (p, commit) => ask((c) => changeConfig(c, { loss, lossParams: lossParamsOf(loss, p, c) }), commit),
    { omit: ['fromLogits'], idPrefix: 'training-loss-param', showFixed: false },
  );
  return [
    { element: head.element, update: (c) => head.set(lossOf(c, task)) },
    { element: params.element, update: (c) => params.update(normalizeParams(loss, c.lossParams)) },
  ];
}

function networkSection(initial: TrainConfig, propose: Propose): Part<TrainConfig> {
  const slot = problemSlot('training-network-problem');
  const ask = asker(propose, slot);
  const controls = rebuilt(
    initial,
    (c) => `${c.layers.map((l) => l.activation).join()}|${taskOf(c)}|${lossOf(c, taskOf(c) ?? 'binary')}`,
    (config) => {
      const task = taskOf(config) ?? 'binary';
      const rows = config.layers.map((_, i) => layerRow(config, i, ask));
      const add = button('+ Add a hidden layer', { 'data-testid': 'training-add-layer' }, () =>
        ask((c) => changeConfig(c, { layers: addedLayer(c.layers) }), true),
      );
      const init = selectControl({
        id: 'training-init',
        label: 'weight init',
        choices: [
          { value: 'auto', label: 'auto (He for rectifiers, Glorot for saturating ops)' },
          { value: 'he', label: 'He' },
          { value: 'glorot', label: 'Glorot' },
        ],
        onPick: (v) => ask((c) => changeConfig(c, { init: v as TrainConfig['init'] }), true),
      });
      const bias = boundNumber(ask, {
        id: 'training-bias-init',
        label: 'bias init',
        def: numberDef('Every hidden bias starts here; −3 puts every ReLU’s sum below 0 (dying ReLUs).'),
        slider: { min: -5, max: 2, step: 0.1 },
        read: (c) => c.biasInit,
        write: (c, v) => changeConfig(c, { biasInit: v }),
      });
      const dtype = selectControl({
        id: 'training-dtype',
        label: 'precision on the backend',
        choices: [
          { value: 'float32', label: 'float32' },
          { value: 'float64', label: 'float64 (cpu and onnx)' },
        ],
        onPick: (v) => ask((c) => changeConfig(c, { dtype: v as TrainConfig['dtype'] }), true),
      });
      const parts: Part<TrainConfig>[] = [
        ...rows,
        ...outputParts(config, task, ask),
        { element: init.element, update: (c) => init.set(c.init) },
        bias,
        { element: dtype.element, update: (c) => dtype.set(c.dtype) },
      ];
      const update = (c: TrainConfig) => {
        add.disabled = c.layers.length >= limits.layers;
        for (const p of parts) p.update(c);
      };
      update(config);
      const element = h(
        'div',
        { class: 'params' },
        rows.length
          ? rows.map((r) => r.element)
          : h('p', { class: 'muted' }, 'No hidden layer: a linear model.'),
        add,
        parts.slice(rows.length).map((p) => p.element),
      );
      return { element, update };
    },
  );
  return {
    element: h('div', { class: 'params' }, controls.element, slot.element),
    update: (c) => controls.update(c),
  };
}

const rates = [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];
const penalties = [0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1];

function optimizerSection(initial: TrainConfig, propose: Propose): Part<TrainConfig> {
  const slot = problemSlot('training-optimizer-problem');
  const ask = asker(propose, slot);
  const controls = rebuilt(
    initial,
    (c) => c.optimizer,
    (config) => {
      const optimizer = segments(
        'training-optimizer',
        'Optimizer',
        [
          { value: 'adam', label: 'Adam' },
          { value: 'sgd', label: 'SGD' },
        ],
        '',
        (v) => ask((c) => changeConfig(c, { optimizer: v }), true),
      );
      const rate = choiceNumber({
        id: 'training-lr',
        label: 'learning rate',
        choices: rates,
        doc: 'The size of each step against the gradient.',
        propose: (v) => ask((c) => changeConfig(c, { learningRate: v }), true),
      });
      const l1 = choiceNumber({
        id: 'training-l1',
        label: 'L1',
        choices: penalties,
        doc: 'Adds l1·Σ|w| over the weights: pushes weights to exactly 0.',
        propose: (v) => ask((c) => changeConfig(c, { l1: v }), true),
      });
      const l2 = choiceNumber({
        id: 'training-l2',
        label: 'L2',
        choices: penalties,
        doc: 'Adds l2·Σw² over the weights: keeps them small.',
        propose: (v) => ask((c) => changeConfig(c, { l2: v }), true),
      });
      const parts: Part<TrainConfig>[] = [
        { element: optimizer.element, update: (c) => optimizer.set(c.optimizer) },
        ...(config.optimizer === 'sgd'
          ? [
              boundNumber(ask, {
                id: 'training-momentum',
                label: 'momentum',
                def: numberDef('0 is plain SGD.', { min: 0, max: 0.99 }),
                slider: { min: 0, max: 0.99, step: 0.01 },
                read: (c) => c.momentum,
                write: (c, v) => changeConfig(c, { momentum: v }),
              }),
            ]
          : []),
        { element: rate.element, update: (c) => rate.set(c.learningRate) },
        boundNumber(ask, {
          id: 'training-batch',
          label: 'batch size',
          def: numberDef('Points per step; an epoch is one pass over the train points.', {
            integer: true,
            min: 1,
          }),
          slider: { min: 1, max: 64, step: 1 },
          read: (c) => c.batchSize,
          write: (c, v) => changeConfig(c, { batchSize: v }),
        }),
        { element: l1.element, update: (c) => l1.set(c.l1) },
        { element: l2.element, update: (c) => l2.set(c.l2) },
        boundNumber(ask, {
          id: 'training-seed',
          label: 'network seed',
          def: numberDef('Seed of the initial weights and of the batch order.', {
            integer: true,
            min: 0,
            max: 0xffffffff,
          }),
          read: (c) => c.seed,
          write: (c, v) => changeConfig(c, { seed: v }),
        }),
      ];
      const update = (c: TrainConfig) => {
        for (const p of parts) p.update(c);
      };
      update(config);
      return {
        element: h(
          'div',
          { class: 'params' },
          parts.map((p) => p.element),
        ),
        update,
      };
    },
  );
  return {
    element: h('div', { class: 'params' }, controls.element, slot.element),
    update: (c) => controls.update(c),
  };
}

/** The left column: data, network and optimizer, each a card. */
export function setupPanel(initial: TrainConfig, propose: Propose): Part<TrainConfig> {
  const sections = [
    { title: 'Data', id: 'training-data-title', part: datasetSection(initial, propose) },
    { title: 'Network', id: 'training-network-title', part: networkSection(initial, propose) },
    { title: 'Optimizer', id: 'training-optimizer-title', part: optimizerSection(initial, propose) },
  ];
  const element = h(
    'div',
    { class: 'training-setup', 'data-testid': 'training-setup' },
    sections.map(({ title, id, part }) =>
      h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), part.element),
    ),
  );
  return {
    element,
    update(config) {
      for (const { part } of sections) part.update(config);
    },
  };
}
