import '@fontsource/inter/400.css';
import '@fontsource/inter/500.css';
import '@fontsource/inter/600.css';
import '@fontsource/inter/700.css';
import '@fontsource/jetbrains-mono/400.css';
import '../src/styles.css';
import { decodeConfig, encodeConfig, resolveConfig, type TrainConfigInput, Trainer } from '@rectify/train';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { Backends } from '../src/backends.js';
import { ConformanceCache } from '../src/conformance.js';
import { type AppState, defaultState, parseState, serializeState, withChanges } from '../src/state.js';
import { niceTicks } from '../src/training/boundary.js';
import { binaryHeat, classColor, classesHeat, valueColor } from '../src/training/colors.js';
import { presets } from '../src/training/presets.js';
import { trainingLabOf } from '../src/training/state.js';
import { mountTrainingLab, type TrainingLabView } from '../src/views/training-lab.js';
import type { Deps } from '../src/views/types.js';
import { strict } from './screenshots.js';

// one set of backends for the whole file, as the app has: each is made once
const backends = new Backends();
afterAll(() => backends.dispose());

let root: HTMLElement | undefined;
let view: TrainingLabView | undefined;
/** The states the view navigated to, last one last. */
let navigated: AppState[] = [];
afterEach(() => {
  view?.destroy();
  root?.remove();
  view = undefined;
  root = undefined;
  navigated = [];
});

/** The README's XOR: 100% train accuracy within 20 epochs with leakyRelu (seed 3). */
const xor: TrainConfigInput = {
  dataset: { name: 'xor', noise: 0 },
  layers: [8, 8],
  activation: 'leakyRelu',
  seed: 3,
};

const labState = (config: TrainConfigInput = {}, changes: Partial<AppState> = {}): AppState =>
  withChanges(defaultState(), {
    page: 'training',
    training: trainingLabOf(resolveConfig(config)),
    ...changes,
  });

function mount(state: AppState, extra: Partial<Deps> = {}): TrainingLabView {
  root = document.createElement('div');
  root.className = 'view';
  document.body.append(root);
  const deps: Deps = {
    backends,
    conformance: new ConformanceCache(),
    // no router here: a navigation updates the mounted view, as the app does
    navigate: (next) => {
      navigated.push(next);
      view?.update(next);
    },
    trainingGrid: 30,
    ...extra,
  };
  view = mountTrainingLab(root, state, deps);
  return view;
}

const byTestId = <E extends HTMLElement = HTMLElement>(id: string) =>
  root!.querySelector<E>(`[data-testid="${id}"]`);
const click = (id: string) => byTestId<HTMLButtonElement>(id)!.click();
function setValue(id: string, value: string): void {
  const input = byTestId<HTMLInputElement | HTMLSelectElement>(id)!;
  input.value = value;
  input.dispatchEvent(new Event('change'));
}
const last = () => navigated.at(-1)!;
const figure = (id: string) => Number(byTestId(id)!.dataset.value);
const epochShown = () => Number(byTestId('training-epoch')!.dataset.epoch);

async function uploadCsv(fileName: string, text: string): Promise<void> {
  const input = byTestId<HTMLInputElement>('training-csv')!;
  const files = new DataTransfer();
  files.items.add(new File([text], fileName, { type: 'text/csv' }));
  input.files = files.files;
  const before = navigated.length;
  input.dispatchEvent(new Event('change'));
  // the file is read asynchronously: it ends in a message or a new setup
  await expect.poll(() => byTestId('training-csv-error') !== null || navigated.length > before).toBe(true);
}

describe('the lab’s URL state', () => {
  it('leaves the default setup out of the URL, and round-trips any other', () => {
    expect(serializeState(labState())).toBe('#/training?op=leakyRelu');
    const config = resolveConfig({
      dataset: { name: 'spiral', classes: 4, samples: 300, noise: 0.05, seed: 9 },
      layers: [
        { units: 12, activation: 'prelu', params: { alpha: 0.1 } },
        { units: 6, activation: 'elu', params: { alpha: 0.5 } },
      ],
      loss: 'sparseCategoricalCrossentropy',
      optimizer: 'sgd',
      learningRate: 0.1,
      momentum: 0.5,
      batchSize: 8,
      l1: 0.001,
      l2: 0.01,
      seed: 4,
    });
    const state = labState(config, { backend: 'onnx' });
    const hash = serializeState(state);
    expect(hash).toBe(`#/training?op=leakyRelu&backend=onnx&train=${encodeConfig(config)}`);
    expect(parseState(hash)).toEqual(state);
    expect(decodeConfig(new URLSearchParams(hash.split('?')[1]).get('train')!)).toEqual(config);
    // the README's example link
    const readme = parseState('#/training?backend=onnx&train=eyJ2IjoxLCJkYXRhc2V0IjoibW9vbnMifQ');
    expect(readme.training).toEqual({ config: resolveConfig({ dataset: 'moons' }), problem: null });
  });

  it('falls back to the default setup with a message for a link it cannot use', () => {
    const code = (json: object) => btoa(JSON.stringify(json)).replaceAll('=', '');
    const cases: [string, RegExp][] = [
      ['not*base64', /not a share string/],
      [code({ v: 99 }), /version 99 is not readable/],
      [code({ v: 1, learningRate: 0 }), /learningRate must be in \(0, ∞\), got 0/],
      [code({ v: 1, dataset: 'xor', loss: 'huber' }), /huber is for regression, but xor has 2 classes/],
      [
        code({
          v: 1,
          dataset: { name: 'csv', csv: 'a,b\n1,x\n2,y\n3,z', fileName: 'f.csv', task: 'regression' },
        }),
        /f\.csv: line 2, column 2 \("b"\): "x" is not a number/,
      ],
    ];
    for (const [text, message] of cases) {
      const s = parseState(`#/training?backend=tfjs-cpu&train=${text}`);
      expect(s.training.config).toEqual(defaultState().training.config);
      expect(s.training.problem).toMatch(/could not be used, so the lab shows its default setup/);
      expect(s.training.problem).toMatch(message);
      // the good parts of the URL stay, and the URL it is rewritten to has no setup
      expect(s.backend).toBe('tfjs-cpu');
      expect(serializeState(s)).toBe('#/training?op=leakyRelu&backend=tfjs-cpu');
    }
  });
});

describe('the boundary’s colours and ticks', () => {
  it('is white where the network is unsure, the class colour where it is sure', () => {
    expect(binaryHeat(0.5)).toEqual([255, 255, 255]);
    expect(classesHeat([1 / 3, 1 / 3, 1 / 3], 0, 3)).toEqual([255, 255, 255]);
    // sure of a class: its colour, 62% of the way from white (the points over it keep their full colour)
    const [r, g, b] = classColor(2);
    const pale = (c: number) => 255 + (c - 255) * 0.62;
    expect(classesHeat([0, 0, 1], 0, 3)).toEqual([pale(r), pale(g), pale(b)]);
    expect(binaryHeat(1)).toEqual(classColor(1).map(pale));
    expect(binaryHeat(0)).toEqual(classColor(0).map(pale));
    // regression: the middle of the range is white, its ends the two colours
    expect(valueColor(5, 0, 10)).toEqual([255, 255, 255]);
    expect(valueColor(10, 0, 10, 1)).toEqual(classColor(1));
    expect(valueColor(-3, 0, 10, 1)).toEqual(classColor(0));
  });

  it('puts ticks at round values', () => {
    expect(niceTicks(-1.2, 1.2, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.13, 0.31, 4)).toEqual([0.15, 0.2, 0.25, 0.3]);
  });
});

describe('the presets tell their stories (cpu)', () => {
  const run = async (id: string, epochs: number) => {
    const preset = presets.find((p) => p.id === id)!;
    const trainer = await Trainer.create(preset.config, { backend: await backends.get('cpu') });
    await trainer.train({ epochs });
    return trainer;
  };
  const firstAbove = (trainer: Trainer, accuracy: number) =>
    trainer.history.findIndex((m) => (m.trainAccuracy ?? 0) >= accuracy);

  it('XOR without a hidden layer stays near chance', async () => {
    const t = await run('xor-linear', 30);
    expect(t.config.layers).toHaveLength(0);
    expect(t.latest.trainAccuracy).toBeLessThan(0.7);
  });

  it('dying ReLUs: every hidden unit dead, no gradient; Leaky ReLU and PReLU recover', async () => {
    const dead = await run('dying-relu', 30);
    expect(dead.latest.deadUnits).toEqual([1, 1]);
    expect(dead.latest.gradientNorms.slice(0, 2)).toEqual([0, 0]);
    expect(dead.latest.trainAccuracy).toBeLessThan(0.6);
    const fixed = await run('leaky-prelu', 100);
    expect(fixed.latest.deadUnits).toEqual([0, 0]);
    expect(fixed.latest.trainAccuracy).toBeGreaterThan(0.9);
    expect(fixed.latest.preluSlopes[0]).toBeNull();
    expect(fixed.latest.preluSlopes[1]!.some((a) => Math.abs(a - 0.25) > 0.05)).toBe(true);
  });

  it('a deep sigmoid net: gradients vanish towards the input and it barely learns', async () => {
    const t = await run('deep-sigmoid', 30);
    const norms = t.latest.gradientNorms;
    expect(norms).toHaveLength(7);
    expect(norms[0]!).toBeLessThan(norms[norms.length - 1]! / 1000);
    expect(t.latest.trainAccuracy).toBeLessThan(0.7);
  });

  it('the spiral’s three classes are learned through a softmax', async () => {
    const t = await run('spiral-softmax', 80);
    expect(t.head).toMatchObject({ loss: 'categoricalCrossentropy', outputs: 3, link: 'softmax' });
    expect(t.latest.trainAccuracy).toBeGreaterThan(0.9);
  });

  it('MSE after a sigmoid learns slower than BCE from the same start', async () => {
    const mse = await run('bce-vs-mse', 150);
    const preset = presets.find((p) => p.id === 'bce-vs-mse')!;
    const bce = await Trainer.create(
      { ...preset.config, loss: 'binaryCrossentropy' },
      { backend: await backends.get('cpu') },
    );
    await bce.train({ epochs: 150 });
    expect(mse.head).toMatchObject({ loss: 'meanSquaredError', activation: 'sigmoid' });
    const [m, b] = [firstAbove(mse, 0.95), firstAbove(bce, 0.95)];
    expect(b).toBeGreaterThan(0);
    // "in about half the epochs", as the story says
    expect(m === -1 || m >= 1.5 * b, `MSE at ${m}, BCE at ${b}`).toBe(true);
  });
});

describe('the training lab (cpu)', () => {
  it('trains XOR to 100% train accuracy with Play, and draws the boundary', async () => {
    const v = mount(labState(xor));
    await v.idle();
    expect(figure('training-train-accuracy')).toBeLessThan(0.9);
    click('training-play');
    expect(byTestId('training-play')!.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => figure('training-train-accuracy'), { timeout: 20_000 }).toBe(1);
    click('training-play');
    await v.session.pause();
    await v.idle();
    expect(byTestId('training-play')!.textContent).toContain('Play');
    const trainer = v.session.trainer!;
    const epoch = trainer.epoch;
    const first = trainer.history.findIndex((m) => m.trainAccuracy === 1);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(20);
    expect(byTestId('training-boundary')!.dataset.epoch).toBe(String(epoch));
    expect(figure('training-test-accuracy')).toBeGreaterThan(0.9);
    expect(root!.querySelectorAll('[role="alert"]')).toHaveLength(0);
  });

  it('steps by one epoch, pauses, and resets to the same start', async () => {
    const v = mount(labState(xor));
    await v.idle();
    const trainer = v.session.trainer!;
    const initial = trainer.latest;
    click('training-step');
    await v.idle();
    expect(epochShown()).toBe(1);
    expect(Number(byTestId('training-epoch')!.dataset.steps)).toBe(trainer.stepsPerEpoch);
    const afterOne = trainer.latest;
    click('training-step');
    await v.idle();
    expect(trainer.epoch).toBe(2);

    click('training-play');
    await expect.poll(() => trainer.epoch, { timeout: 10_000 }).toBeGreaterThan(4);
    await v.session.pause();
    const paused = trainer.steps;
    await new Promise((r) => setTimeout(r, 200));
    expect(trainer.steps).toBe(paused);
    expect(v.session.playing).toBe(false);

    click('training-reset');
    await v.idle();
    expect(v.session.trainer).toBe(trainer);
    expect(trainer.epoch).toBe(0);
    expect(trainer.history).toHaveLength(1);
    expect(epochShown()).toBe(0);
    expect(trainer.latest).toEqual(initial);
    // the same seed: the first epoch again gives the same numbers
    click('training-step');
    await v.idle();
    expect(trainer.latest).toEqual(afterOne);
  });

  it('controls change the setup and the URL; the network is made anew from it', async () => {
    const v = mount(labState());
    await v.idle();
    setValue('training-dataset', 'circle');
    expect(last().training.config.dataset).toMatchObject({ name: 'circle', samples: 200, noise: 0.1 });
    expect(serializeState(last())).toMatch(/train=[A-Za-z0-9_-]+$/);
    setValue('training-noise-value', '0.25');
    expect(last().training.config.dataset).toMatchObject({ noise: 0.25 });
    click('training-regenerate');
    expect(last().training.config.dataset.seed).toBe(2);

    // layers: add one, change its activation and units, set a param, remove the first
    click('training-add-layer');
    expect(last().training.config.layers.map((l) => l.units)).toEqual([8, 8, 8]);
    setValue('training-layer-2-activation', 'prelu');
    setValue('training-layer-2-units', '5');
    setValue('training-layer-2-param-prelu-alpha-value', '0.1');
    expect(last().training.config.layers[2]).toEqual({
      units: 5,
      activation: 'prelu',
      params: { alpha: 0.1 },
    });
    click('training-layer-0-remove');
    expect(last().training.config.layers.map((l) => l.activation)).toEqual(['leakyRelu', 'prelu']);

    // the output: squared error after a sigmoid on two classes; Huber's delta on a regression set
    setValue('training-loss', 'meanSquaredError');
    expect(last().training.config.loss).toBe('meanSquaredError');
    setValue('training-loss', 'sparseCategoricalCrossentropy');
    setValue('training-dataset', 'sine');
    // the loss goes back to what the data takes
    expect(last().training.config.loss).toBe('auto');
    setValue('training-loss', 'huber');
    setValue('training-loss-param-huber-delta-value', '0.5');
    expect(last().training.config).toMatchObject({ loss: 'huber', lossParams: { delta: 0.5 } });

    setValue('training-batch-value', '4');
    setValue('training-lr', '0.1');
    setValue('training-l2-value', '0.002');
    byTestId<HTMLInputElement>('training-optimizer-sgd')!.click();
    setValue('training-momentum-value', '0.5');
    setValue('training-seed', '7');
    setValue('training-bias-init-value', '-1');
    expect(last().training.config).toMatchObject({
      batchSize: 4,
      learningRate: 0.1,
      l2: 0.002,
      optimizer: 'sgd',
      momentum: 0.5,
      seed: 7,
      biasInit: -1,
    });
    // a typed value the trainer refuses is refused, with its message, and the box goes back
    setValue('training-samples-value', '2');
    expect(byTestId('training-dataset-problem')!.textContent).toBe('points must be in [4, 5000], got 2');
    expect(byTestId<HTMLInputElement>('training-samples-value')!.value).toBe('200');

    await v.idle();
    const trainer = v.session.trainer!;
    expect(trainer.config).toEqual(last().training.config);
    expect(trainer.head.loss).toBe('huber');
    expect(trainer.network.layers.map((l) => l.activation)).toEqual(['leakyRelu', 'prelu', 'linear']);
    // a regression set: a heat map of the value, no accuracy
    expect(byTestId('training-boundary')!.dataset.kind).toBe('heat');
    expect(byTestId('training-train-accuracy')!.textContent).toBe('—');
  });

  it('a preset is one click, and shows its story', async () => {
    const v = mount(labState());
    await v.idle();
    click('training-preset-dying-relu');
    expect(last().training.config).toMatchObject({ biasInit: -3, dataset: { name: 'circle' } });
    expect(byTestId('training-preset-dying-relu')!.getAttribute('aria-pressed')).toBe('true');
    expect(byTestId('training-story')!.textContent).toMatch(/100% dead units/);
    await v.idle();
    click('training-step');
    await v.idle();
    expect(figure('training-dead-0')).toBe(1);
    expect(byTestId('training-dead-1')!.textContent).toContain('100%');
    expect(figure('training-gradient-0')).toBe(0);
  });

  it('says what is wrong with a CSV file next to the control, and trains on a good one', async () => {
    const v = mount(labState());
    await v.idle();
    await uploadCsv('bad.csv', 'x,y,label\n1,2,a\n3,abc,b\n');
    expect(byTestId('training-csv-error')!.textContent).toBe(
      'bad.csv: line 3, column 2 ("y"): "abc" is not a number',
    );
    expect(navigated).toHaveLength(0);
    await uploadCsv('empty.csv', '');
    expect(byTestId('training-csv-error')!.textContent).toMatch(/^empty\.csv: /);
    expect(navigated).toHaveLength(0);

    const rows = ['height,weight,age,label'];
    for (let i = 0; i < 60; i++) {
      const h = 150 + ((i * 37) % 50);
      const w = 50 + ((i * 53) % 40);
      rows.push(`${h},${w},${20 + (i % 30)},${h - 150 > w - 50 ? 'tall' : 'heavy'}`);
    }
    await uploadCsv('people.csv', rows.join('\n'));
    expect(byTestId('training-csv-error')).toBeNull();
    expect(last().training.config.dataset).toMatchObject({
      name: 'csv',
      fileName: 'people.csv',
      label: null,
    });
    await v.idle();
    expect(byTestId<HTMLSelectElement>('training-dataset')!.value).toBe('csv');
    expect(byTestId('training-csv-summary')!.textContent).toBe('people.csv: 60 rows, 3 features, classes.');
    click('training-step');
    await v.idle();
    expect(v.session.trainer!.dataset.classNames).toEqual(['heavy', 'tall']);
    // three features: the plane shown is picked, the third at its mean
    expect(byTestId('training-axis-1')).not.toBeNull();
    setValue('training-axis-1', '2');
    await v.idle();
    expect(byTestId('training-boundary')!.dataset.rendered).toBe('true');
    expect(byTestId('training-legend')!.textContent).toContain('class tall');

    // another label column makes the text labels a feature: refused, with where
    const count = navigated.length;
    setValue('training-csv-label', 'weight');
    expect(navigated).toHaveLength(count);
    expect(byTestId('training-dataset-problem')!.textContent).toBe(
      'people.csv: line 2, column 4 ("label"): "heavy" is not a number',
    );
    // one feature and a numeric label: a regression curve
    const one = ['x,y', ...Array.from({ length: 40 }, (_, i) => `${i / 10},${Math.sin(i / 10) + i / 7}`)];
    await uploadCsv('curve.csv', one.join('\n'));
    await v.idle();
    expect(byTestId('training-boundary')!.dataset.kind).toBe('curve');
    expect(byTestId('training-curve')!.querySelector('svg')).not.toBeNull();
    // a file too large for a share link is refused before it is read
    navigated = [];
    await uploadCsv('big.csv', `a,b\n${'1,2\n'.repeat(70_000)}`);
    expect(byTestId('training-csv-error')!.textContent).toMatch(
      /big\.csv: \d+ KB is more than the lab takes \(256 KB\)/,
    );
    expect(navigated).toHaveLength(0);
  });

  it('copies a share link that opens the same setup', async () => {
    const config = resolveConfig({ dataset: 'moons', layers: [{ units: 6, activation: 'gelu' }], seed: 5 });
    const v = mount(labState(config, { backend: 'tfjs-cpu' }));
    click('training-share');
    await v.idle();
    const url = new URL(byTestId<HTMLInputElement>('training-share-url')!.value);
    expect(byTestId('training-share-status')!.textContent).toMatch(/Link copied|copy the link below/);
    const opened = parseState(url.hash);
    expect(opened).toEqual(labState(config, { backend: 'tfjs-cpu' }));
    // the link mounts a lab showing that setup
    v.destroy();
    root!.remove();
    const w = mount(opened);
    await w.idle();
    expect(byTestId<HTMLSelectElement>('training-dataset')!.value).toBe('moons');
    expect(byTestId<HTMLSelectElement>('training-layer-0-activation')!.value).toBe('gelu');
    expect(byTestId<HTMLInputElement>('training-seed')!.value).toBe('5');
    expect(w.session.trainer!.backend.name).toBe('tfjs-cpu');
  });

  it('shows why a shared link was not used', async () => {
    const v = mount(parseState('#/training?train=eyJ2IjoxLCJsZWFybmluZ1JhdGUiOjB9'));
    await v.idle();
    expect(byTestId('training-url-problem')!.textContent).toMatch(
      /could not be used, so the lab shows its default setup\. training config: learningRate must be in \(0, ∞\), got 0/,
    );
    expect(v.session.trainer!.config).toEqual(defaultState().training.config);
    // the next change is the person's own: the message goes
    setValue('training-dataset', 'moons');
    expect(byTestId('training-url-problem')).toBeNull();
  });

  it('stops training when destroyed', async () => {
    const v = mount(labState(xor));
    await v.idle();
    click('training-play');
    const trainer = v.session.trainer!;
    await expect.poll(() => trainer.epoch, { timeout: 10_000 }).toBeGreaterThan(2);
    v.destroy();
    view = undefined;
    // the step in progress ends; nothing after it
    await new Promise((r) => setTimeout(r, 50));
    const steps = trainer.steps;
    await new Promise((r) => setTimeout(r, 300));
    expect(trainer.steps).toBe(steps);
    expect(v.session.running).toBe(false);
  });

  it('moves to another backend with a fresh network of the same seed', async () => {
    const state = labState(xor);
    const v = mount(state);
    await v.idle();
    const first = v.session.trainer!.latest;
    click('training-step');
    await v.idle();
    v.update(withChanges(state, { backend: 'tfjs-cpu' }));
    await v.idle();
    const trainer = v.session.trainer!;
    expect(trainer.backend.name).toBe('tfjs-cpu');
    expect(trainer.epoch).toBe(0);
    expect(Math.abs(trainer.latest.trainLoss - first.trainLoss)).toBeLessThan(1e-5);
    // a setup the backend cannot run says so
    v.update(
      withChanges(state, {
        backend: 'tfjs-cpu',
        training: trainingLabOf(resolveConfig({ ...xor, dtype: 'float64' })),
      }),
    );
    await v.idle();
    expect(byTestId('training-error')!.textContent).toMatch(/does not compute in float64/);
    expect(byTestId<HTMLButtonElement>('training-step')!.disabled).toBe(true);
  });

  it('exports an .onnx model that ONNX Runtime Web runs as the trainer does', async () => {
    const saved: { name: string; bytes: Uint8Array }[] = [];
    const v = mount(labState({ dataset: { name: 'spiral', classes: 3 }, layers: [8], activation: 'prelu' }), {
      save: (name, bytes) => saved.push({ name, bytes }),
    });
    await v.idle();
    for (let i = 0; i < 3; i++) await v.session.step();
    click('training-export');
    await v.idle();
    expect(saved).toHaveLength(1);
    expect(saved[0]!.name).toBe('rectify-spiral-epoch-3.onnx');
    expect(saved[0]!.bytes).toEqual(v.session.trainer!.toOnnx());
    const status = byTestId('training-export-status')!;
    expect(status.dataset.points).toBe('200');
    expect(status.dataset.sameClass).toBe('200');
    expect(Number(status.dataset.maxDifference)).toBeLessThan(1e-5);
    expect(status.dataset.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(status.textContent).toMatch(
      /ONNX Runtime Web runs it on the 200 data points within .* of the trainer, the same class for 200 of them/,
    );
  });
});

describe('screenshots', () => {
  async function trained(config: TrainConfigInput, epochs: number): Promise<TrainingLabView> {
    const v = mount(labState(config), { trainingGrid: 60 });
    await v.idle();
    for (let i = 0; i < epochs; i++) await v.session.step();
    await v.idle();
    await document.fonts.ready;
    expect(v.session.trainer!.epoch).toBe(epochs);
    expect(root!.querySelectorAll('[role="alert"]')).toHaveLength(0);
    return v;
  }

  it('training lab: XOR after 10 epochs on cpu', async () => {
    await trained({}, 10);
    await expect.element(page.getByTestId('training-lab')).toMatchScreenshot('training-lab-xor');
    await expect
      .element(page.getByTestId('training-boundary-canvas'))
      .toMatchScreenshot('training-lab-xor-boundary', strict);
  });

  it('training lab: the spiral’s three classes after 30 epochs', async () => {
    await trained(presets.find((p) => p.id === 'spiral-softmax')!.config, 30);
    await expect
      .element(page.getByTestId('training-boundary'))
      .toMatchScreenshot('training-lab-spiral', strict);
  });

  it('training lab: a deep sigmoid net’s vanishing gradients after 10 epochs', async () => {
    await trained(presets.find((p) => p.id === 'deep-sigmoid')!.config, 10);
    await expect.element(page.getByTestId('training-metrics')).toMatchScreenshot('training-lab-deep-sigmoid');
  });
});
