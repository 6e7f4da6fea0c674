import { h } from '../dom.js';

/** Radio buttons drawn as a segmented control, one name per group (the test ids are `<name>-<value>`). */
export function segments<V extends string | number>(
  name: string,
  legend: string,
  options: readonly { readonly value: V; readonly label: string }[],
  doc: string,
  onPick: (value: V) => void,
): { readonly element: HTMLElement; set(value: V): void } {
  const inputs = options.map((o) => {
    const id = `${name}-${o.value}`;
    const input = h('input', { type: 'radio', name, id, value: String(o.value), 'data-testid': id });
    input.addEventListener('change', () => {
      if (input.checked) onPick(o.value);
    });
    return { input, option: o, id };
  });
  const element = h(
    'fieldset',
    { class: 'param segmented', 'data-testid': name },
    h('legend', { class: 'param-name' }, legend),
    h(
      'div',
      { class: 'segments' },
      inputs.map(({ input, option, id }) =>
        h('span', { class: 'segment' }, input, h('label', { for: id }, option.label)),
      ),
    ),
    doc ? h('p', { class: 'param-doc' }, doc) : null,
  );
  return {
    element,
    set(value) {
      for (const { input, option } of inputs) input.checked = option.value === value;
    },
  };
}
