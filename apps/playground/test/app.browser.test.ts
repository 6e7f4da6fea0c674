import { BackendRegistry } from '@rectify/core';
import { encodeConfig, resolveConfig } from '@rectify/train';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp } from '../src/app.js';
import { type BackendStatus, Backends } from '../src/backends.js';

/** Backends that count their listeners. */
class CountingBackends extends Backends {
  listeners = 0;
  override subscribe(listener: (name: string, status: BackendStatus) => void): () => void {
    this.listeners++;
    const stop = super.subscribe(listener);
    return () => {
      this.listeners--;
      stop();
    };
  }
}

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
  history.replaceState(null, '', '#');
});

function start(hash: string, backends: Backends) {
  history.replaceState(null, '', hash);
  const root = document.createElement('div');
  document.body.append(root);
  const app = startApp(root, backends);
  cleanup = () => {
    app.destroy();
    root.remove();
    void backends.dispose();
  };
  return { root, app };
}

describe('the app', () => {
  it('stops listening to the backends when destroyed', () => {
    // the gallery computes on core's reference: no backend is needed here
    const backends = new CountingBackends(new BackendRegistry());
    const { app } = start('#/gallery', backends);
    expect(backends.listeners).toBeGreaterThan(0);
    app.destroy();
    expect(backends.listeners).toBe(0);
  });

  it('has a tab per page, in order, and opens the loss lab from its tab', async () => {
    const { createCpuBackend } = await import('@rectify/backend-cpu');
    const backends = new Backends(new BackendRegistry().register('cpu', () => createCpuBackend()));
    const { root } = start('#/gallery?op=relu', backends);
    const tabs = [...root.querySelectorAll<HTMLAnchorElement>('.tabs .tab')];
    expect(tabs.map((t) => t.textContent)).toEqual([
      'Explorer',
      'Compare',
      'Loss lab',
      'Training lab',
      'Gallery',
    ]);
    const lab = root.querySelector<HTMLAnchorElement>('[data-testid="tab-loss-lab"]')!;
    // a real link, to open in a new tab, carrying the rest of the state
    expect(lab.getAttribute('href')).toBe('#/loss-lab?op=relu');
    lab.click();
    expect(location.hash).toBe('#/loss-lab?op=relu');
    expect(lab.getAttribute('aria-current')).toBe('page');
    expect(root.querySelector('[data-testid="loss-lab"]')).not.toBeNull();
    expect(root.querySelector('[data-testid="gallery"]')).toBeNull();
    expect(document.title).toBe('binaryCrossentropy · Loss lab · Rectify playground');
    // a shared URL of the lab shows its loss and params
    history.replaceState(null, '', '#/loss-lab?op=relu&loss=huber&loss.delta=0.5');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(root.querySelector<HTMLSelectElement>('[data-testid="loss-lab-loss"]')!.value).toBe('huber');
    expect(root.querySelector<HTMLInputElement>('[data-testid="param-huber-delta-value"]')!.value).toBe(
      '0.5',
    );
  });

  it('opens the training lab from its tab; a link it cannot use is told, and the URL shows what is used', async () => {
    const { createCpuBackend } = await import('@rectify/backend-cpu');
    const backends = new Backends(new BackendRegistry().register('cpu', () => createCpuBackend()));
    const { root } = start('#/explorer', backends);
    root.querySelector<HTMLAnchorElement>('[data-testid="tab-training"]')!.click();
    expect(location.hash).toBe('#/training?op=leakyRelu');
    expect(root.querySelector('[data-testid="training-lab"]')).not.toBeNull();
    expect(document.title).toBe('xor · Training lab · Rectify playground');
    // a shared link of another setup
    const code = encodeConfig(resolveConfig({ dataset: 'moons', seed: 4 }));
    history.replaceState(null, '', `#/training?train=${code}`);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(root.querySelector<HTMLSelectElement>('[data-testid="training-dataset"]')!.value).toBe('moons');
    expect(document.title).toBe('moons · Training lab · Rectify playground');
    // a broken one: the default setup, a message, and the URL of what is shown
    history.replaceState(null, '', '#/training?train=broken!');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(root.querySelector('[data-testid="training-url-problem"]')!.textContent).toMatch(
      /not a share string/,
    );
    expect(root.querySelector<HTMLSelectElement>('[data-testid="training-dataset"]')!.value).toBe('xor');
    expect(location.hash).toBe('#/training?op=leakyRelu');
  });
});
