import '@fontsource/inter/400.css';
import '@fontsource/inter/500.css';
import '@fontsource/inter/600.css';
import '@fontsource/inter/700.css';
import '@fontsource/jetbrains-mono/400.css';
import '../src/styles.css';
import { generateSuite, runCases, summarize } from '@rectify/conformance';
import { BackendRegistry, type OpId, opIds } from '@rectify/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { Backends } from '../src/backends.js';
import { ConformanceCache } from '../src/conformance.js';
import { comparisonLogits } from '../src/loss-lab/comparison.js';
import { type AppState, type BackendName, backendNames, defaultState, withChanges } from '../src/state.js';
import { mountCompare } from '../src/views/compare.js';
import { mountExplorer } from '../src/views/explorer.js';
import { mountGallery } from '../src/views/gallery.js';
import { mountLossLab } from '../src/views/loss-lab.js';
import type { Deps, View } from '../src/views/types.js';
import { strict } from './screenshots.js';

// one set of backends for the whole file, as the app has: each is made once
const backends = new Backends();
afterAll(() => backends.dispose());

let root: HTMLElement | undefined;
let view: View | undefined;
afterEach(() => {
  view?.destroy();
  root?.remove();
  view = undefined;
  root = undefined;
});

type Mount = (root: HTMLElement, state: AppState, deps: Deps) => View;

function mount(mountView: Mount, state: AppState, extra: Partial<Deps> = {}): View {
  root = document.createElement('div');
  root.className = 'view';
  document.body.append(root);
  const deps: Deps = {
    backends,
    conformance: new ConformanceCache(),
    // no router here: a navigation updates the mounted view, as the app does
    navigate: (next) => view?.update(next),
    ...extra,
  };
  view = mountView(root, state, deps);
  return view;
}

const byTestId = (id: string) => root!.querySelector<HTMLElement>(`[data-testid="${id}"]`);

async function settle(v: View): Promise<void> {
  await v.idle();
  await document.fonts.ready;
}

describe('screenshots', () => {
  it('explorer: leakyRelu, alpha 0.1, cpu', async () => {
    const state = withChanges(defaultState(), { op: 'leakyRelu', params: { alpha: 0.1 }, backend: 'cpu' });
    const v = mount(mountExplorer, state);
    await settle(v);
    expect(byTestId('explorer-plot')!.dataset.rendered).toBe('true');
    expect(byTestId('op-title')!.textContent).toBe('leakyRelu');
    expect(root!.querySelector('[data-testid="formula"] .katex')).not.toBeNull();
    expect(root!.querySelectorAll('[role="alert"]')).toHaveLength(0);
    await expect.element(page.getByTestId('explorer')).toMatchScreenshot('explorer-leaky-relu');
    // the plots alone, with no pixel allowed to differ: a changed stroke or curve fails here even where
    // it is small next to the whole page
    await expect
      .element(page.getByTestId('explorer-plot'))
      .toMatchScreenshot('explorer-leaky-relu-plot', strict);
    await expect
      .element(page.getByTestId('agreement-plot'))
      .toMatchScreenshot('explorer-leaky-relu-agreement-plot', strict);
  });

  it('comparison page', async () => {
    const v = mount(mountCompare, withChanges(defaultState(), { page: 'compare' }));
    await settle(v);
    for (const id of ['compare-plot', 'sweep-plot', 'loss-plot'])
      expect(byTestId(id)!.dataset.rendered).toBe('true');
    expect(byTestId('properties-table')!.querySelectorAll('tbody tr')).toHaveLength(3);
    await expect.element(page.getByTestId('compare')).toMatchScreenshot('compare');
  });

  it('loss lab: binaryCrossentropy, target 1, cpu', async () => {
    const v = mount(mountLossLab, withChanges(defaultState(), { page: 'loss-lab' }));
    await settle(v);
    for (const id of ['loss-lab-plot', 'comparison-plot'])
      expect(byTestId(id)!.dataset.rendered).toBe('true');
    expect(byTestId('comparison-table')!.querySelectorAll('tbody tr')).toHaveLength(comparisonLogits.length);
    expect(root!.querySelectorAll('[role="alert"]')).toHaveLength(0);
    await expect.element(page.getByTestId('loss-lab')).toMatchScreenshot('loss-lab');
    await expect.element(page.getByTestId('loss-lab-plot')).toMatchScreenshot('loss-lab-plot', strict);
  });

  it('gallery', async () => {
    const v = mount(mountGallery, withChanges(defaultState(), { page: 'gallery' }));
    await settle(v);
    const cards = root!.querySelectorAll('.gallery-card');
    expect(cards.length).toBeGreaterThan(0);
    expect(root!.querySelectorAll('.gallery-card [data-rendered="true"]')).toHaveLength(cards.length);
    await expect.element(page.getByTestId('gallery')).toMatchScreenshot('gallery');
  });
});

describe('comparison page', () => {
  it('checks typed sweep values as those of the URL are checked', async () => {
    const navigated: AppState[] = [];
    const state = withChanges(defaultState(), {
      page: 'compare',
      sweep: { op: 'softplus', param: 'beta', values: [1] },
    });
    const v = mount(mountCompare, state, {
      navigate: (next) => {
        navigated.push(next);
        view?.update(next);
      },
    });
    await v.idle();
    const input = byTestId('sweep-values') as HTMLInputElement;
    input.value = '1, 0, -2, x, 2; 1';
    input.dispatchEvent(new Event('change'));
    // beta must be > 0; repeats and words are dropped
    expect(navigated.at(-1)!.sweep.values).toEqual([1, 2]);
    expect((byTestId('sweep-values') as HTMLInputElement).value).toBe('1, 2');
    await v.idle();
    expect(byTestId('sweep-plot-error')).toBeNull();
  });

  it('redraws the sweep when what it shows changes, not on every navigation', async () => {
    const state = withChanges(defaultState(), {
      page: 'compare',
      op: 'hardTanh',
      sweep: { op: 'hardTanh', param: 'min', values: [-1, -0.5] },
    });
    const v = mount(mountCompare, state);
    await v.idle();
    const svg = () => byTestId('sweep-plot')!.querySelector('svg');
    const first = svg();
    expect(first).not.toBeNull();
    // a new state with equal params (withChanges makes a new params object)
    const other = withChanges(state, { compare: ['relu'] });
    expect(other.params).not.toBe(state.params);
    v.update(other);
    await v.idle();
    expect(svg()).toBe(first);
    // the explorer's max is one of the swept op's other params: it is drawn with them
    v.update(withChanges(other, { params: { max: 2 } }));
    await v.idle();
    expect(svg()).not.toBe(first);
  });
});

describe('gallery', () => {
  it('draws nothing more once destroyed', async () => {
    const v = mount(mountGallery, withChanges(defaultState(), { page: 'gallery' }));
    const element = byTestId('gallery')!;
    v.destroy();
    view = undefined;
    await v.idle();
    expect(element.querySelectorAll('.gallery-card').length).toBeGreaterThan(1);
    expect(element.querySelectorAll('[data-rendered]')).toHaveLength(0);
  });
});

describe('every op on every backend', () => {
  for (const backend of backendNames) {
    it(`renders each op on ${backend} without error`, async () => {
      const first = withChanges(defaultState(), { op: opIds[0]!, backend });
      const v = mount(mountExplorer, first, { panelBackends: [backend], points: 21, runConformance: false });
      const problems: string[] = [];
      for (const op of opIds) {
        if (op !== first.op) v.update(withChanges(first, { op }));
        await v.idle();
        const plot = byTestId('explorer-plot')!;
        const errors = [...root!.querySelectorAll('[role="alert"]')].map((e) => e.textContent);
        if (plot.dataset.rendered !== 'true' || !plot.querySelector('path')) problems.push(`${op}: no plot`);
        if (errors.length) problems.push(`${op}: ${errors.join(' | ')}`);
        const probeRow = byTestId(`probe-row-${backend}`)!;
        if (!/\d/.test(probeRow.textContent ?? '')) problems.push(`${op}: probe shows no number`);
        if (byTestId(`worst-ulp-${backend}`)!.dataset.worstUlp === undefined)
          problems.push(`${op}: no worst ULP`);
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('a backend that fails to load', () => {
  it('says why inline, in the plot, the probe and the agreement panel, and the others still work', async () => {
    const { createCpuBackend } = await import('@rectify/backend-cpu');
    const broken = new Backends(
      new BackendRegistry()
        .register('cpu', () => createCpuBackend())
        .register('tfjs-webgl', () => {
          throw new Error('WebGL is not available here');
        }),
    );
    const state = withChanges(defaultState(), { op: 'relu', backend: 'tfjs-webgl' });
    const v = mount(mountExplorer, state, {
      backends: broken,
      panelBackends: ['cpu', 'tfjs-webgl'],
      points: 21,
      runConformance: false,
    });
    await v.idle();
    expect(byTestId('explorer-plot-error')!.textContent).toContain('WebGL is not available here');
    expect(byTestId('probe-row-tfjs-webgl')!.textContent).toContain('WebGL is not available here');
    expect(byTestId('worst-ulp-tfjs-webgl')!.textContent).toContain('WebGL is not available here');
    expect(byTestId('worst-ulp-cpu')!.dataset.worstUlp).toBeDefined();
    expect(broken.status('tfjs-webgl').state).toBe('error');
    // switching to a working backend draws the plot
    v.update(withChanges(state, { backend: 'cpu' }));
    await v.idle();
    expect(byTestId('explorer-plot')!.dataset.rendered).toBe('true');
    expect(byTestId('explorer-plot-error')).toBeNull();
  });
});

describe('agreement panel', () => {
  const op: OpId = 'gelu';
  const names: BackendName[] = ['cpu', 'tfjs-cpu', 'onnx'];

  it(`shows the CLI's conformance figures for ${op}`, async () => {
    const v = mount(mountExplorer, withChanges(defaultState(), { op }), { panelBackends: names, points: 21 });
    await v.idle();
    // what `pnpm rectify conformance --ops gelu --backend <b> --generated-only` computes
    const cases = generateSuite({ ops: [op], seed: 1 }).filter((c) => c.op === op);
    for (const name of names) {
      const summary = summarize(await runCases([await backends.get(name)], cases));
      for (const dtype of ['f32', 'f64'] as const) {
        const tally = summary.cells[op]![`${name} ${dtype}`]!;
        const cell = byTestId(`conformance-${name}-${dtype}`)!;
        expect(cell.dataset.pass, `${name} ${dtype}`).toBe(String(tally.pass));
        expect(cell.dataset.run, `${name} ${dtype}`).toBe(String(tally.total - tally.unsupported));
        expect(cell.dataset.worstUlp, `${name} ${dtype}`).toBe(String(tally.worstUlp));
      }
      expect(byTestId(`cli-${name}`)!.textContent).toContain(
        `pnpm rectify conformance --ops ${op} --backend ${name} --generated-only`,
      );
    }
  });
});
