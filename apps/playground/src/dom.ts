type Attrs = Readonly<Record<string, string | number | boolean | undefined | null>>;
type Child = Node | string | null | undefined | false;

/**
 * Makes an element: `h('button', { class: 'tab', 'data-testid': 'x' }, 'text')`. `true` sets an
 * attribute with no value, `false`/null/undefined leave it out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: readonly (Child | readonly Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el: Element, children: readonly (Child | readonly Child[])[]): void {
  for (const child of children) {
    if (Array.isArray(child)) append(el, child);
    else if (child !== null && child !== undefined && child !== false) el.append(child as Node | string);
  }
}

/** Replaces an element's children. */
export function replaceChildren(el: Element, ...children: readonly (Child | readonly Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

/** The message of anything thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** An inline error box (role=alert so screen readers announce it). */
export function errorBox(message: string, testId = 'error'): HTMLElement {
  return h('div', { class: 'error', role: 'alert', 'data-testid': testId }, message);
}

/** A loading line with a spinner. */
export function loading(text = 'Loading…', testId = 'loading'): HTMLElement {
  return h(
    'div',
    { class: 'loading', role: 'status', 'data-testid': testId },
    h('span', { class: 'spinner' }),
    text,
  );
}

/** Formats a number for tables: up to 7 significant digits, specials spelled out. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '∞';
  if (v === Number.NEGATIVE_INFINITY) return '−∞';
  if (v === 0) return Object.is(v, -0) ? '−0' : '0';
  const a = Math.abs(v);
  const s = a >= 1e6 || a < 1e-4 ? v.toExponential(6) : String(Number(v.toPrecision(7)));
  return s.replace('-', '−');
}

/**
 * Keeps only the latest of overlapping async runs: each `start()` aborts the previous run's signal,
 * so a slow backend's answer for old params never overwrites a newer one.
 */
export class Latest {
  #controller: AbortController | undefined;
  start(): AbortSignal {
    this.#controller?.abort();
    this.#controller = new AbortController();
    return this.#controller.signal;
  }
  stop(): void {
    this.#controller?.abort();
  }
}
