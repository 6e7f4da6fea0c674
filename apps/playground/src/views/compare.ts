import { type ActivationProperties, getSpec, type OpId } from '@rectify/core';
import { bceVsMse, curveParams, plotLoss, plotOps, plotSweep } from '@rectify/viz';
import { plotBox } from '../components/plot.js';
import { h, replaceChildren } from '../dom.js';
import { changedParams, type ParamValue, sameParams } from '../params.js';
import {
  type AppState,
  maxCompared,
  type Sweep,
  sameSweep,
  sweepableParams,
  sweepValuesOf,
  withChanges,
} from '../state.js';
import { groupTitles, opsByGroup } from './explorer.js';
import { type Deps, Pending, type View } from './types.js';

/** The columns of the properties table, with how each value reads. */
const propertyColumns: readonly {
  readonly key: keyof ActivationProperties;
  readonly title: string;
  readonly show: (p: ActivationProperties) => string;
}[] = [
  { key: 'range', title: 'Range', show: (p) => p.range },
  { key: 'zeroCentred', title: 'Zero-centred', show: (p) => p.zeroCentred },
  {
    key: 'saturates',
    title: 'Saturates',
    show: (p) =>
      ({ none: 'no', left: 'left (x → −∞)', right: 'right (x → +∞)', both: 'both sides' })[p.saturates] ??
      p.saturates,
  },
  { key: 'dyingUnits', title: 'Dying-unit risk', show: (p) => p.dyingUnits },
  { key: 'trainableParams', title: 'Trainable params', show: (p) => p.trainableParams },
  { key: 'cost', title: 'Cost', show: (p) => p.cost },
];

/** Sweep values spread over a param's slider range when the URL gives none. */
export function sweepValues(sweep: Sweep): number[] {
  if (sweep.values.length) return [...sweep.values];
  const slider = curveParams(sweep.op).find((c) => c.name === sweep.param);
  if (!slider) return [];
  const n = 5;
  // two significant digits: 2.6, not 2.575
  const values = Array.from({ length: n }, (_, i) =>
    Number((slider.min + ((slider.max - slider.min) * i) / (n - 1)).toPrecision(2)),
  );
  return [...new Set(values)];
}

/** The swept op's other params: those of the explorer when it shows the same op (changed ones only). */
function sweepOthers(state: AppState): Record<string, ParamValue> {
  const { sweep } = state;
  const params = sweep.op === state.op ? changedParams(state.op, state.params) : {};
  return Object.fromEntries(Object.entries(params).filter(([k]) => k !== sweep.param));
}

const activationGroups = () =>
  opsByGroup().filter(([, ops]) => ops.length > 0 && getSpec(ops[0]!).kind === 'activation');

function propertiesTable(ops: readonly OpId[]): HTMLElement {
  return h(
    'table',
    { class: 'properties-table', 'data-testid': 'properties-table' },
    h('caption', { class: 'sr-only' }, 'Properties of the compared activations'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Activation'),
        propertyColumns.map((c) => h('th', { scope: 'col' }, c.title)),
      ),
    ),
    h(
      'tbody',
      {},
      ops.map((op) => {
        const props = getSpec(op).docs.properties;
        return h(
          'tr',
          { 'data-testid': `properties-row-${op}` },
          h('th', { scope: 'row' }, op),
          propertyColumns.map((c) =>
            h(
              'td',
              {
                class: props
                  ? `prop prop-${c.key} prop-${String(props[c.key]).replace(/\W+/g, '-')}`
                  : 'muted',
              },
              props ? c.show(props) : '—',
            ),
          ),
        );
      }),
    ),
  );
}

/**
 * The comparison page: chosen activations overlaid, a sweep of one param, the properties table people
 * look for (ReLU vs Leaky ReLU vs PReLU), and BCE vs MSE after a sigmoid.
 */
export function mountCompare(root: HTMLElement, initial: AppState, deps: Deps): View {
  const pending = new Pending();
  let state = initial;
  let allRows = false;

  const overlay = plotBox('compare-plot', 'The chosen activations and their derivatives');
  const sweepPlot = plotBox('sweep-plot', 'One activation for several values of a param');
  const lossPlot = plotBox('loss-plot', 'Binary cross-entropy and mean squared error after a sigmoid');

  const picker = h('fieldset', { class: 'op-picker', 'data-testid': 'compare-picker' });
  const pickerNote = h('p', { class: 'muted', 'aria-live': 'polite' });
  const sweepControls = h('div', { class: 'sweep-controls' });
  const tableSlot = h('div', { class: 'table-scroll' });
  const allToggle = h('input', { type: 'checkbox', id: 'properties-all', 'data-testid': 'properties-all' });
  allToggle.addEventListener('change', () => {
    allRows = allToggle.checked;
    drawTable();
  });

  const element = h(
    'div',
    { class: 'content compare', id: 'main', tabindex: -1, 'data-testid': 'compare' },
    h(
      'header',
      { class: 'op-header' },
      h('h1', {}, 'Compare activations'),
      h(
        'p',
        { class: 'summary' },
        'Overlay activations, sweep a param, and read the properties people choose an activation by.',
      ),
    ),
    h(
      'div',
      { class: 'explorer-grid' },
      h(
        'section',
        { class: 'card plot-card', 'aria-labelledby': 'overlay-title' },
        h('h2', { id: 'overlay-title' }, 'Overlay'),
        overlay.element,
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'picker-title' },
        h('h2', { id: 'picker-title' }, 'Activations'),
        picker,
        pickerNote,
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'properties-title' },
      h('h2', { id: 'properties-title' }, 'Properties'),
      h(
        'p',
        { class: 'toggle' },
        allToggle,
        h('label', { for: 'properties-all' }, 'Show every activation, not only the compared ones'),
      ),
      tableSlot,
    ),
    h(
      'div',
      { class: 'explorer-grid' },
      h(
        'section',
        { class: 'card plot-card', 'aria-labelledby': 'sweep-title' },
        h('h2', { id: 'sweep-title' }, 'Sweep a param'),
        sweepPlot.element,
      ),
      h('section', { class: 'card', 'aria-label': 'Sweep settings' }, sweepControls),
    ),
    h(
      'section',
      { class: 'card plot-card', 'aria-labelledby': 'loss-title' },
      h('h2', { id: 'loss-title' }, 'Why classifiers use cross-entropy'),
      h(
        'p',
        { class: 'muted' },
        'Both losses after a sigmoid, against the target 1: for a confidently wrong logit (z ≪ 0) the gradient of MSE vanishes with σ′(z), while that of BCE tends to −1 and keeps learning.',
      ),
      lossPlot.element,
    ),
  );
  root.replaceChildren(element);

  function drawPicker(): void {
    replaceChildren(
      picker,
      h('legend', { class: 'sr-only' }, 'Activations to overlay'),
      activationGroups().map(([group, ops]) =>
        h(
          'div',
          { class: 'chip-group' },
          h('span', { class: 'chip-group-title' }, groupTitles[group]),
          ops.map((op) => {
            const id = `compare-${op}`;
            const box = h('input', {
              type: 'checkbox',
              id,
              'data-testid': id,
              checked: state.compare.includes(op),
            });
            box.addEventListener('change', () => {
              const compare = box.checked
                ? [...state.compare, op].slice(0, maxCompared)
                : state.compare.filter((o) => o !== op);
              if (box.checked && state.compare.length >= maxCompared) {
                box.checked = false;
                pickerNote.textContent = `At most ${maxCompared} activations at once.`;
                return;
              }
              pickerNote.textContent = '';
              deps.navigate(withChanges(state, { compare }));
            });
            return h('span', { class: 'chip' }, box, h('label', { for: id }, op));
          }),
        ),
      ),
    );
  }

  function drawSweepControls(): void {
    const { sweep } = state;
    const opSelect = h(
      'select',
      { id: 'sweep-op', 'data-testid': 'sweep-op' },
      activationGroups()
        .flatMap(([, ops]) => ops)
        .filter((op) => sweepableParams(op).length > 0)
        .map((op) => h('option', { value: op, selected: op === sweep.op }, op)),
    );
    const paramSelect = h(
      'select',
      { id: 'sweep-param', 'data-testid': 'sweep-param' },
      sweepableParams(sweep.op).map((p) => h('option', { value: p, selected: p === sweep.param }, p)),
    );
    const valuesInput = h('input', {
      type: 'text',
      id: 'sweep-values',
      'data-testid': 'sweep-values',
      value: sweepValues(sweep).join(', '),
      inputmode: 'decimal',
      'aria-describedby': 'sweep-values-help',
    });
    opSelect.addEventListener('change', () => {
      const op = opSelect.value as OpId;
      deps.navigate(withChanges(state, { sweep: { op, param: sweepableParams(op)[0]!, values: [] } }));
    });
    paramSelect.addEventListener('change', () => {
      deps.navigate(withChanges(state, { sweep: { ...state.sweep, param: paramSelect.value, values: [] } }));
    });
    valuesInput.addEventListener('change', () => {
      // withChanges checks the values as the URL's are checked
      const next = withChanges(state, {
        sweep: { ...state.sweep, values: sweepValuesOf(valuesInput.value) },
      });
      // the box shows what was kept, also when that leaves the sweep as it was (and nothing redraws)
      valuesInput.value = sweepValues(next.sweep).join(', ');
      deps.navigate(next);
    });
    replaceChildren(
      sweepControls,
      h('h2', {}, 'Sweep settings'),
      h('div', { class: 'param' }, h('label', { for: 'sweep-op' }, 'Activation'), opSelect),
      h('div', { class: 'param' }, h('label', { for: 'sweep-param' }, 'Param'), paramSelect),
      h(
        'div',
        { class: 'param' },
        h('label', { for: 'sweep-values' }, 'Values'),
        valuesInput,
        h(
          'p',
          { class: 'param-doc', id: 'sweep-values-help' },
          `Up to ${maxCompared} numbers, separated by commas.`,
        ),
      ),
    );
  }

  function drawTable(): void {
    const ops = allRows ? activationGroups().flatMap(([, o]) => o) : state.compare;
    replaceChildren(
      tableSlot,
      ops.length
        ? propertiesTable(ops)
        : h('p', { class: 'muted' }, 'Pick activations above to compare them.'),
    );
  }

  const backendOf = async () => deps.backends.get(state.backend);

  function drawOverlay(): void {
    const ops = state.compare;
    pending.track(
      overlay.draw(async () => {
        if (!ops.length) throw new Error('Pick one or more activations to overlay.');
        const backend = await backendOf();
        return plotOps({ ops: ops.map((op) => ({ op })), backend, ...overlay.size(0.56) });
      }),
    );
  }

  function drawSweep(): void {
    const sweep = state.sweep;
    const values = sweepValues(sweep);
    const others = sweepOthers(state);
    pending.track(
      sweepPlot.draw(async () => {
        if (!values.length) throw new Error('Give one or more values to sweep.');
        const backend = await backendOf();
        return plotSweep({
          op: sweep.op,
          param: sweep.param,
          values,
          params: others,
          backend,
          ...sweepPlot.size(0.56),
        });
      }),
    );
  }

  function drawLoss(): void {
    pending.track(lossPlot.draw(() => plotLoss({ ...bceVsMse, ...lossPlot.size(0.5) })));
  }

  drawPicker();
  drawTable();
  drawSweepControls();
  drawOverlay();
  drawSweep();
  drawLoss();

  return {
    update(next) {
      const previous = state;
      state = next;
      const compareChanged = previous.compare.join() !== next.compare.join();
      const backendChanged = previous.backend !== next.backend;
      const sweepChanged = !sameSweep(previous.sweep, next.sweep);
      if (compareChanged) {
        drawPicker();
        drawTable();
      }
      if (compareChanged || backendChanged) drawOverlay();
      if (sweepChanged) drawSweepControls();
      // by value: every navigation makes a new params object, most without changing them
      if (sweepChanged || backendChanged || !sameParams(sweepOthers(previous), sweepOthers(next))) {
        drawSweep();
      }
    },
    idle: () => pending.idle(),
    destroy() {
      overlay.destroy();
      sweepPlot.destroy();
      lossPlot.destroy();
      element.remove();
    },
  };
}
