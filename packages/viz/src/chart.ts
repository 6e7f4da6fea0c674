import { line } from 'd3-shape';
import { defaultHeight, defaultWidth, type Frame } from './frame.js';
import { type LegendItem, renderLegend } from './legend.js';
import { type PositionScale, ticksOf, xScaleOf, yDomainOf, yScaleOf } from './scales.js';
import { contentHash, el, esc, num } from './svg.js';
import { palette, theme } from './theme.js';

/** One curve (or set of points) of a chart. */
export interface Series {
  readonly label: string;
  readonly x: ArrayLike<number>;
  /** NaN and ±∞ leave gaps. */
  readonly y: ArrayLike<number>;
  /** Default: the palette colour of the series' index. */
  readonly color?: string;
  /** `true` for the derivative dash, or an SVG dash array such as `'2 2'`. */
  readonly dash?: boolean | string;
  /** `line` (default), `dot` (a dot per finite point) or `cross` (a × per point, for flagged values). */
  readonly mark?: 'line' | 'dot' | 'ring' | 'cross';
  /** Leave the series out of the legend. */
  readonly hideInLegend?: boolean;
}

/**
 * A reference line across the plot: a kink (`axis: 'x'`, dashed), an asymptote (`axis: 'y'`, dotted)
 * or a labelled guide level (such as "0.5 ULP").
 */
export interface Rule {
  readonly axis: 'x' | 'y';
  readonly at: number;
  readonly kind: 'kink' | 'asymptote' | 'guide';
  readonly label?: string;
}

/** An axis: its domain (default: from the data) and its label. */
export interface Axis {
  readonly domain?: readonly [number, number];
  readonly label?: string;
}

/** The declarative description of a chart, the input of {@link renderChart}. */
export interface Chart extends Frame {
  readonly subtitle?: string;
  readonly series: readonly Series[];
  readonly rules?: readonly Rule[];
  /** Default label `x`. */
  readonly x?: Axis;
  /** `scale: 'log'` needs a positive domain; values ≤ 0 are left out. */
  readonly y?: Axis & { readonly scale?: 'linear' | 'log' };
  /** Default: shown when there is more than one series. */
  readonly legend?: boolean;
}

const margin = { side: 16, right: 20, bottom: 40 };

/**
 * Renders a chart to an SVG string: light grid and axes from d3-scale's ticks, each series as a
 * d3-shape line (gaps at NaN and ±∞) or as points, rules, a legend and a title, clipped to the plot area.
 * The output is deterministic (no random ids, no dates) with every number rounded to 2 decimals.
 *
 * @example
 * ```ts
 * const svg = renderChart({
 *   title: 'x²',
 *   series: [{ label: 'x²', x: [-1, 0, 1], y: [1, 0, 1] }],
 *   rules: [{ axis: 'x', at: 0, kind: 'kink' }],
 *   y: { label: 'f(x)' },
 * });
 * ```
 */
export function renderChart(chart: Chart): string {
  const width = chart.width ?? defaultWidth;
  const height = chart.height ?? defaultHeight;
  const logY = chart.y?.scale === 'log';
  const items: LegendItem[] = chart.series.map((s, i) => ({
    label: s.label,
    color: colorOf(s, i),
    dash: dashOf(s),
    mark: s.mark ?? 'line',
  }));

  // the header stacks title, subtitle and legend; the plot starts below it
  const head: string[] = [];
  let top = 12;
  if (chart.title) {
    head.push(
      el(
        'text',
        {
          x: margin.side,
          y: top + 14,
          'font-size': theme.titleSize,
          'font-weight': 'bold',
          fill: theme.text,
        },
        esc(chart.title),
      ),
    );
    top += 24;
  }
  if (chart.subtitle) {
    head.push(
      el(
        'text',
        { x: margin.side, y: top + 11, 'font-size': theme.subtitleSize, fill: theme.muted },
        esc(chart.subtitle),
      ),
    );
    top += 18;
  }
  const showLegend = chart.legend ?? chart.series.length > 1;
  if (showLegend) {
    const legend = renderLegend(
      items.filter((_, i) => !chart.series[i]!.hideInLegend),
      margin.side,
      top + 4,
      width - 2 * margin.side,
    );
    head.push(legend.svg);
    top += legend.height + 6;
  }
  const yLabelAt = top + 12;
  const plotTop = top + 22;
  const plotBottom = height - margin.bottom;

  const yRules = (chart.rules ?? []).filter((r) => r.axis === 'y').map((r) => r.at);
  const yDomain =
    chart.y?.domain ??
    yDomainOf(
      chart.series.map((s) => (logY ? positive(s.y) : s.y)),
      logY ? [] : yRules,
    );
  const yTickCount = Math.max(3, Math.round((plotBottom - plotTop) / 48));
  const y = yScaleOf(yDomain, [plotBottom, plotTop], logY ? 'log' : 'linear');
  const yTicks = ticksOf(y, yTickCount);
  const left = margin.side + 8 + Math.max(3, ...yTicks.map((t) => t.label.length)) * theme.charWidth;
  const right = width - margin.right;

  const xDomain = chart.x?.domain ?? extentOrUnit(chart.series.map((s) => s.x));
  const x = xScaleOf(xDomain, [left, right]);
  const xTicks = ticksOf(x, Math.max(3, Math.round((right - left) / 80)));

  const grid: string[] = [];
  for (const t of yTicks) {
    const py = y(t.value);
    grid.push(el('line', { x1: left, x2: right, y1: py, y2: py, stroke: theme.grid }));
    grid.push(
      el('text', { x: left - 6, y: py, dy: '0.32em', 'text-anchor': 'end', fill: theme.muted }, esc(t.label)),
    );
  }
  for (const t of xTicks) {
    const px = x(t.value);
    grid.push(el('line', { x1: px, x2: px, y1: plotTop, y2: plotBottom, stroke: theme.grid }));
    grid.push(el('line', { x1: px, x2: px, y1: plotBottom, y2: plotBottom + 4, stroke: theme.axis }));
    grid.push(
      el('text', { x: px, y: plotBottom + 16, 'text-anchor': 'middle', fill: theme.muted }, esc(t.label)),
    );
  }
  // the zero lines orient the reader (is f negative here? is f′ zero?)
  const [yLo, yHi] = y.domain() as [number, number];
  if (!logY && yLo < 0 && yHi > 0) {
    grid.push(el('line', { x1: left, x2: right, y1: y(0), y2: y(0), stroke: theme.zero }));
  }
  const [xLo, xHi] = x.domain() as [number, number];
  if (xLo < 0 && xHi > 0) {
    grid.push(el('line', { x1: x(0), x2: x(0), y1: plotTop, y2: plotBottom, stroke: theme.zero }));
  }
  grid.push(el('line', { x1: left, x2: right, y1: plotBottom, y2: plotBottom, stroke: theme.axis }));
  grid.push(
    el(
      'text',
      { x: right, y: height - 8, 'text-anchor': 'end', fill: theme.text },
      `${esc(chart.x?.label ?? 'x')} →`,
    ),
  );
  if (chart.y?.label) {
    grid.push(el('text', { x: margin.side, y: yLabelAt, fill: theme.text }, `↑ ${esc(chart.y.label)}`));
  }

  const plotted: string[] = [];
  const labels: string[] = [];
  for (const rule of chart.rules ?? []) {
    const drawn = renderRule(rule, x, y, [left, right], [plotTop, plotBottom]);
    if (drawn) plotted.push(drawn.line);
    if (drawn?.label) labels.push(drawn.label);
  }
  chart.series.forEach((s, i) => {
    plotted.push(renderSeries(s, items[i]!, x, y, plotTop, plotBottom));
  });

  const plotBody = plotted.join('');
  const clipId = `rv-clip-${contentHash(`${width}x${height}|${head.join('')}|${plotBody}`)}`;
  const clip = el(
    'clipPath',
    { id: clipId },
    el('rect', { x: left - 1, y: plotTop - 1, width: right - left + 2, height: plotBottom - plotTop + 2 }),
  );
  const title = chart.title ? `<title>${esc(chart.title)}</title>` : '';
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${num(width)} ${num(height)}`,
      'font-family': theme.font,
      'font-size': theme.fontSize,
      role: 'img',
    },
    [
      title,
      `<defs>${clip}</defs>`,
      el('rect', { width, height, fill: theme.background }),
      ...head,
      el('g', { class: 'grid' }, grid.join('')),
      el('g', { class: 'marks', 'clip-path': `url(#${clipId})` }, plotBody),
      labels.join(''),
    ].join(''),
  );
}

function colorOf(s: Series, i: number): string {
  return s.color ?? palette[i % palette.length]!;
}

function dashOf(s: Series): string | undefined {
  if (s.dash === true) return theme.derivativeDash;
  return typeof s.dash === 'string' ? s.dash : undefined;
}

function positive(a: ArrayLike<number>): number[] {
  return Array.from(a, (v) => (v > 0 ? v : Number.NaN));
}

function extentOrUnit(arrays: readonly ArrayLike<number>[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      if (Number.isFinite(a[i]!)) {
        lo = Math.min(lo, a[i]!);
        hi = Math.max(hi, a[i]!);
      }
    }
  }
  if (!(lo < hi)) return lo === hi ? [lo - 1, hi + 1] : [0, 1];
  return [lo, hi];
}

function renderRule(
  rule: Rule,
  x: PositionScale,
  y: PositionScale,
  [left, right]: readonly [number, number],
  [top, bottom]: readonly [number, number],
): { line: string; label?: string } | undefined {
  const scale = rule.axis === 'x' ? x : y;
  const [d0, d1] = scale.domain() as [number, number];
  if (!(rule.at >= Math.min(d0, d1) && rule.at <= Math.max(d0, d1))) return undefined;
  const p = scale(rule.at);
  const dash =
    rule.kind === 'kink' ? theme.kinkDash : rule.kind === 'asymptote' ? theme.asymptoteDash : undefined;
  const attrs = {
    stroke: theme.rule,
    'stroke-dasharray': dash,
    'stroke-width': rule.kind === 'asymptote' ? 1.5 : 1,
  };
  const line =
    rule.axis === 'x'
      ? el('line', { x1: p, x2: p, y1: top, y2: bottom, ...attrs })
      : el('line', { x1: left, x2: right, y1: p, y2: p, ...attrs });
  if (!rule.label) return { line };
  const label =
    rule.axis === 'x'
      ? el('text', { x: p + 4, y: top + 12, fill: theme.muted }, esc(rule.label))
      : el('text', { x: right - 4, y: p - 5, 'text-anchor': 'end', fill: theme.muted }, esc(rule.label));
  return { line, label };
}

function renderSeries(
  s: Series,
  item: LegendItem,
  x: PositionScale,
  y: PositionScale,
  top: number,
  bottom: number,
): string {
  const n = Math.min(s.x.length, s.y.length);
  // far-off points are pulled in to a few plot heights away: the clip hides them either way, and
  // renderers lose precision on coordinates in the millions
  const reach = 10 * (bottom - top);
  const px = (i: number) => round2(x(s.x[i]!));
  const py = (i: number) => round2(Math.min(bottom + reach, Math.max(top - reach, y(s.y[i]!))));
  const ok = (i: number) =>
    Number.isFinite(s.x[i]!) && Number.isFinite(s.y[i]!) && Number.isFinite(y(s.y[i]!));
  const index = Array.from({ length: n }, (_, i) => i);
  const mark = s.mark ?? 'line';
  if (mark === 'line') {
    const d = line<number>().defined(ok).x(px).y(py)(index) ?? '';
    return el('path', {
      d,
      fill: 'none',
      stroke: item.color,
      'stroke-width': item.dash ? theme.strokeWidth - 0.25 : theme.strokeWidth,
      'stroke-dasharray': item.dash,
      'stroke-linejoin': 'round',
      'stroke-linecap': 'round',
    });
  }
  let d = '';
  for (const i of index) {
    if (!ok(i)) continue;
    // a zero-length subpath with round caps is a dot: one path element for all points
    d +=
      mark === 'dot'
        ? `M${num(px(i))},${num(py(i))}h0`
        : mark === 'ring'
          ? `M${num(px(i) - 2.5)},${num(py(i))}a2.5,2.5 0 1,0 5,0a2.5,2.5 0 1,0 -5,0`
          : `M${num(px(i) - 3.5)},${num(py(i) - 3.5)}l7,7m0,-7l-7,7`;
  }
  return el('path', {
    d,
    fill: 'none',
    stroke: item.color,
    'stroke-width': mark === 'dot' ? 3.5 : mark === 'ring' ? 1.2 : 1.5,
    'stroke-linecap': mark === 'dot' ? 'round' : 'butt',
  });
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
