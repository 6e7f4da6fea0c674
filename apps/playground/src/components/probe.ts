import { type Backend, getSpec, type OpId, referenceBackend } from '@rectify/core';
import { sampleOp } from '@rectify/viz';
import type { Backends } from '../backends.js';
import { errorMessage, formatNumber, h, replaceChildren } from '../dom.js';
import type { ParamMap } from '../params.js';
import type { BackendName } from '../state.js';

export interface ProbeInput {
  readonly op: OpId;
  readonly params: ParamMap;
  readonly x: number;
}

export interface Probe {
  readonly element: HTMLElement;
  /** Recomputes every row; resolves when all rows are filled. */
  update(input: ProbeInput): Promise<void>;
  destroy(): void;
}

/** f(x) and f′(x) of one point on one backend, through the same curve mapping as the plots. */
async function probeOne(
  backend: Backend,
  input: ProbeInput,
  dtype: 'float32' | 'float64',
): Promise<{ f: number; df: number; x: number }> {
  // a grid's first point is its domain's low end exactly (lo + 0), so x is sampled as typed
  const hi = input.x + Math.max(1, Math.abs(input.x));
  const { f, df, x } = await sampleOp(input.op, input.params, {
    backend,
    dtype,
    domain: [input.x, hi],
    points: 2,
  });
  return { f: f[0]!, df: df[0]!, x: x[0]! };
}

/**
 * The probe: type x, read f(x) and f′(x) on every backend in float32 (the dtype all of them have),
 * beside the float64 reference. Backends that fail to load or to run say why in their row.
 */
export function probe(
  backends: Backends,
  names: readonly BackendName[],
  initial: ProbeInput,
  onX: (x: number) => void,
): Probe {
  const id = 'probe-x';
  const xLabel = h('label', { for: id }, 'x');
  const xInput = h('input', { type: 'number', id, 'data-testid': id, step: 'any', value: initial.x });
  const xNote = h('span', { class: 'muted probe-note', 'data-testid': 'probe-note' });
  const body = h('tbody');
  const fHead = h('th', { scope: 'col' }, 'f(x)');
  const dfHead = h('th', { scope: 'col' }, 'f′(x)');
  const table = h(
    'table',
    { class: 'probe-table', 'data-testid': 'probe-table' },
    h('caption', { class: 'sr-only' }, 'f(x) and its derivative at the probe point, per backend'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'backend'), fHead, dfHead)),
    body,
  );
  const rows = new Map<string, { f: HTMLTableCellElement; df: HTMLTableCellElement; row: HTMLElement }>();
  const addRow = (key: string, label: string, sub: string) => {
    const f = h('td', { class: 'num' });
    const df = h('td', { class: 'num' });
    const row = h(
      'tr',
      { 'data-testid': `probe-row-${key}` },
      h('th', { scope: 'row' }, label, h('span', { class: 'muted' }, ` ${sub}`)),
      f,
      df,
    );
    rows.set(key, { f, df, row });
    body.append(row);
  };
  addRow('reference', 'reference', 'float64');
  for (const name of names) addRow(name, name, 'float32');

  let current = initial;
  let generation = 0;
  xInput.addEventListener('change', () => {
    const v = Number(xInput.value);
    if (xInput.value.trim() !== '' && Number.isFinite(v)) onX(v);
    else xInput.value = String(current.x);
  });

  const fill = (key: string, values: { f: number; df: number } | string) => {
    const row = rows.get(key)!;
    row.row.classList.toggle('row-error', typeof values === 'string');
    if (typeof values === 'string') {
      replaceChildren(row.f, h('span', { class: 'error-inline', role: 'alert' }, values));
      row.f.colSpan = 2;
      row.df.hidden = true;
    } else {
      row.f.colSpan = 1;
      row.df.hidden = false;
      replaceChildren(row.f, formatNumber(values.f));
      replaceChildren(row.df, formatNumber(values.df));
    }
  };

  // a slider fires faster than six backends answer: while one round runs, only the newest input waits
  let running: Promise<void> | undefined;
  let queued: ProbeInput | undefined;
  async function update(input: ProbeInput): Promise<void> {
    current = input;
    if (running) {
      queued = input;
      return running;
    }
    running = (async () => {
      await compute(input);
      while (queued) {
        const next: ProbeInput = queued;
        queued = undefined;
        await compute(next);
      }
    })();
    try {
      await running;
    } finally {
      running = undefined;
    }
  }

  async function compute(input: ProbeInput): Promise<void> {
    const mine = ++generation;
    if (document.activeElement !== xInput) xInput.value = String(input.x);
    const loss = getSpec(input.op).kind === 'loss';
    xLabel.textContent = loss ? 'ŷ (yPred)' : 'x';
    fHead.textContent = loss ? 'L(ŷ)' : 'f(x)';
    dfHead.textContent = loss ? '∂L/∂ŷ' : 'f′(x)';
    const x32 = Math.fround(input.x);
    xNote.textContent = x32 === input.x ? '' : `float32 backends get x = ${formatNumber(x32)}`;
    for (const key of rows.keys()) {
      const row = rows.get(key)!;
      row.row.setAttribute('aria-busy', 'true');
      replaceChildren(row.f, '…');
      replaceChildren(row.df, '…');
    }
    const jobs = [
      (async () => {
        try {
          const r = await probeOne(referenceBackend, input, 'float64');
          if (mine === generation) fill('reference', r);
        } catch (err) {
          if (mine === generation) fill('reference', errorMessage(err));
        }
        rows.get('reference')!.row.removeAttribute('aria-busy');
      })(),
      ...names.map(async (name) => {
        try {
          const backend = await backends.get(name);
          const r = await probeOne(backend, input, 'float32');
          if (mine === generation) fill(name, r);
        } catch (err) {
          if (mine === generation) fill(name, errorMessage(err));
        }
        rows.get(name)!.row.removeAttribute('aria-busy');
      }),
    ];
    await Promise.all(jobs);
  }

  const element = h(
    'section',
    { class: 'card probe', 'aria-labelledby': 'probe-title', 'data-testid': 'probe' },
    h('h2', { id: 'probe-title' }, 'Probe'),
    h('div', { class: 'probe-input' }, xLabel, xInput, xNote),
    h('div', { class: 'table-scroll' }, table),
  );
  return {
    element,
    update,
    destroy: () => {
      queued = undefined;
      generation++;
    },
  };
}
