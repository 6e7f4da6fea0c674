import type { EpochMetrics, Trainer } from '@rectify/train';
import { renderChart, type Series, toElement } from '@rectify/viz';
import { formatNumber, h, replaceChildren } from '../dom.js';
import { palette } from './colors.js';

/** The right column: the numbers of the last epoch, the curves so far, and what each layer is doing. */
export interface MetricsPanel {
  readonly element: HTMLElement;
  update(trainer: Trainer | undefined): void;
}

const chartWidth = 320;
const chartHeight = 200;
// a chart of thousands of epochs draws no better than one of a few hundred points
const maxPoints = 300;

/** Every k-th epoch (and always the last) so a long run's curves stay light. */
function thin(history: readonly EpochMetrics[]): readonly EpochMetrics[] {
  if (history.length <= maxPoints) return history;
  const k = Math.ceil(history.length / maxPoints);
  return history.filter((_, i) => i % k === 0 || i === history.length - 1);
}

const short = (v: number) => formatNumber(Number(v.toPrecision(4)));
const percent = (v: number) => `${Number((100 * v).toFixed(1))}%`;

function curve(label: string, points: readonly EpochMetrics[], pick: (m: EpochMetrics) => number | null) {
  return {
    label,
    x: points.map((m) => m.epoch),
    y: points.map((m) => pick(m) ?? Number.NaN),
  };
}

/** Train and test curves of one metric, train solid and test dashed, in the accent colour. */
function trainTest(
  title: string,
  points: readonly EpochMetrics[],
  pick: (m: EpochMetrics, test: boolean) => number | null,
  y: { readonly label: string; readonly domain?: readonly [number, number] },
): string {
  const hasTest = points.some((m) => pick(m, true) !== null);
  const series: Series[] = [
    { ...curve('train', points, (m) => pick(m, false)), color: palette[0]! },
    ...(hasTest ? [{ ...curve('test', points, (m) => pick(m, true)), color: palette[1]!, dash: true }] : []),
  ];
  const last = points[points.length - 1]!;
  return renderChart({
    title,
    width: chartWidth,
    height: chartHeight,
    series,
    x: { label: 'epoch', domain: [0, Math.max(1, last.epoch)] },
    y,
  });
}

/** The per-layer names: `1 · relu` for hidden layers, `output` for the last. */
export function layerNames(trainer: Trainer): string[] {
  const layers = trainer.network.layers;
  return layers.map((l, i) => (i === layers.length - 1 ? 'output' : `${i + 1} · ${l.activation}`));
}

interface Bar {
  readonly label: string;
  /** Its length, 0 to 1. */
  readonly fraction: number;
  readonly text: string;
  readonly value: number;
  readonly testId: string;
  readonly tone?: 'bad' | 'good';
}

function bars(rows: readonly Bar[]): HTMLElement {
  return h(
    'div',
    { class: 'bars' },
    rows.map((r) =>
      h(
        'div',
        { class: `bar-row${r.tone ? ` ${r.tone}` : ''}`, 'data-testid': r.testId, 'data-value': r.value },
        h('span', { class: 'bar-label' }, r.label),
        h(
          'span',
          { class: 'bar-track' },
          h('span', {
            class: 'bar-fill',
            style: `width: ${(100 * Math.max(0, Math.min(1, r.fraction))).toFixed(1)}%`,
          }),
        ),
        h('span', { class: 'bar-num num' }, r.text),
      ),
    ),
  );
}

function deadBars(trainer: Trainer, m: EpochMetrics): HTMLElement {
  const names = layerNames(trainer);
  if (m.deadUnits.length === 0) return h('p', { class: 'muted' }, 'No hidden layer.');
  return bars(
    m.deadUnits.map((d, i) => ({
      label: names[i]!,
      fraction: d,
      text: percent(d),
      value: d,
      testId: `training-dead-${i}`,
      ...(d >= 0.5 ? { tone: 'bad' as const } : {}),
    })),
  );
}

/** Gradient norms on a log scale over the decades they span, so a vanished one still shows as small. */
function gradientBars(trainer: Trainer, m: EpochMetrics): HTMLElement {
  const names = layerNames(trainer);
  const positive = m.gradientNorms.filter((g) => g > 0);
  const hi = Math.log10(Math.max(...positive, 1e-12));
  const lo = Math.min(hi - 1, Math.log10(Math.min(...positive, 1)) - 0.5);
  return bars(
    m.gradientNorms.map((g, i) => ({
      label: names[i]!,
      fraction: g > 0 ? (Math.log10(g) - lo) / (hi - lo) : 0,
      text: g === 0 ? '0' : g.toExponential(1).replace('-', '−'),
      value: g,
      testId: `training-gradient-${i}`,
    })),
  );
}

/** Each PReLU layer's slopes as dots on [min(0, …), max(1, …)], with their range and mean. */
function slopeRows(trainer: Trainer, m: EpochMetrics): HTMLElement {
  const names = layerNames(trainer);
  const rows = m.preluSlopes.flatMap((slopes, i) => (slopes ? [{ i, slopes }] : []));
  if (rows.length === 0) {
    return h(
      'p',
      { class: 'muted' },
      'No PReLU layer: pick prelu as a layer’s activation to watch it learn its slopes.',
    );
  }
  return h(
    'div',
    { class: 'slopes' },
    rows.map(({ i, slopes }) => {
      const lo = Math.min(0, ...slopes);
      const hi = Math.max(1, ...slopes);
      const mean = slopes.reduce((a, b) => a + b, 0) / slopes.length;
      // inset so that the dots at the ends are whole
      const at = (v: number) => `${(4 + (92 * (v - lo)) / (hi - lo)).toFixed(1)}%`;
      return h(
        'div',
        { class: 'slope-row', 'data-testid': `training-slopes-${i}`, 'data-mean': mean },
        h('span', { class: 'bar-label' }, names[i]!),
        h(
          'span',
          { class: 'slope-track', title: `slopes from ${short(lo)} to ${short(hi)}` },
          h('span', { class: 'slope-zero', style: `left: ${at(0)}` }),
          slopes.map((a) => h('span', { class: 'slope-dot', style: `left: ${at(a)}` })),
        ),
        h(
          'span',
          { class: 'bar-num num' },
          `${short(Math.min(...slopes))} … ${short(Math.max(...slopes))}, mean ${short(mean)}`,
        ),
      );
    }),
  );
}

function figure(label: string, testId: string, value: number | null, show: (v: number) => string) {
  return h(
    'div',
    { class: 'figure-cell' },
    h('dt', {}, label),
    h(
      'dd',
      { class: 'num', 'data-testid': testId, 'data-value': value ?? '' },
      value === null ? '—' : show(value),
    ),
  );
}

/** The metrics column; drawn again from the trainer's history after every epoch. */
export function metricsPanel(): MetricsPanel {
  const numbers = h('dl', { class: 'figures', 'data-testid': 'training-figures' });
  const lossChart = h('div', { class: 'plot', 'data-testid': 'training-loss-chart' });
  const accuracyChart = h('div', { class: 'plot', 'data-testid': 'training-accuracy-chart' });
  const dead = h('div', { 'data-testid': 'training-dead' });
  const gradients = h('div', { 'data-testid': 'training-gradients' });
  const slopes = h('div', { 'data-testid': 'training-slopes' });
  const section = (title: string, doc: string, ...body: HTMLElement[]) =>
    h(
      'section',
      { class: 'card metric-card' },
      h('h2', {}, title),
      h('p', { class: 'param-doc' }, doc),
      body,
    );
  const element = h(
    'div',
    { class: 'training-metrics', 'data-testid': 'training-metrics' },
    h('section', { class: 'card metric-card' }, numbers, lossChart, accuracyChart),
    section(
      'Dead units',
      'Per hidden layer, the share of units that output exactly 0 on every train point: they pass no gradient back.',
      dead,
    ),
    section(
      'Gradient norm',
      'Per layer, the mean L2 norm of its gradient over the last epoch’s steps (log scale).',
      gradients,
    ),
    section('PReLU slopes', 'The slope below 0 each PReLU unit has learned (one dot per unit).', slopes),
  );
  // the last drawn (history, trainer): an unchanged history is not drawn again
  let shown: readonly EpochMetrics[] | undefined;
  let shownTrainer: Trainer | undefined;

  return {
    element,
    update(trainer) {
      const history = trainer?.history;
      if (history === shown && trainer === shownTrainer) return;
      shown = history;
      shownTrainer = trainer;
      if (!trainer || !history) {
        for (const el of [numbers, lossChart, accuracyChart, dead, gradients, slopes]) replaceChildren(el);
        return;
      }
      const m = trainer.latest;
      replaceChildren(
        numbers,
        figure('Train loss', 'training-train-loss', m.trainLoss, short),
        figure('Test loss', 'training-test-loss', m.testLoss, short),
        figure('Train accuracy', 'training-train-accuracy', m.trainAccuracy, percent),
        figure('Test accuracy', 'training-test-accuracy', m.testAccuracy, percent),
      );
      const points = thin(history);
      replaceChildren(
        lossChart,
        toElement(
          trainTest('Loss', points, (e, test) => (test ? e.testLoss : e.trainLoss), {
            label: trainer.head.loss,
          }),
        ),
      );
      accuracyChart.hidden = m.trainAccuracy === null;
      replaceChildren(
        accuracyChart,
        m.trainAccuracy === null
          ? null
          : toElement(
              trainTest('Accuracy', points, (e, test) => (test ? e.testAccuracy : e.trainAccuracy), {
                label: 'accuracy',
                domain: [0, 1],
              }),
            ),
      );
      replaceChildren(dead, deadBars(trainer, m));
      replaceChildren(gradients, gradientBars(trainer, m));
      replaceChildren(slopes, slopeRows(trainer, m));
    },
  };
}
