import { getSpec } from '@rectify/core';
import { numberControl, paramControls } from '../components/param-controls.js';
import { segments } from '../components/segments.js';
import { formatNumber, h, replaceChildren } from '../dom.js';
import { type ParamMap, paramDefs } from '../params.js';
import { groupTitles, opsByGroup } from '../views/explorer.js';
import type { LossLab, LossLabInput } from './state.js';
import { defaultTarget, isValidTarget, maxClasses, minClasses, targetKind } from './target.js';

/** The catalog's switch between probabilities and logits: a boolean param of that name. */
const logitsParam = 'fromLogits';

/** Asks for a change; `commit` false while a slider is dragged (the URL entry is replaced). */
export type LabChange = (changes: LossLabInput, commit: boolean) => void;

interface Part {
  readonly element: HTMLElement;
  update(lab: LossLab): void;
}

function lossPicker(lab: LossLab, change: LabChange): Part {
  const select = h(
    'select',
    { id: 'loss-lab-loss', 'data-testid': 'loss-lab-loss' },
    opsByGroup()
      .filter(([, ops]) => getSpec(ops[0]!).kind === 'loss')
      .map(([group, ops]) =>
        h(
          'optgroup',
          { label: groupTitles[group] },
          ops.map((op) => h('option', { value: op, selected: op === lab.op }, op)),
        ),
      ),
  );
  select.addEventListener('change', () => change({ op: select.value }, true));
  const element = h(
    'div',
    { class: 'param' },
    h('label', { for: 'loss-lab-loss' }, 'Loss'),
    select,
    h('p', { class: 'param-doc', 'data-testid': 'loss-lab-summary' }, getSpec(lab.op).docs.summary),
  );
  return {
    element,
    update: (next) => {
      select.value = next.op;
    },
  };
}

/** Probabilities or logits, for losses whose schema has the switch. */
function predictionSwitch(lab: LossLab, change: LabChange): Part | undefined {
  const def = paramDefs(lab.op)[logitsParam];
  if (def?.type !== 'boolean') return undefined;
  const control = segments(
    'loss-lab-prediction',
    'Prediction',
    [
      { value: 'probabilities', label: 'probabilities' },
      { value: 'logits', label: 'logits' },
    ],
    def.doc,
    (v) => change({ params: { ...lab.params, [logitsParam]: v === 'logits' } }, true),
  );
  const update = (next: LossLab) => {
    lab = next;
    control.set(next.params[logitsParam] === true ? 'logits' : 'probabilities');
  };
  update(lab);
  return { element: control.element, update };
}

function classSelect(id: string, label: string, values: readonly number[], onPick: (v: number) => void) {
  const select = h('select', { id, 'data-testid': id });
  const fill = (vs: readonly number[]) =>
    replaceChildren(
      select,
      vs.map((v) => h('option', { value: v }, String(v))),
    );
  fill(values);
  select.addEventListener('change', () => onPick(Number(select.value)));
  const element = h('div', { class: 'param' }, h('label', { for: id }, label), select);
  return { element, select, fill };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The target: a slider for values, a segmented control for labels, selects for classes. */
function targetControl(lab: LossLab, change: LabChange): Part {
  const kind = targetKind(lab.op);
  if (kind.kind === 'value') {
    const control = numberControl({
      id: 'loss-lab-target',
      label: 'target',
      def: {
        type: 'number',
        default: defaultTarget(lab.op),
        min: kind.min,
        max: kind.max,
        doc: 'yTrue, the same at every point of the curve.',
      },
      slider: kind,
      propose: (v, commit) => {
        if (!isValidTarget(lab.op, v, lab.classes)) return false;
        change({ target: v }, commit);
        return true;
      },
    });
    control.set(lab.target);
    return { element: control.element, update: (next) => control.set(next.target) };
  }
  if (kind.kind === 'label') {
    const control = segments(
      'loss-lab-target',
      'target',
      kind.values.map((v) => ({ value: v, label: formatNumber(v) })),
      'yTrue, a label, the same at every point of the curve.',
      (v) => change({ target: v }, true),
    );
    control.set(lab.target);
    return { element: control.element, update: (next) => control.set(next.target) };
  }
  const sparse = getSpec(lab.op).inputs.find((i) => i.name === 'yTrue')?.role === 'label';
  const classes = classSelect('loss-lab-classes', 'classes', range(minClasses, maxClasses), (v) =>
    change({ classes: v }, true),
  );
  const target = classSelect('loss-lab-target', 'target class', range(0, lab.classes - 1), (v) =>
    change({ target: v }, true),
  );
  let shown = lab.classes;
  const update = (next: LossLab) => {
    if (next.classes !== shown) target.fill(range(0, next.classes - 1));
    shown = next.classes;
    classes.select.value = String(next.classes);
    target.select.value = String(next.target);
  };
  update(lab);
  const element = h(
    'div',
    { class: 'params' },
    classes.element,
    target.element,
    h(
      'p',
      { class: 'param-doc' },
      `yTrue is ${sparse ? 'the class index' : 'the one-hot row of the class'}. Class 0’s prediction varies along the curve; the other classes share the rest evenly (with logits, theirs are 0).`,
    ),
  );
  return { element, update };
}

/**
 * The lab's settings for one loss: which loss, probabilities or logits, the target, and a control per
 * param of its schema (label smoothing, Huber's delta, …). Rebuilt when the loss changes.
 */
export function lossLabSetup(initial: LossLab, change: LabChange): Part {
  let lab = initial;
  const withParams = (params: ParamMap, commit: boolean) => change({ params }, commit);
  const parts: Part[] = [lossPicker(lab, change)];
  const prediction = predictionSwitch(lab, change);
  if (prediction) parts.push(prediction);
  parts.push(targetControl(lab, change));
  const params = paramControls(lab.op, lab.params, withParams, { omit: [logitsParam] });
  const element = h(
    'div',
    { class: 'params loss-lab-setup' },
    parts.map((p) => p.element),
    params.element,
  );
  return {
    element,
    update(next) {
      lab = next;
      for (const p of parts) p.update(lab);
      params.update(lab.params);
    },
  };
}
