import type { NumberParam, OpId } from '@rectify/core';
import { curveParams } from '@rectify/viz';
import { errorBox, h, replaceChildren } from '../dom.js';
import {
  crossParamProblem,
  fixedParams,
  fixedParamsOf,
  isValidParam,
  type ParamMap,
  type ParamValue,
  paramDefs,
  parseParamValue,
} from '../params.js';

/**
 * Called when a control changes a param. `commit` is false while a slider is dragged (the view redraws
 * but the URL is replaced, not pushed) and true when the user lets go.
 */
export type ParamChange = (params: ParamMap, commit: boolean) => void;

export interface ParamControls {
  readonly element: HTMLElement;
  /** Shows new values (after back/forward) without rebuilding, so focus and drags survive. */
  update(params: ParamMap): void;
}

interface Control {
  readonly name: string;
  readonly element: HTMLElement;
  set(value: ParamValue): void;
}

const slug = (prefix: string, op: string, name: string) => `${prefix}-${op}-${name}`;

/** Digits a step needs: 0.01 → 2. */
const decimals = (step: number) => Math.max(0, -Math.floor(Math.log10(step) + 1e-9));

/**
 * One control per param of the op: a slider (with a number box for exact values) for numeric params,
 * a select for enums, a checkbox for booleans. `axis` is fixed to −1 in plots and shown as such.
 */
export function paramControls(
  op: OpId,
  initial: ParamMap,
  onChange: ParamChange,
  options: {
    /** Params a view shows its own way (the loss lab's probabilities/logits switch). */
    readonly omit?: readonly string[];
    /** The start of the controls' ids (default `param`): several controls of one op on a page need their own. */
    readonly idPrefix?: string;
    /** Whether to list the params curves fix (axis, reduction) and why (default true; not for training). */
    readonly showFixed?: boolean;
  } = {},
): ParamControls {
  let params: ParamMap = initial;
  const prefix = options.idPrefix ?? 'param';
  const sliders = new Map(curveParams(op).map((c) => [c.name, c]));
  const problem = h('div', { class: 'param-problem', 'aria-live': 'polite' });
  const controls: Control[] = [];

  const propose = (name: string, value: ParamValue, commit: boolean): boolean => {
    const next = { ...params, [name]: value };
    const broken =
      crossParamProblem(op, next) ??
      (isValidParam(op, name, value) ? undefined : `param "${name}" must be a finite number, got ${value}`);
    if (broken) {
      replaceChildren(problem, errorBox(broken, 'param-problem'));
      return false;
    }
    replaceChildren(problem);
    params = next;
    onChange(params, commit);
    return true;
  };

  for (const [name, def] of Object.entries(paramDefs(op))) {
    if (options.omit?.includes(name)) continue;
    const id = slug(prefix, op, name);
    if (def.type === 'boolean') {
      const box = h('input', { type: 'checkbox', id, 'data-testid': id });
      box.addEventListener('change', () => {
        if (!propose(name, box.checked, true)) box.checked = params[name] === true;
      });
      const element = h(
        'div',
        { class: 'param param-boolean' },
        box,
        h('label', { for: id }, name),
        h('p', { class: 'param-doc' }, def.doc),
      );
      controls.push({
        name,
        element,
        set: (v) => {
          box.checked = v === true;
        },
      });
    } else if (def.type === 'enum') {
      const select = h(
        'select',
        { id, 'data-testid': id },
        def.values.map((v) => h('option', { value: v }, v)),
      );
      select.addEventListener('change', () => {
        if (!propose(name, select.value, true)) select.value = String(params[name]);
      });
      const element = h(
        'div',
        { class: 'param param-enum' },
        h('label', { for: id }, name),
        select,
        h('p', { class: 'param-doc' }, def.doc),
      );
      controls.push({
        name,
        element,
        set: (v) => {
          select.value = String(v);
        },
      });
    } else {
      const slider = sliders.get(name);
      const control = numberControl({
        id,
        label: name,
        def,
        ...(slider ? { slider } : {}),
        propose: (v, commit) => propose(name, v, commit),
      });
      controls.push({ name, element: control.element, set: (v) => control.set(v as number) });
    }
  }

  const fixed = (options.showFixed === false ? [] : fixedParamsOf(op)).map((name) =>
    h(
      'div',
      { class: 'param param-fixed', 'data-testid': slug(prefix, op, name) },
      h('span', { class: 'param-name' }, name),
      h('span', { class: 'param-value' }, fixedParams[name]!.value),
      h('p', { class: 'param-doc' }, fixedParams[name]!.why),
    ),
  );
  const element = h(
    'div',
    { class: 'params', 'data-testid': 'param-controls' },
    controls.length || fixed.length
      ? [...controls.map((c) => c.element), ...fixed]
      : options.showFixed === false
        ? null
        : h('p', { class: 'muted' }, 'This op has no params.'),
    problem,
  );
  const update = (next: ParamMap) => {
    params = next;
    replaceChildren(problem);
    for (const c of controls) c.set(next[c.name]!);
  };
  update(initial);
  return { element, update };
}

/** What {@link numberControl} shows and whom it asks. */
export interface NumberControlOptions {
  /** The id and test id of the slider (of the number box alone when there is no slider). */
  readonly id: string;
  readonly label: string;
  readonly def: NumberParam;
  /** Without one, a number box alone (integer params such as rrelu's seed). */
  readonly slider?: { readonly min: number; readonly max: number; readonly step: number };
  /** Takes a value (false: refused, the control goes back); `commit` is false while dragging. */
  readonly propose: (value: number, commit: boolean) => boolean;
}

/** A slider with a number box for exact values, kept in step. */
export function numberControl(options: NumberControlOptions): {
  readonly element: HTMLElement;
  set(value: number): void;
} {
  const { id, label, def, slider, propose } = options;
  const box = h('input', {
    type: 'number',
    id: `${id}-value`,
    'data-testid': `${id}-value`,
    step: slider?.step ?? (def.integer ? 1 : 'any'),
    'aria-label': `${label} (exact value)`,
  });
  if (!slider) {
    // integer params without a sensible slider (rrelu's seed): a number box alone
    box.id = id;
    box.setAttribute('data-testid', id);
    box.removeAttribute('aria-label');
    if (def.min !== undefined) box.min = String(def.min);
    if (def.max !== undefined) box.max = String(def.max);
  }
  const range = slider
    ? h('input', {
        type: 'range',
        id,
        'data-testid': id,
        min: slider.min,
        max: slider.max,
        step: slider.step,
      })
    : undefined;
  let current = def.default;
  const show = (v: number) => {
    current = v;
    if (range) {
      // a shared URL may hold a value beyond the slider's range: widen it rather than misreport
      // (±Infinity, hardTanh's "no clipping", stays off the slider: it sits at its end)
      if (Number.isFinite(v) && v < Number(range.min)) range.min = String(v);
      if (Number.isFinite(v) && v > Number(range.max)) range.max = String(v);
      range.value = String(v);
      range.setAttribute('aria-valuetext', `${label} = ${v}`);
    }
    if (document.activeElement !== box) box.value = String(v);
  };
  if (range) {
    const digits = decimals(slider!.step);
    range.addEventListener('input', () => {
      // the slider's float steps (0.07 → 0.07000000000000001) are rounded to the step's digits
      const v = Number(Number(range.value).toFixed(digits));
      if (propose(v, false)) show(v);
    });
    range.addEventListener('change', () => {
      const v = Number(Number(range.value).toFixed(digits));
      if (propose(v, true)) show(v);
      else show(current);
    });
  }
  box.addEventListener('change', () => {
    const v = parseParamValue(def, box.value);
    if (typeof v === 'number' && propose(v, true)) show(v);
    else box.value = String(current);
  });
  const element = h(
    'div',
    { class: 'param param-number' },
    h('label', { for: id }, label),
    h('div', { class: 'param-inputs' }, range, box),
    h('p', { class: 'param-doc' }, def.doc),
  );
  return { element, set: show };
}
