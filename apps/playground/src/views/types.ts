import type { Backends } from '../backends.js';
import type { ConformanceCache } from '../conformance.js';
import type { AppState, BackendName } from '../state.js';

/** What a view needs from the app; tests pass their own. */
export interface Deps {
  readonly backends: Backends;
  readonly conformance: ConformanceCache;
  /** Moves to a new state; `replace` for in-between states (a slider being dragged). */
  navigate(state: AppState, options?: { replace?: boolean }): void;
  /** The backends the probe and the agreement panel cover (default: all five). */
  readonly panelBackends?: readonly BackendName[];
  /** Grid points of the curves (default: viz's 241); tests use fewer. */
  readonly points?: number;
  /** Whether the agreement panel runs the conformance cases (default true). */
  readonly runConformance?: boolean;
  /** Saves a file the person asked for (default: a browser download); tests keep the bytes. */
  readonly save?: (fileName: string, bytes: Uint8Array) => void;
  /** Grid points per axis of the training lab's decision boundary (default 60); tests use fewer. */
  readonly trainingGrid?: number;
}

/** A mounted view. */
export interface View {
  /** Shows a new state (after navigation, back/forward), keeping what did not change. */
  update(state: AppState): void;
  /** Resolves once everything started so far has been drawn (plots, tables, conformance). */
  idle(): Promise<void>;
  destroy(): void;
}

/** Tracks a view's running work so that tests (and `idle`) can wait for it. */
export class Pending {
  readonly #running = new Set<Promise<unknown>>();
  track<T>(p: Promise<T>): Promise<T> {
    this.#running.add(p);
    const done = () => this.#running.delete(p);
    p.then(done, done);
    return p;
  }
  async idle(): Promise<void> {
    while (this.#running.size) await Promise.allSettled([...this.#running]);
  }
}

/** Mounts a view into `root`, showing `state`. */
export type Mount = (root: HTMLElement, state: AppState, deps: Deps) => View;
