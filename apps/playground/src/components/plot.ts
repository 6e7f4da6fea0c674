import { toElement } from '@rectify/viz';
import { errorBox, errorMessage, h, Latest, loading, replaceChildren } from '../dom.js';

export interface PlotBox {
  readonly element: HTMLElement;
  /** A plot size that fills the box's width (within bounds), for `aspect` = height / width. */
  size(aspect: number): { width: number; height: number };
  /**
   * Draws what `render` returns. While it runs the previous plot stays, dimmed, under a loading line;
   * an error replaces it with a message. Overlapping calls keep only the latest.
   */
  draw(render: (signal: AbortSignal) => Promise<string>, loadingText?: string): Promise<void>;
  /** Stops the running draw and drops the queued one; later draws do nothing. */
  destroy(): void;
}

/** A box an SVG plot is drawn into, with loading and error states. */
export function plotBox(testId: string, label: string): PlotBox {
  const figure = h('div', { class: 'plot', 'data-testid': testId, role: 'img', 'aria-label': label });
  const status = h('div', { class: 'plot-status', 'data-testid': `${testId}-status` });
  const element = h('div', { class: 'plot-box' }, status, figure);
  const latest = new Latest();
  // requests that arrive while one draws wait for it; only the newest of them is drawn
  let running: Promise<void> | undefined;
  let queued: { render: (signal: AbortSignal) => Promise<string>; text: string } | undefined;
  // a destroyed box is off the page: drawing into it would only waste a backend's time
  let destroyed = false;

  async function run(render: (signal: AbortSignal) => Promise<string>, text: string): Promise<void> {
    const signal = latest.start();
    const slow = setTimeout(() => {
      if (!signal.aborted) {
        figure.classList.add('stale');
        replaceChildren(status, loading(text, `${testId}-loading`));
      }
    }, 120);
    try {
      const svg = await render(signal);
      if (signal.aborted) return;
      replaceChildren(figure, toElement(svg));
      figure.dataset.rendered = 'true';
      replaceChildren(status);
    } catch (err) {
      if (signal.aborted) return;
      replaceChildren(figure);
      delete figure.dataset.rendered;
      replaceChildren(status, errorBox(errorMessage(err), `${testId}-error`));
    } finally {
      clearTimeout(slow);
      figure.classList.remove('stale');
    }
  }

  async function draw(render: (signal: AbortSignal) => Promise<string>, text = 'Computing…'): Promise<void> {
    if (destroyed) return;
    if (running) {
      queued = { render, text };
      return running;
    }
    running = (async () => {
      await run(render, text);
      while (queued) {
        const next: { render: (signal: AbortSignal) => Promise<string>; text: string } = queued;
        queued = undefined;
        await run(next.render, next.text);
      }
    })();
    try {
      await running;
    } finally {
      running = undefined;
    }
  }

  const size = (aspect: number) => {
    // before layout (or in a detached tree) the width is 0: a plain 640 then
    const measured = element.clientWidth;
    const width = measured > 0 ? Math.min(1000, Math.max(360, Math.floor(measured / 10) * 10)) : 640;
    return { width, height: Math.round(Math.min(460, Math.max(300, width * aspect))) };
  };

  const destroy = () => {
    destroyed = true;
    queued = undefined;
    latest.stop();
  };

  return { element, size, draw, destroy };
}
