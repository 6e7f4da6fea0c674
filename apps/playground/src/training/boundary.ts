import type { Dataset, GridPrediction, Split, Trainer } from '@rectify/train';
import { renderChart, type Series, toElement } from '@rectify/viz';
import { errorBox, errorMessage, formatNumber, h, replaceChildren } from '../dom.js';
import {
  binaryHeat,
  classColor,
  classesHeat,
  css,
  type Rgb,
  chartTheme as theme,
  valueColor,
} from './colors.js';

/** The decision boundary (or fitted surface) of the trainer's network over its data. */
export interface BoundaryView {
  readonly element: HTMLElement;
  /** Draws the network after the trainer's last completed step; overlapping calls keep only the latest. */
  draw(trainer: Trainer): Promise<void>;
  /** Resolves once no drawing is under way. */
  idle(): Promise<void>;
  destroy(): void;
}

export interface BoundaryOptions {
  /** Grid points per axis (default 60). */
  readonly resolution?: number;
  /** Width and height of the square plot in CSS pixels (default 520). */
  readonly size?: number;
}

const margin = { left: 46, right: 10, top: 10, bottom: 36 };
const font = `${theme.fontSize}px ${theme.font}`;

/** About `count` round tick values over [lo, hi]: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out.push(Number(v.toPrecision(12)) || 0);
  }
  return out;
}

const label = (v: number) => formatNumber(Number(v.toPrecision(4)));

/** The lowest and highest target of the data (regression colours span them). */
function targetRange(dataset: Dataset): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const split of [dataset.train, dataset.test]) {
    for (const v of split.y) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return lo < hi ? [lo, hi] : [lo - 1, hi + 1];
}

/** The background colour at each grid point. */
function gridColors(grid: GridPrediction, dataset: Dataset): Rgb[] {
  const { values, outputs, size } = grid;
  const colors: Rgb[] = new Array(size);
  if (dataset.task === 'regression') {
    const [lo, hi] = targetRange(dataset);
    for (let i = 0; i < size; i++) colors[i] = valueColor(values[i]!, lo, hi);
  } else if (outputs === 1) {
    for (let i = 0; i < size; i++) colors[i] = binaryHeat(values[i]!);
  } else {
    for (let i = 0; i < size; i++) colors[i] = classesHeat(values, i * outputs, outputs);
  }
  return colors;
}

/** The colour of a data point: its class's, or its target's at full strength. */
function pointColor(dataset: Dataset, y: number): Rgb {
  if (dataset.task !== 'regression') return classColor(y);
  const [lo, hi] = targetRange(dataset);
  return valueColor(y, lo, hi, 1);
}

interface Frame {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

const sx = (f: Frame, v: number) => f.left + ((v - f.x[0]) / (f.x[1] - f.x[0])) * f.width;
const sy = (f: Frame, v: number) => f.top + (1 - (v - f.y[0]) / (f.y[1] - f.y[0])) * f.height;

/** The grid's colours, bilinearly interpolated onto every pixel of the plot area. */
function paintHeat(
  ctx: CanvasRenderingContext2D,
  grid: GridPrediction,
  colors: Rgb[],
  f: Frame,
  dpr: number,
) {
  const w = Math.round(f.width * dpr);
  const hgt = Math.round(f.height * dpr);
  const image = ctx.createImageData(w, hgt);
  const n = grid.resolution;
  for (let py = 0; py < hgt; py++) {
    // grid row 0 is the bottom of the plot
    const gy = Math.min(n - 1.000001, Math.max(0, (1 - (py + 0.5) / hgt) * (n - 1)));
    const r0 = Math.floor(gy);
    const fy = gy - r0;
    for (let px = 0; px < w; px++) {
      const gx = Math.min(n - 1.000001, Math.max(0, ((px + 0.5) / w) * (n - 1)));
      const c0 = Math.floor(gx);
      const fx = gx - c0;
      const a = colors[r0 * n + c0]!;
      const b = colors[r0 * n + c0 + 1]!;
      const c = colors[(r0 + 1) * n + c0]!;
      const d = colors[(r0 + 1) * n + c0 + 1]!;
      const o = (py * w + px) * 4;
      for (let k = 0; k < 3; k++) {
        const top = a[k]! + (b[k]! - a[k]!) * fx;
        const bottom = c[k]! + (d[k]! - c[k]!) * fx;
        image.data[o + k] = Math.round(top + (bottom - top) * fy);
      }
      image.data[o + 3] = 255;
    }
  }
  ctx.putImageData(image, Math.round(f.left * dpr), Math.round(f.top * dpr));
}

function paintPoints(
  ctx: CanvasRenderingContext2D,
  dataset: Dataset,
  axes: readonly [number, number],
  f: Frame,
): void {
  const total = dataset.train.size + dataset.test.size;
  const radius = Math.min(3.5, Math.max(1.5, 3.5 * Math.sqrt(300 / Math.max(1, total))));
  const features = dataset.features;
  // a value near the middle of a regression's range is near white: a faint dark rim keeps it visible
  const rim = dataset.task === 'regression' ? 'rgb(31 35 40 / 0.4)' : '#ffffff';
  const draw = (split: Split, test: boolean) => {
    ctx.lineWidth = test ? 1.6 : 1;
    ctx.strokeStyle = test ? theme.text : rim;
    for (let i = 0; i < split.size; i++) {
      const x = sx(f, split.x[i * features + axes[0]]!);
      const y = sy(f, split.x[i * features + axes[1]]!);
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
      ctx.fillStyle = css(pointColor(dataset, split.y[i]!));
      ctx.fill();
      ctx.stroke();
    }
  };
  draw(dataset.train, false);
  // test points on top, outlined in dark: the points the network never trained on
  draw(dataset.test, true);
}

function paintAxes(ctx: CanvasRenderingContext2D, f: Frame, names: readonly [string, string], size: number) {
  ctx.strokeStyle = theme.axis;
  ctx.lineWidth = 1;
  ctx.strokeRect(f.left - 0.5, f.top - 0.5, f.width + 1, f.height + 1);
  ctx.font = font;
  ctx.fillStyle = theme.muted;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  for (const v of niceTicks(f.x[0], f.x[1], 5)) {
    const x = Math.round(sx(f, v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, f.top + f.height);
    ctx.lineTo(x, f.top + f.height + 4);
    ctx.stroke();
    ctx.fillText(label(v), x, f.top + f.height + 6);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of niceTicks(f.y[0], f.y[1], 5)) {
    const y = Math.round(sy(f, v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(f.left - 4, y);
    ctx.lineTo(f.left, y);
    ctx.stroke();
    ctx.fillText(label(v), f.left - 6, y);
  }
  ctx.fillStyle = theme.text;
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(`${names[0]} →`, size - margin.right, size - 6);
  ctx.save();
  ctx.translate(12, margin.top);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'right';
  ctx.fillText(`${names[1]} →`, 0, 0);
  ctx.restore();
}

/** The legend under the plot: the classes' colours (or the target's scale), and train vs test points. */
function legendOf(dataset: Dataset): HTMLElement {
  const marks = [
    h('span', { class: 'legend-item' }, h('span', { class: 'legend-point' }), 'train'),
    h('span', { class: 'legend-item' }, h('span', { class: 'legend-point test' }), 'test'),
  ];
  if (dataset.task === 'regression') {
    const [lo, hi] = targetRange(dataset);
    const stops = [0, 0.5, 1].map((t) => css(valueColor(lo + t * (hi - lo), lo, hi, 1)));
    return h(
      'div',
      { class: 'boundary-legend', 'data-testid': 'training-legend' },
      h(
        'span',
        { class: 'legend-item' },
        'target',
        h('span', { class: 'legend-num' }, label(lo)),
        h('span', { class: 'legend-ramp', style: `background: linear-gradient(90deg, ${stops.join(', ')})` }),
        h('span', { class: 'legend-num' }, label(hi)),
      ),
      marks,
    );
  }
  return h(
    'div',
    { class: 'boundary-legend', 'data-testid': 'training-legend' },
    dataset.classNames.map((name, c) =>
      h(
        'span',
        { class: 'legend-item' },
        h('span', { class: 'legend-swatch', style: `background: ${css(classColor(c))}` }),
        `class ${name}`,
      ),
    ),
    marks,
  );
}

/** For data of one feature: the fitted curve (or class probabilities) against it, points over it. */
async function curveSvg(trainer: Trainer, width: number): Promise<string> {
  const { dataset } = trainer;
  const [lo, hi] = dataset.bounds[0]!;
  const pad = 0.1 * (hi - lo || 1);
  const n = 200;
  const xs = Float64Array.from({ length: n }, (_, i) => lo - pad + ((hi - lo + 2 * pad) * i) / (n - 1));
  const { values, outputs } = await trainer.predict(xs);
  const series: Series[] = [];
  const regression = dataset.task === 'regression';
  if (regression) {
    series.push({ label: 'network', x: xs, y: values, color: theme.text });
  } else {
    const classes = outputs === 1 ? [1] : Array.from({ length: outputs }, (_, c) => c);
    for (const c of classes) {
      const y = outputs === 1 ? values : Float64Array.from({ length: n }, (_, i) => values[i * outputs + c]!);
      series.push({ label: `P(class ${dataset.classNames[c]})`, x: xs, y, color: css(classColor(c)) });
    }
  }
  // a point sits at its target, or for classes at the probability its class should get: 1 (binary: its label)
  const at = (split: Split) => Float64Array.from(split.y, (v) => (regression || outputs === 1 ? v : 1));
  series.push({ label: 'train', x: dataset.train.x, y: at(dataset.train), mark: 'dot', color: theme.muted });
  series.push({ label: 'test', x: dataset.test.x, y: at(dataset.test), mark: 'ring', color: theme.text });
  return renderChart({
    title: regression ? 'The network’s fit' : 'Class probabilities',
    width,
    height: Math.round(width * 0.72),
    series,
    x: { label: dataset.featureNames[0] ?? 'x' },
    y: regression ? { label: 'value' } : { label: 'probability', domain: [-0.05, 1.05] },
  });
}

/**
 * The decision boundary on a canvas: the network's prediction over a grid of the two features shown
 * (class colours, paler where it is unsure; a diverging scale of the value for regression) with the
 * train and test points over it, or for one-feature data the fitted curve. Colours are fixed (viz's
 * palette), so the same network draws the same pixels.
 */
export function boundaryPlot(options: BoundaryOptions = {}): BoundaryView {
  const resolution = options.resolution ?? 60;
  const size = options.size ?? 520;
  const dpr = Math.max(1, Math.round(globalThis.devicePixelRatio || 1));
  const canvas = h('canvas', {
    width: size * dpr,
    height: size * dpr,
    class: 'boundary-canvas',
    style: `width: ${size}px`,
    role: 'img',
    'aria-label': 'Decision boundary: the network’s prediction over the plane, with the data points',
    'data-testid': 'training-boundary-canvas',
  });
  const curve = h('div', { class: 'plot boundary-curve', 'data-testid': 'training-curve' });
  const legend = h('div');
  const axesSlot = h('div', { class: 'boundary-axes' });
  const status = h('div', { class: 'plot-status' });
  const element = h(
    'div',
    { class: 'boundary', 'data-testid': 'training-boundary' },
    axesSlot,
    status,
    canvas,
    curve,
    legend,
  );
  let axes: [number, number] = [0, 1];
  let axesOf: Dataset | undefined;
  let last: Trainer | undefined;
  let running: Promise<void> | undefined;
  let queued: Trainer | undefined;
  let destroyed = false;

  /** Feature pickers for data of more than two features (CSV files): which two span the plane. */
  function showAxes(dataset: Dataset): void {
    if (axesOf === dataset) return;
    axesOf = dataset;
    axes = [0, Math.min(1, dataset.features - 1)];
    if (dataset.features <= 2) {
      replaceChildren(axesSlot);
      return;
    }
    const picker = (which: 0 | 1, text: string) => {
      const id = `training-axis-${which}`;
      const select = h(
        'select',
        { id, 'data-testid': id },
        dataset.featureNames.map((name, i) => h('option', { value: i, selected: i === axes[which] }, name)),
      );
      select.addEventListener('change', () => {
        axes[which] = Number(select.value);
        if (last) void draw(last);
      });
      return h('span', { class: 'param' }, h('label', { for: id }, text), select);
    };
    replaceChildren(
      axesSlot,
      picker(0, 'across'),
      picker(1, 'up'),
      h('p', { class: 'param-doc' }, 'The other features stay at their mean over the train points.'),
    );
  }

  async function paint(trainer: Trainer): Promise<void> {
    const { dataset } = trainer;
    showAxes(dataset);
    element.dataset.kind = dataset.features === 1 ? 'curve' : 'heat';
    if (dataset.features === 1) {
      const svg = await curveSvg(trainer, size);
      if (destroyed) return;
      canvas.hidden = true;
      curve.hidden = false;
      replaceChildren(curve, toElement(svg));
    } else {
      const grid = await trainer.predictGrid({ resolution, axes: [axes[0], axes[1]] });
      if (destroyed) return;
      canvas.hidden = false;
      curve.hidden = true;
      const ctx = canvas.getContext('2d')!;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = theme.background;
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      const frame: Frame = {
        left: margin.left,
        top: margin.top,
        width: size - margin.left - margin.right,
        height: size - margin.top - margin.bottom,
        x: grid.x,
        y: grid.y,
      };
      paintHeat(ctx, grid, gridColors(grid, dataset), frame, dpr);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      paintPoints(ctx, dataset, axes, frame);
      const names = dataset.featureNames;
      paintAxes(ctx, frame, [names[axes[0]] ?? 'x1', names[axes[1]] ?? 'x2'], size);
    }
    // the curve's chart has a legend of its own
    replaceChildren(legend, dataset.features === 1 ? null : legendOf(dataset));
    replaceChildren(status);
    element.dataset.epoch = String(trainer.epoch);
    element.dataset.steps = String(trainer.steps);
    element.dataset.rendered = 'true';
  }

  async function draw(trainer: Trainer): Promise<void> {
    last = trainer;
    if (destroyed) return;
    if (running) {
      queued = trainer;
      return running;
    }
    running = (async () => {
      let next: Trainer | undefined = trainer;
      while (next && !destroyed) {
        queued = undefined;
        try {
          await paint(next);
        } catch (err) {
          replaceChildren(status, errorBox(errorMessage(err), 'training-boundary-error'));
        }
        next = queued;
      }
    })();
    try {
      await running;
    } finally {
      running = undefined;
    }
  }

  return {
    element,
    draw,
    idle: async () => {
      while (running) await running;
    },
    destroy() {
      destroyed = true;
      queued = undefined;
    },
  };
}
