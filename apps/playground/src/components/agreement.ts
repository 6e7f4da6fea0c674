import type { Summary } from '@rectify/conformance';
import type { Backend, OpId } from '@rectify/core';
import { plotError, toElement } from '@rectify/viz';
import type { Backends } from '../backends.js';
import {
  type ConformanceCache,
  cliCommand,
  type Figure,
  figuresOf,
  formatUlp,
  runConformance,
} from '../conformance.js';
import { errorBox, errorMessage, h, Latest, loading, replaceChildren } from '../dom.js';
import { changedParams, type ParamMap } from '../params.js';
import type { BackendName } from '../state.js';

export interface AgreementInput {
  readonly op: OpId;
  readonly params: ParamMap;
}

export interface Agreement {
  readonly element: HTMLElement;
  /** Redraws the error plot for new params; reruns conformance only for a new op. */
  update(input: AgreementInput): Promise<void>;
  destroy(): void;
}

interface Row {
  readonly ulp: HTMLElement;
  readonly f32: HTMLElement;
  readonly f64: HTMLElement;
}

function figureCell(cell: HTMLElement, figure: Figure | undefined): void {
  cell.removeAttribute('aria-busy');
  if (!figure) {
    replaceChildren(cell, h('span', { class: 'muted' }, '—'));
    return;
  }
  const { tally, run } = figure;
  cell.dataset.pass = String(tally.pass);
  cell.dataset.run = String(run);
  cell.dataset.worstUlp = String(tally.worstUlp);
  if (run === 0) {
    replaceChildren(cell, h('span', { class: 'muted' }, 'unsupported'));
    return;
  }
  const bad = tally.fail + tally.error > 0;
  replaceChildren(
    cell,
    h('span', { class: bad ? 'figure bad' : 'figure good' }, `${tally.pass}/${run}`),
    h('span', { class: 'muted' }, `, worst ${formatUlp(tally.worstUlp)} ULP`),
    bad ? h('span', { class: 'bad', title: 'some cases failed or errored' }, ' ✗') : null,
  );
}

/**
 * How far each backend is from the float64 reference: the error plot of the current curve with each
 * backend's worst ULP, and the op's conformance figures per backend and dtype, computed as
 * `pnpm rectify conformance --ops <op> --backend <b> --generated-only` computes them.
 */
export function agreementPanel(
  backends: Backends,
  names: readonly BackendName[],
  cache: ConformanceCache,
  options: { points?: number; conformance?: boolean } = {},
): Agreement {
  const plot = h('div', { class: 'plot plot-error', 'data-testid': 'agreement-plot' });
  const plotStatus = h('div', { class: 'plot-status' });
  const rows = new Map<BackendName, Row>();
  const body = h('tbody');
  const cliList = h('ul', { class: 'cli-list' });
  for (const name of names) {
    const row: Row = {
      ulp: h('td', { class: 'num', 'data-testid': `worst-ulp-${name}` }),
      f32: h('td', { 'data-testid': `conformance-${name}-f32` }),
      f64: h('td', { 'data-testid': `conformance-${name}-f64` }),
    };
    rows.set(name, row);
    body.append(
      h(
        'tr',
        { 'data-testid': `agreement-row-${name}` },
        h('th', { scope: 'row' }, name),
        row.ulp,
        row.f32,
        row.f64,
      ),
    );
  }
  const table = h(
    'table',
    { class: 'agreement-table', 'data-testid': 'agreement-table' },
    h('caption', { class: 'sr-only' }, 'Worst error per backend, and conformance figures per dtype'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'backend'),
        h('th', { scope: 'col' }, 'worst ULP (this curve, float32)'),
        h('th', { scope: 'col' }, 'conformance float32'),
        h('th', { scope: 'col' }, 'conformance float64'),
      ),
    ),
    body,
  );
  const element = h(
    'section',
    { class: 'card agreement', 'aria-labelledby': 'agreement-title', 'data-testid': 'agreement' },
    h('h2', { id: 'agreement-title' }, 'Agreement with the float64 reference'),
    h(
      'p',
      { class: 'muted' },
      'Each backend computes the curve in float32 from the same inputs as the reference; the error is in float32 ULPs. ' +
        'The conformance columns are the generated suite for this op (passed/run, worst ULP), the same figures the CLI prints:',
    ),
    cliList,
    plotStatus,
    plot,
    h('div', { class: 'table-scroll' }, table),
  );

  const errorSize = () => {
    const measured = plot.clientWidth;
    const width = measured > 0 ? Math.min(1000, Math.max(360, Math.floor(measured / 10) * 10)) : 960;
    return { width, height: Math.round(Math.min(360, Math.max(300, width * 0.36))) };
  };
  const plotRun = new Latest();
  const conformanceRun = new Latest();
  let conformanceOp: OpId | undefined;

  async function plotErrors(input: AgreementInput, signal: AbortSignal): Promise<void> {
    replaceChildren(plotStatus, loading('Measuring every backend…', 'agreement-loading'));
    for (const row of rows.values()) row.ulp.setAttribute('aria-busy', 'true');
    const ready: Backend[] = [];
    const failed = new Map<string, string>();
    for (const name of names) {
      try {
        ready.push(await backends.get(name));
      } catch (err) {
        failed.set(name, errorMessage(err));
      }
    }
    if (signal.aborted) return;
    const common = {
      op: input.op,
      params: changedParams(input.op, input.params),
      ...errorSize(),
      ...(options.points ? { points: options.points } : {}),
    };
    let result: Awaited<ReturnType<typeof plotError>> | undefined;
    let good = ready;
    try {
      result = ready.length ? await plotError({ ...common, backends: ready }) : undefined;
    } catch {
      // one backend refused or broke: measure each alone to say which, and plot the others
      good = [];
      for (const backend of ready) {
        try {
          await plotError({ ...common, backends: [backend], points: 3 });
          good.push(backend);
        } catch (err) {
          failed.set(backend.name, errorMessage(err));
        }
      }
      try {
        result = good.length ? await plotError({ ...common, backends: good }) : undefined;
      } catch (err) {
        if (!signal.aborted) replaceChildren(plotStatus, errorBox(errorMessage(err), 'agreement-error'));
      }
    }
    if (signal.aborted) return;
    if (result) {
      replaceChildren(plotStatus);
      replaceChildren(plot, toElement(result.svg));
    } else {
      replaceChildren(plot);
    }
    for (const [name, row] of rows) {
      row.ulp.removeAttribute('aria-busy');
      const worst = result?.worstUlp[name];
      const problem = failed.get(name);
      if (problem !== undefined) {
        replaceChildren(row.ulp, h('span', { class: 'error-inline', role: 'alert' }, problem));
        delete row.ulp.dataset.worstUlp;
      } else if (worst !== undefined) {
        row.ulp.dataset.worstUlp = String(worst);
        replaceChildren(row.ulp, formatUlp(worst));
      }
    }
  }

  async function conformance(op: OpId, signal: AbortSignal): Promise<void> {
    replaceChildren(
      cliList,
      names.map((name) => {
        const command = cliCommand(op, name);
        return h(
          'li',
          { 'data-testid': `cli-${name}` },
          h('span', { class: 'cli-backend' }, `${name}: `),
          command
            ? h('code', {}, command)
            : h('span', { class: 'muted' }, 'browser only (the CLI runs in Node, which has no WebGL)'),
          name === 'onnx'
            ? h('span', { class: 'muted' }, ' (the CLI runs onnxruntime-node; here onnxruntime-web)')
            : null,
        );
      }),
    );
    for (const name of names) {
      const row = rows.get(name)!;
      for (const cell of [row.f32, row.f64]) {
        for (const key of ['pass', 'run', 'worstUlp']) delete cell.dataset[key];
        cell.setAttribute('aria-busy', 'true');
        replaceChildren(cell, h('span', { class: 'muted' }, 'waiting…'));
      }
    }
    for (const name of names) {
      if (signal.aborted) return;
      const row = rows.get(name)!;
      let summary: Summary | undefined = cache.get(op, name);
      if (!summary) {
        let backend: Backend;
        try {
          backend = await backends.get(name);
        } catch (err) {
          for (const cell of [row.f32, row.f64]) {
            cell.removeAttribute('aria-busy');
            replaceChildren(cell, h('span', { class: 'error-inline', role: 'alert' }, errorMessage(err)));
          }
          continue;
        }
        summary = await runConformance(backend, op, {
          signal,
          onProgress: (done, total) => {
            if (!signal.aborted)
              replaceChildren(row.f32, h('span', { class: 'muted' }, `running ${done}/${total}…`));
          },
        });
        if (!summary) return;
        cache.set(op, name, summary);
      }
      const figures = figuresOf(summary, op, name);
      figureCell(
        row.f32,
        figures.find((f) => f.dtype === 'f32'),
      );
      figureCell(
        row.f64,
        figures.find((f) => f.dtype === 'f64'),
      );
    }
  }

  async function update(input: AgreementInput): Promise<void> {
    const jobs = [plotErrors(input, plotRun.start())];
    if (options.conformance !== false && input.op !== conformanceOp) {
      conformanceOp = input.op;
      const signal = conformanceRun.start();
      // after the error plot: it is what the user is looking at while dragging
      jobs.push(jobs[0]!.then(() => conformance(input.op, signal)));
    }
    await Promise.all(jobs);
  }

  return {
    element,
    update,
    destroy: () => {
      plotRun.stop();
      conformanceRun.stop();
    },
  };
}
