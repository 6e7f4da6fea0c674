import { describe, expect, it, vi } from 'vitest';
import { plotBox } from '../src/components/plot.js';

const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><path d="M0 0L10 10"/></svg>';

/** A render that finishes when the test says so. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const render = vi.fn(async () => {
    await opened;
    return svg;
  });
  return { render, open };
}

describe('plotBox', () => {
  it('draws the latest of overlapping requests', async () => {
    const box = plotBox('p', 'a plot');
    const first = gate();
    const second = vi.fn(async () => svg);
    const third = vi.fn(async () => svg);
    const drawn = box.draw(first.render);
    void box.draw(second);
    void box.draw(third);
    first.open();
    await drawn;
    expect(second).not.toHaveBeenCalled();
    expect(third).toHaveBeenCalledOnce();
    expect(box.element.querySelector('[data-rendered="true"] svg')).not.toBeNull();
  });

  it('draws nothing after destroy: not the running draw, not the queued one, not later ones', async () => {
    const box = plotBox('p', 'a plot');
    const running = gate();
    const queued = vi.fn(async () => svg);
    const later = vi.fn(async () => svg);
    const drawn = box.draw(running.render);
    void box.draw(queued);
    box.destroy();
    running.open();
    await drawn;
    await box.draw(later);
    expect(running.render).toHaveBeenCalledOnce();
    expect(queued).not.toHaveBeenCalled();
    expect(later).not.toHaveBeenCalled();
    expect(box.element.querySelector('svg')).toBeNull();
    expect(box.element.querySelector('[data-rendered]')).toBeNull();
  });
});
