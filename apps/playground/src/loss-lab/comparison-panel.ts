import type { Backends } from '../backends.js';
import { errorBox, errorMessage, formatNumber, h, loading, replaceChildren } from '../dom.js';
import type { BackendName } from '../state.js';
import { bceVsMseRows, type ComparisonRow, comparison } from './comparison.js';

/** Short column names for the preset's losses. */
const shortNames: Readonly<Record<string, string>> = { binaryCrossentropy: 'BCE', meanSquaredError: 'MSE' };
const nameOf = (op: string) => shortNames[op] ?? op;

/**
 * MSE's gradient counts as vanished below a tenth of BCE's where the prediction is on the wrong side
 * (|∂BCE/∂z| = |ŷ − t| ≥ 0.5); where it is right both gradients are small, and rightly so.
 */
const vanishing = 0.1;
const wrong = 0.5;

const ratioOf = (row: ComparisonRow) => row.losses[1]!.grad / row.losses[0]!.grad;
const vanished = (row: ComparisonRow) =>
  Math.abs(row.losses[0]!.grad) >= wrong && Math.abs(ratioOf(row)) < vanishing;

/** Four significant digits, small and large values in exponent form: a table to read, not to diff. */
function short(v: number): string {
  if (!Number.isFinite(v) || v === 0) return formatNumber(v);
  const a = Math.abs(v);
  const s = a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
  return s.replaceAll('-', '−');
}

function table(rows: readonly ComparisonRow[]): HTMLElement {
  const [a, b] = comparison.losses.map((l) => nameOf(l.op));
  return h(
    'table',
    { class: 'comparison-table', 'data-testid': 'comparison-table' },
    h(
      'caption',
      { class: 'sr-only' },
      `${a} and ${b} of σ(z) against the target ${comparison.target}, and their gradients in z`,
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'num' }, 'z'),
        h('th', { scope: 'col', class: 'num' }, 'ŷ = σ(z)'),
        comparison.losses.flatMap((l) => [
          h('th', { scope: 'col', class: 'num' }, nameOf(l.op)),
          h('th', { scope: 'col', class: 'num' }, `∂${nameOf(l.op)}/∂z`),
        ]),
        h('th', { scope: 'col', class: 'num' }, `∂${b}/∂z ÷ ∂${a}/∂z`),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) => {
        const gone = vanished(row);
        return h(
          'tr',
          { 'data-testid': `comparison-row-${row.z}`, class: gone ? 'vanishing' : undefined },
          h('th', { scope: 'row', class: 'num' }, formatNumber(row.z)),
          h('td', { class: 'num' }, short(row.p)),
          row.losses.flatMap((l) => [
            h('td', { class: 'num' }, short(l.loss)),
            h('td', { class: 'num' }, short(l.grad)),
          ]),
          h(
            'td',
            { class: gone ? 'num bad' : 'num', 'data-testid': `comparison-ratio-${row.z}` },
            short(ratioOf(row)),
          ),
        );
      }),
    ),
  );
}

/** The numbers of the table in a sentence, at its most confidently wrong logit. */
function summary(rows: readonly ComparisonRow[]): HTMLElement {
  const worst = rows.reduce((w, r) => (r.z < w.z ? r : w));
  const [a, b] = comparison.losses.map((l) => nameOf(l.op));
  const ratio = ratioOf(worst);
  return h(
    'p',
    { class: 'comparison-summary', 'data-testid': 'comparison-summary' },
    `At z = ${formatNumber(worst.z)} the prediction ŷ = ${short(worst.p)} is confidently wrong: `,
    `${a} still pushes with ∂L/∂z = ${short(worst.losses[0]!.grad)}, ${b} with ${short(worst.losses[1]!.grad)}`,
    ratio > 0 && ratio < 1 ? `, 1/${Math.round(1 / ratio)} of that. ` : '. ',
    `${b}’s gradient carries the factor σ′(z), which vanishes exactly where the prediction is worst.`,
  );
}

/**
 * BCE and MSE after a sigmoid at a few logits, on the chosen backend: values and gradients with
 * respect to the logit, with the rows where MSE's gradient has vanished marked.
 */
export function comparisonPanel(backends: Backends): {
  readonly element: HTMLElement;
  update(backend: BackendName): Promise<void>;
  destroy(): void;
} {
  const status = h('div', { class: 'plot-status' });
  const body = h('div', { class: 'table-scroll' });
  const element = h('div', { class: 'comparison', 'data-testid': 'comparison' }, status, body);
  let generation = 0;
  let destroyed = false;

  async function update(name: BackendName): Promise<void> {
    if (destroyed) return;
    const mine = ++generation;
    element.setAttribute('aria-busy', 'true');
    // as the plots do: the old numbers stay, dimmed, and a loading line shows only if it takes a while
    const slow = setTimeout(() => {
      if (mine !== generation) return;
      body.classList.add('stale');
      replaceChildren(status, loading(`Loading ${name}…`, 'comparison-loading'));
    }, 120);
    try {
      const rows = await bceVsMseRows(await backends.get(name));
      if (mine !== generation) return;
      replaceChildren(body, summary(rows), table(rows));
      element.dataset.backend = name;
      replaceChildren(status);
    } catch (err) {
      if (mine !== generation) return;
      replaceChildren(body);
      delete element.dataset.backend;
      replaceChildren(status, errorBox(errorMessage(err), 'comparison-error'));
    } finally {
      clearTimeout(slow);
      if (mine === generation) {
        element.removeAttribute('aria-busy');
        body.classList.remove('stale');
      }
    }
  }

  return {
    element,
    update,
    destroy() {
      destroyed = true;
      generation++;
    },
  };
}
