import '../src/styles.css';
import { getSpec, logistic, type OpId, opIds, referenceBackend } from '@rectify/core';
import { sampleOp } from '@rectify/viz';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Backends } from '../src/backends.js';
import { ConformanceCache } from '../src/conformance.js';
import { bceVsMseRows, comparisonLogits } from '../src/loss-lab/comparison.js';
import { lossCurve } from '../src/loss-lab/curve.js';
import { type LossLab, type LossLabInput, withLossLab } from '../src/loss-lab/state.js';
import { targetKind } from '../src/loss-lab/target.js';
import { paramDefs } from '../src/params.js';
import { type AppState, backendNames, defaultState, withChanges } from '../src/state.js';
import { mountLossLab } from '../src/views/loss-lab.js';
import type { Deps, View } from '../src/views/types.js';

const lab = (changes: LossLabInput): LossLab => withLossLab(defaultState().lossLab, changes);
const losses = opIds.filter((id) => getSpec(id).kind === 'loss');

/** Softmax of a row. */
const softmax = (row: readonly number[]) => {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b);
  return e.map((v) => v / s);
};

describe('the lab’s curves (core’s float64 reference)', () => {
  it('gives every loss a target of its kind', () => {
    const kinds = Object.fromEntries(losses.map((op) => [op, targetKind(op).kind]));
    expect(kinds).toMatchObject({
      meanSquaredError: 'value',
      huber: 'value',
      binaryCrossentropy: 'value',
      hinge: 'label',
      squaredHinge: 'label',
      categoricalCrossentropy: 'class',
      sparseCategoricalCrossentropy: 'class',
      kullbackLeiblerDivergence: 'class',
    });
    expect(targetKind('binaryCrossentropy')).toEqual({ kind: 'value', min: 0, max: 1, step: 0.01 });
  });

  it('categorical from logits, three classes: −log softmax of the target, gradient softmax₀ − t₀', async () => {
    for (const target of [0, 2]) {
      const c = await lossCurve(
        referenceBackend,
        lab({ op: 'categoricalCrossentropy', params: { fromLogits: true }, target, classes: 3 }),
        9,
      );
      expect([c.x[0], c.x[8]]).toEqual([-6, 6]);
      for (const [i, z] of c.x.entries()) {
        const s = softmax([z, 0, 0]);
        expect(c.loss[i]).toBeCloseTo(-Math.log(s[target]!), 12);
        expect(c.grad[i]).toBeCloseTo(s[0]! - (target === 0 ? 1 : 0), 12);
      }
    }
  });

  it('categorical from probabilities: the other classes share 1 − p; label smoothing pulls towards 1/C', async () => {
    const c = await lossCurve(
      referenceBackend,
      lab({ op: 'categoricalCrossentropy', params: { labelSmoothing: 0.3 }, target: 1, classes: 4 }),
      5,
    );
    for (const [i, p] of c.x.entries()) {
      const row = [p, (1 - p) / 3, (1 - p) / 3, (1 - p) / 3].map((v) =>
        Math.min(Math.max(v, 1e-7), 1 - 1e-7),
      );
      const t = [0, 1, 0, 0].map((v) => v * 0.7 + 0.3 / 4);
      expect(c.loss[i]).toBeCloseTo(-t.reduce((s, tk, k) => s + tk * Math.log(row[k]!), 0), 10);
    }
  });

  it('sparse categorical equals categorical with the one-hot target', async () => {
    for (const fromLogits of [false, true]) {
      const sparse = await lossCurve(
        referenceBackend,
        lab({ op: 'sparseCategoricalCrossentropy', params: { fromLogits }, target: 2, classes: 5 }),
        11,
      );
      const dense = await lossCurve(
        referenceBackend,
        lab({ op: 'categoricalCrossentropy', params: { fromLogits }, target: 2, classes: 5 }),
        11,
      );
      expect(sparse).toEqual(dense);
    }
  });

  it('with two classes, is viz’s two-class curve', async () => {
    const ours = await lossCurve(
      referenceBackend,
      lab({ op: 'categoricalCrossentropy', target: 0, classes: 2 }),
      21,
    );
    // viz's target t means yTrue [t, 1 − t]: class 0 is t = 1
    const viz = await sampleOp('categoricalCrossentropy', {}, { target: 1, points: 21 });
    expect(ours.x).toEqual(viz.x);
    expect(ours.loss).toEqual(viz.f);
    expect(ours.grad).toEqual(viz.df);
  });

  it('pointwise losses take the target as yTrue: huber with delta 0.5 around 1.5', async () => {
    const c = await lossCurve(
      referenceBackend,
      lab({ op: 'huber', params: { delta: 0.5 }, target: 1.5 }),
      13,
    );
    for (const [i, y] of c.x.entries()) {
      const d = y - 1.5;
      const huber = Math.abs(d) <= 0.5 ? 0.5 * d * d : 0.5 * (Math.abs(d) - 0.25);
      expect(c.loss[i]).toBeCloseTo(huber, 12);
      expect(c.grad[i]).toBeCloseTo(Math.abs(d) <= 0.5 ? d : 0.5 * Math.sign(d), 12);
    }
  });

  it('BCE vs MSE after a sigmoid: the numbers of the table', async () => {
    const rows = await bceVsMseRows(referenceBackend);
    expect(rows.map((r) => r.z)).toEqual(comparisonLogits);
    for (const {
      z,
      p,
      losses: [bce, mse],
    } of rows) {
      expect(p).toBe(logistic(z));
      expect(bce!.loss).toBeCloseTo(-Math.log(p), 12);
      expect(bce!.grad).toBeCloseTo(p - 1, 9);
      expect(mse!.loss).toBeCloseTo((1 - p) ** 2, 12);
      expect(mse!.grad).toBeCloseTo(2 * (p - 1) * p * (1 - p), 12);
    }
    const wrong = rows.find((r) => r.z === -8)!;
    // confidently wrong: BCE still pushes with about −1, MSE's gradient has all but vanished
    expect(wrong.losses[0]!.grad).toBeLessThan(-0.99);
    expect(Math.abs(wrong.losses[1]!.grad)).toBeLessThan(1e-3);
  });
});

// one set of backends for the whole file, as the app has
const backends = new Backends();
afterAll(() => backends.dispose());

let root: HTMLElement | undefined;
let view: View | undefined;
const navigated: { state: AppState; replace: boolean }[] = [];
afterEach(() => {
  view?.destroy();
  root?.remove();
  view = undefined;
  root = undefined;
  navigated.length = 0;
});

function mount(state: AppState, extra: Partial<Deps> = {}): View {
  root = document.createElement('div');
  root.className = 'view';
  document.body.append(root);
  const deps: Deps = {
    backends,
    conformance: new ConformanceCache(),
    navigate: (next, options) => {
      navigated.push({ state: next, replace: options?.replace === true });
      view?.update(next);
    },
    points: 21,
    ...extra,
  };
  view = mountLossLab(root, state, deps);
  return view;
}

const byTestId = <E extends HTMLElement = HTMLElement>(id: string) =>
  root!.querySelector<E>(`[data-testid="${id}"]`);
const plotText = () => byTestId('loss-lab-plot')!.querySelector('svg')!.textContent ?? '';
const labState = (op: OpId, changes: LossLabInput = {}) =>
  withChanges(defaultState(), { page: 'loss-lab', lossLab: lab({ op, ...changes }) });

function pick(el: HTMLInputElement | HTMLSelectElement, value?: string): void {
  if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) el.checked = true;
  else el.value = value!;
  el.dispatchEvent(new Event(el instanceof HTMLInputElement && el.type === 'range' ? 'input' : 'change'));
}

describe('the loss lab view', () => {
  it('switches BCE between probabilities and logits', async () => {
    const v = mount(labState('binaryCrossentropy'));
    await v.idle();
    expect(byTestId<HTMLInputElement>('loss-lab-prediction-probabilities')!.checked).toBe(true);
    expect(plotText()).toContain('ŷ (yPred)');
    // the switch replaces the schema's checkbox
    expect(byTestId('param-binaryCrossentropy-fromLogits')).toBeNull();
    pick(byTestId<HTMLInputElement>('loss-lab-prediction-logits')!);
    expect(navigated.at(-1)!.state.lossLab.params.fromLogits).toBe(true);
    await v.idle();
    expect(plotText()).toContain('z (logit)');
    expect(byTestId('loss-lab-plot-error')).toBeNull();
  });

  it('has a slider per param of the loss’s schema: label smoothing, Huber’s delta', async () => {
    const v = mount(labState('binaryCrossentropy'));
    await v.idle();
    const before = plotText();
    const smoothing = byTestId<HTMLInputElement>('param-binaryCrossentropy-labelSmoothing')!;
    pick(smoothing, '0.2');
    // dragging replaces the history entry; the curve follows
    expect(navigated.at(-1)).toMatchObject({
      replace: true,
      state: { lossLab: { params: { labelSmoothing: 0.2 } } },
    });
    await v.idle();
    expect(plotText()).not.toBe(before);
    expect(plotText()).toContain('labelSmoothing = 0.2');

    v.update(labState('huber'));
    await v.idle();
    expect(byTestId('loss-lab-prediction')).toBeNull();
    expect(byTestId('param-huber-delta')).not.toBeNull();
    pick(byTestId<HTMLInputElement>('param-huber-delta-value')!, '0.5');
    expect(navigated.at(-1)!.state.lossLab.params).toEqual({ delta: 0.5 });
    await v.idle();
    expect(plotText()).toContain('huber (delta = 0.5)');
  });

  it('takes a target of the loss’s kind: a value, a label, a class of a few', async () => {
    const v = mount(labState('meanSquaredError'));
    await v.idle();
    pick(byTestId<HTMLInputElement>('loss-lab-target-value')!, '2');
    expect(navigated.at(-1)!.state.lossLab.target).toBe(2);
    // out of range: refused, the box goes back
    pick(byTestId<HTMLInputElement>('loss-lab-target-value')!, '9');
    expect(navigated.at(-1)!.state.lossLab.target).toBe(2);
    await v.idle();
    expect(plotText()).toContain('target 2');

    v.update(labState('hinge'));
    await v.idle();
    pick(byTestId<HTMLInputElement>('loss-lab-target--1')!);
    expect(navigated.at(-1)!.state.lossLab.target).toBe(-1);

    v.update(labState('sparseCategoricalCrossentropy'));
    await v.idle();
    pick(byTestId<HTMLSelectElement>('loss-lab-classes')!, '5');
    await v.idle();
    const target = byTestId<HTMLSelectElement>('loss-lab-target')!;
    expect([...target.options].map((o) => o.value)).toEqual(['0', '1', '2', '3', '4']);
    pick(target, '4');
    expect(navigated.at(-1)!.state.lossLab).toMatchObject({ classes: 5, target: 4 });
    await v.idle();
    expect(plotText()).toContain('target class 4 of 5');
    expect(plotText()).toContain('ŷ₀ (probability of class 0)');
  });

  it('picks another loss from the catalog’s losses', async () => {
    const v = mount(labState('binaryCrossentropy'));
    await v.idle();
    const select = byTestId<HTMLSelectElement>('loss-lab-loss')!;
    expect([...select.options].map((o) => o.value).sort()).toEqual([...losses].sort());
    select.focus();
    pick(select, 'poisson');
    // rebuilt for the new loss, and still where the keyboard was
    expect(document.activeElement).toBe(byTestId('loss-lab-loss'));
    expect(navigated.at(-1)!.state.lossLab).toMatchObject({ op: 'poisson', params: {}, target: 1 });
    await v.idle();
    expect(plotText()).toContain('poisson');
    expect(root!.querySelector('[data-testid="formula"] .katex')).not.toBeNull();
  });

  it('computes the table on the chosen backend and marks where MSE’s gradient vanished', async () => {
    const v = mount(labState('binaryCrossentropy'));
    await v.idle();
    expect(byTestId('comparison')!.dataset.backend).toBe('cpu');
    expect(byTestId('comparison-row--8')!.classList.contains('vanishing')).toBe(true);
    expect(byTestId('comparison-row-0')!.classList.contains('vanishing')).toBe(false);
    // confidently right: both gradients are small, nothing has gone wrong
    expect(byTestId('comparison-row-8')!.classList.contains('vanishing')).toBe(false);
    expect(byTestId('comparison-summary')!.textContent).toMatch(
      /At z = −8 .* BCE still pushes with ∂L\/∂z = −0\.9997/,
    );
    v.update(withChanges(labState('binaryCrossentropy'), { backend: 'tfjs-cpu' }));
    await v.idle();
    expect(byTestId('comparison')!.dataset.backend).toBe('tfjs-cpu');
    expect(plotText()).toContain('tfjs-cpu float32');
  });
});

describe('every loss on every backend', () => {
  for (const backend of backendNames) {
    it(`draws each loss on ${backend}, from probabilities and logits, with three classes`, async () => {
      const problems: string[] = [];
      const v = mount(withChanges(labState('meanSquaredError'), { backend }));
      for (const op of losses) {
        for (const fromLogits of 'fromLogits' in paramDefs(op) ? [false, true] : [false]) {
          v.update(
            withChanges(
              labState(op, {
                params: { fromLogits },
                classes: 3,
                target: targetKind(op).kind === 'class' ? 2 : undefined,
              }),
              { backend },
            ),
          );
          await v.idle();
          const plot = byTestId('loss-lab-plot')!;
          const errors = [...root!.querySelectorAll('[role="alert"]')].map((e) => e.textContent);
          if (plot.dataset.rendered !== 'true' || !plot.querySelector('path'))
            problems.push(`${op}: no plot`);
          if (errors.length) problems.push(`${op} ${fromLogits ? 'logits' : ''}: ${errors.join(' | ')}`);
        }
      }
      expect(byTestId('comparison')!.dataset.backend).toBe(backend);
      expect(problems).toEqual([]);
    });
  }
});
