import { getSpec, type OpId } from '@rectify/core';
import { errorBox, formatNumber, h, replaceChildren } from '../dom.js';
import { parseParamValue, plainNumber } from '../params.js';
import { groupTitles, opsByGroup } from '../views/explorer.js';

/** A control that shows a config's value of its own (after back/forward) without being rebuilt. */
export interface Part<T> {
  readonly element: HTMLElement;
  update(value: T): void;
}

/** A labelled select; options may come in groups. */
export function selectControl(options: {
  readonly id: string;
  readonly label: string;
  readonly choices: readonly { readonly value: string; readonly label: string; readonly group?: string }[];
  readonly doc?: string;
  readonly onPick: (value: string) => void;
}): { readonly element: HTMLElement; readonly select: HTMLSelectElement; set(value: string): void } {
  const { id, label, choices, doc, onPick } = options;
  const groups = new Map<string | undefined, HTMLElement[]>();
  for (const c of choices) {
    const list = groups.get(c.group) ?? [];
    list.push(h('option', { value: c.value }, c.label));
    groups.set(c.group, list);
  }
  const select = h(
    'select',
    { id, 'data-testid': id },
    [...groups].flatMap(([group, opts]) =>
      group === undefined ? opts : [h('optgroup', { label: group }, opts)],
    ),
  );
  select.addEventListener('change', () => onPick(select.value));
  const element = h(
    'div',
    { class: 'param' },
    h('label', { for: id }, label),
    select,
    doc ? h('p', { class: 'param-doc' }, doc) : null,
  );
  return {
    element,
    select,
    set(value) {
      select.value = value;
    },
  };
}

/** The catalog's activations, grouped as in the explorer's sidebar. */
export function activationChoices(): { value: OpId; label: string; group: string }[] {
  return opsByGroup()
    .filter(([, ops]) => getSpec(ops[0]!).kind === 'activation')
    .flatMap(([group, ops]) => ops.map((op) => ({ value: op, label: op, group: groupTitles[group] })));
}

/**
 * A number picked from a few usual values (learning rates, penalties) or typed exactly: a select of
 * the values and a number box, kept in step (the select shows "other" for a typed value).
 */
export function choiceNumber(options: {
  readonly id: string;
  readonly label: string;
  readonly choices: readonly number[];
  readonly doc: string;
  /** Takes a value; false when refused (the control goes back). */
  readonly propose: (value: number) => boolean;
}): { readonly element: HTMLElement; set(value: number): void } {
  const { id, label, choices, doc, propose } = options;
  const other = h('option', { value: '' }, 'other');
  const select = h(
    'select',
    { id, 'data-testid': id },
    choices.map((v) => h('option', { value: String(v) }, formatNumber(v))),
    other,
  );
  const box = h('input', {
    type: 'number',
    id: `${id}-value`,
    'data-testid': `${id}-value`,
    step: 'any',
    min: 0,
    'aria-label': `${label} (exact value)`,
  });
  let current = Number.NaN;
  const show = (v: number) => {
    current = v;
    const known = choices.includes(v);
    other.hidden = known;
    select.value = known ? String(v) : '';
    if (document.activeElement !== box) box.value = String(v);
  };
  select.addEventListener('change', () => {
    const v = Number(select.value);
    if (select.value !== '' && propose(v)) show(v);
    else show(current);
  });
  box.addEventListener('change', () => {
    const v = parseParamValue(plainNumber, box.value);
    if (typeof v === 'number' && propose(v)) show(v);
    else box.value = String(current);
  });
  const element = h(
    'div',
    { class: 'param param-number' },
    h('label', { for: id }, label),
    h('div', { class: 'param-inputs' }, select, box),
    h('p', { class: 'param-doc' }, doc),
  );
  return { element, set: show };
}

/** A button with a test id. */
export function button(
  text: string,
  attrs: Readonly<Record<string, string | boolean | undefined>>,
  onClick: () => void,
): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'button', ...attrs }, text);
  b.addEventListener('click', onClick);
  return b;
}

/** Where a section says why a change was refused. */
export function problemSlot(testId: string): {
  readonly element: HTMLElement;
  show(message: string | null): void;
} {
  const element = h('div', { class: 'param-problem', 'aria-live': 'polite' });
  return {
    element,
    show(message) {
      if (message === null) replaceChildren(element);
      else replaceChildren(element, errorBox(message, testId));
    },
  };
}
