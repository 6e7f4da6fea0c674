import { type AnyOpSpec, getSpec, type OpGroup, type OpId, opIds } from '@rectify/core';
import { curveDomain, plotOp } from '@rectify/viz';
import { backendLabels } from '../backends.js';
import { agreementPanel } from '../components/agreement.js';
import { katexBlock } from '../components/katex-block.js';
import { paramControls } from '../components/param-controls.js';
import { plotBox } from '../components/plot.js';
import { probe } from '../components/probe.js';
import { h, replaceChildren } from '../dom.js';
import { changedParams } from '../params.js';
import { type AppState, backendNames, serializeState, withChanges } from '../state.js';
import { type Deps, Pending, type View } from './types.js';

/** Group headings, in the order the sidebar lists them. */
export const groupTitles: Readonly<Record<OpGroup, string>> = {
  'piecewise-linear': 'Piecewise linear',
  exponential: 'Exponential',
  'smooth-gated': 'Smooth gated',
  saturating: 'Saturating',
  normalizing: 'Normalizing',
  'regression-loss': 'Regression losses',
  'probabilistic-loss': 'Probabilistic losses',
  'margin-loss': 'Margin losses',
};

/** Catalog ops by group, groups in sidebar order, ops in catalog order. */
export function opsByGroup(): [OpGroup, OpId[]][] {
  const groups = new Map<OpGroup, OpId[]>(Object.keys(groupTitles).map((g) => [g as OpGroup, []]));
  for (const id of opIds) groups.get(getSpec(id).group)!.push(id);
  return [...groups.entries()].filter(([, ops]) => ops.length > 0);
}

/** The probe's x when the URL gives none: three eighths into the curve's domain (−1 on [−4, 4]). */
export function defaultProbeX(state: AppState): number {
  try {
    const [lo, hi] = curveDomain(state.op, state.params);
    return Number((lo + 0.375 * (hi - lo)).toPrecision(3));
  } catch {
    return 0;
  }
}

/** A link that navigates through `deps` (a real href, so it can also be opened in a new tab). */
export function navLink(
  deps: Deps,
  state: AppState,
  attrs: Record<string, string | boolean | undefined>,
  ...children: (Node | string)[]
): HTMLAnchorElement {
  const a = h('a', { href: serializeState(state), ...attrs }, ...children);
  a.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    deps.navigate(state);
  });
  return a;
}

function sidebar(deps: Deps, state: AppState): HTMLElement {
  return h(
    'nav',
    { class: 'sidebar', 'aria-label': 'Ops', 'data-testid': 'op-list' },
    opsByGroup().map(([group, ops]) =>
      h(
        'section',
        { class: 'op-group' },
        h('h2', { id: `group-${group}` }, groupTitles[group]),
        h(
          'ul',
          { 'aria-labelledby': `group-${group}` },
          ops.map((op) =>
            h(
              'li',
              {},
              navLink(
                deps,
                withChanges(state, { op }),
                {
                  class: 'op-link',
                  'data-testid': `op-link-${op}`,
                  'data-op': op,
                  'aria-current': op === state.op ? 'page' : undefined,
                  title: op,
                },
                op,
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function opHeader(deps: Deps, state: AppState, spec: AnyOpSpec): HTMLElement {
  const { docs } = spec;
  return h(
    'header',
    { class: 'op-header' },
    h(
      'div',
      { class: 'badges' },
      h('span', { class: 'badge' }, spec.kind),
      h('span', { class: 'badge badge-group' }, groupTitles[spec.group]),
    ),
    h('h1', { 'data-testid': 'op-title' }, spec.id),
    h('p', { class: 'summary', 'data-testid': 'op-summary' }, docs.summary),
    docs.paper || docs.seeAlso?.length
      ? h(
          'p',
          { class: 'links' },
          docs.paper
            ? h('a', { href: docs.paper.url, rel: 'noopener', target: '_blank' }, docs.paper.title)
            : null,
          docs.paper && docs.seeAlso?.length
            ? h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · ')
            : null,
          docs.seeAlso?.length
            ? h(
                'span',
                { class: 'see-also' },
                'See also ',
                docs.seeAlso
                  .filter((id): id is OpId => (opIds as readonly string[]).includes(id))
                  .flatMap((id, i) => [
                    i ? ', ' : '',
                    navLink(deps, withChanges(state, { op: id }), { 'data-testid': `see-also-${id}` }, id),
                  ]),
              )
            : null,
        )
      : null,
  );
}

/** The formula and derivative (for losses: the gradient with respect to yPred), typeset. */
export function mathCard(spec: AnyOpSpec): HTMLElement {
  const loss = spec.kind === 'loss';
  return h(
    'section',
    { class: 'card math-card', 'aria-label': 'Formula and derivative' },
    katexBlock('Formula', spec.docs.formula, 'formula'),
    katexBlock(loss ? 'Gradient with respect to yPred' : 'Derivative', spec.docs.derivative, 'derivative'),
  );
}

function notesCard(spec: AnyOpSpec): HTMLElement {
  const { docs } = spec;
  return h(
    'section',
    { class: 'card notes-card', 'aria-labelledby': 'notes-title' },
    h('h2', { id: 'notes-title' }, 'Details'),
    h(
      'dl',
      { class: 'notes' },
      h('dt', {}, 'Gradient at kinks'),
      h('dd', { 'data-testid': 'kinks' }, docs.kinks),
      docs.others ? h('dt', {}, 'TensorFlow.js, Keras, PyTorch, ONNX') : null,
      docs.others ? h('dd', { 'data-testid': 'others' }, docs.others) : null,
      spec.group === 'normalizing' ? h('dt', {}, 'Plotted as') : null,
      spec.group === 'normalizing'
        ? h('dd', {}, `the first entry of ${spec.id}([x, 0]): two scores, the first one varied`)
        : null,
      spec.kind === 'loss' && spec.viz.target !== undefined ? h('dt', {}, 'Plotted against') : null,
      spec.kind === 'loss' && spec.viz.target !== undefined
        ? h('dd', {}, `the prediction ŷ, for the target ${spec.viz.target}`)
        : null,
    ),
  );
}

/** What the explorer's plots and tables depend on. */
const drawnKey = (s: AppState) => JSON.stringify([s.op, s.params, s.backend, s.x]);

/**
 * The explorer: the grouped op list, then for the chosen op its docs (KaTeX formula and derivative,
 * kinks, where frameworks differ), a control per param, f and f′ on the chosen backend, the probe and
 * the agreement panel.
 */
export function mountExplorer(root: HTMLElement, initial: AppState, deps: Deps): View {
  const pending = new Pending();
  const names = deps.panelBackends ?? backendNames;
  let state = initial;

  const plot = plotBox('explorer-plot', 'f and its derivative');
  const plotTitle = h('h2', { id: 'plot-title' });
  const probePanel = probe(
    deps.backends,
    names,
    { op: state.op, params: state.params, x: defaultProbeX(state) },
    (x) => deps.navigate(withChanges(state, { x })),
  );
  const agreement = agreementPanel(deps.backends, names, deps.conformance, {
    ...(deps.points ? { points: deps.points } : {}),
    conformance: deps.runConformance !== false,
  });

  const sidebarSlot = h('div', { class: 'sidebar-slot' });
  const headerSlot = h('div');
  const paramsSlot = h('div');
  const mathSlot = h('div');
  const notesSlot = h('div');
  let controls: ReturnType<typeof paramControls> | undefined;

  const main = h(
    'div',
    { class: 'content', id: 'main', tabindex: -1 },
    headerSlot,
    h(
      'div',
      { class: 'explorer-grid' },
      h(
        'section',
        { class: 'card plot-card', 'aria-labelledby': 'plot-title', 'data-testid': 'plot-card' },
        plotTitle,
        plot.element,
      ),
      h(
        'section',
        { class: 'card params-card', 'aria-labelledby': 'params-title' },
        h('h2', { id: 'params-title' }, 'Params'),
        paramsSlot,
      ),
    ),
    mathSlot,
    h('div', { class: 'explorer-grid two' }, probePanel.element, notesSlot),
    agreement.element,
  );
  const element = h('div', { class: 'explorer', 'data-testid': 'explorer' }, sidebarSlot, main);
  root.replaceChildren(element);

  let agreementTimer: ReturnType<typeof setTimeout> | undefined;
  let agreementDone: (() => void) | undefined;

  function buildOp(): void {
    const spec = getSpec(state.op);
    replaceChildren(headerSlot, opHeader(deps, state, spec));
    replaceChildren(mathSlot, mathCard(spec));
    replaceChildren(notesSlot, notesCard(spec));
    controls = paramControls(state.op, state.params, (params, commit) =>
      deps.navigate(withChanges(state, { params }), { replace: !commit }),
    );
    replaceChildren(paramsSlot, controls.element);
  }

  function redraw(previous: AppState | undefined): void {
    const { op, params, backend } = state;
    plotTitle.textContent = `f and f′ on ${backend}`;
    plotTitle.title = backendLabels[backend];
    const loadingText =
      deps.backends.status(backend).state === 'ready' ? 'Computing…' : `Loading ${backendLabels[backend]}…`;
    pending.track(
      plot.draw(async () => {
        const b = await deps.backends.get(backend);
        return plotOp({
          op,
          params: changedParams(op, params),
          backends: [b],
          ...plot.size(0.6),
          ...(deps.points ? { points: deps.points } : {}),
        });
      }, loadingText),
    );
    pending.track(probePanel.update({ op, params, x: state.x ?? defaultProbeX(state) }));
    // the agreement panel runs every backend: it waits until a slider rests
    const immediate = !previous || previous.op !== op;
    clearTimeout(agreementTimer);
    agreementDone?.();
    const settled = new Promise<void>((resolve) => {
      agreementDone = resolve;
      agreementTimer = setTimeout(
        () => {
          agreementDone = undefined;
          agreement.update({ op, params }).then(resolve, resolve);
        },
        immediate ? 0 : 250,
      );
    });
    pending.track(settled);
  }

  function update(next: AppState): void {
    const previous = state;
    state = next;
    // the sidebar's links carry the rest of the state (backend, compared ops): rebuilt on any change
    replaceChildren(sidebarSlot, sidebar(deps, state));
    if (next.op !== previous.op) buildOp();
    else controls?.update(next.params);
    if (drawnKey(next) !== drawnKey(previous)) redraw(previous);
  }

  replaceChildren(sidebarSlot, sidebar(deps, state));
  buildOp();
  redraw(undefined);

  return {
    update,
    idle: () => pending.idle(),
    destroy() {
      clearTimeout(agreementTimer);
      agreementDone?.();
      plot.destroy();
      probePanel.destroy();
      agreement.destroy();
      element.remove();
    },
  };
}
