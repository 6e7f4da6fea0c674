import { BackendRegistry } from '@rectify/core';
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
});
