import { el, esc, num } from './svg.js';
import { theme } from './theme.js';

/** What a legend shows of a series. */
export interface LegendItem {
  readonly label: string;
  readonly color: string;
  readonly dash?: string | undefined;
  readonly mark: 'line' | 'dot' | 'ring' | 'cross';
}

const swatch = 20;
const gap = 16;
const rowHeight = 18;

/**
 * Lays the items out in rows from the left, wrapping at `maxWidth`; returns the SVG and its height.
 * Text widths are estimated from the character count (see `theme.charWidth`), which keeps the output
 * independent of any font measurement.
 */
export function renderLegend(items: readonly LegendItem[], x0: number, y0: number, maxWidth: number) {
  if (items.length === 0) return { svg: '', height: 0 };
  let x = 0;
  let row = 0;
  const parts: string[] = [];
  for (const item of items) {
    const w = swatch + 5 + item.label.length * theme.charWidth;
    if (x > 0 && x + w > maxWidth) {
      x = 0;
      row++;
    }
    const cx = x0 + x;
    const cy = y0 + row * rowHeight + rowHeight / 2;
    parts.push(swatchOf(item, cx, cy));
    parts.push(el('text', { x: cx + swatch + 5, y: cy, dy: '0.32em', fill: theme.text }, esc(item.label)));
    x += w + gap;
  }
  return { svg: el('g', { class: 'legend' }, parts.join('')), height: (row + 1) * rowHeight };
}

function swatchOf(item: LegendItem, x: number, y: number): string {
  if (item.mark === 'dot') return el('circle', { cx: x + swatch / 2, cy: y, r: 3, fill: item.color });
  if (item.mark === 'ring') {
    return el('circle', {
      cx: x + swatch / 2,
      cy: y,
      r: 2.5,
      fill: 'none',
      stroke: item.color,
      'stroke-width': 1.2,
    });
  }
  if (item.mark === 'cross') {
    return el('path', {
      d: `M${num(x + swatch / 2 - 3.5)},${num(y - 3.5)}l7,7m0,-7l-7,7`,
      stroke: item.color,
      'stroke-width': 1.5,
      fill: 'none',
    });
  }
  return el('line', {
    x1: x,
    x2: x + swatch,
    y1: y,
    y2: y,
    stroke: item.color,
    'stroke-width': theme.strokeWidth,
    'stroke-dasharray': item.dash,
    'stroke-linecap': 'round',
  });
}
