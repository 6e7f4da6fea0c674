import { type TrainConfig, Trainer } from '@rectify/train';
import type { Backends } from '../backends.js';
import { errorMessage } from '../dom.js';
import type { BackendName } from '../state.js';
import { Pending } from '../views/types.js';

/** Where the session's trainer is. */
export type SessionStatus =
  | { readonly state: 'loading' }
  | { readonly state: 'ready' }
  | { readonly state: 'error'; readonly message: string };

export interface SessionOptions {
  readonly backends: Backends;
  /** Called whenever something shown changed: a new trainer, an epoch, play or pause, an error. */
  readonly onChange: () => void;
  /** Resolves once the browser has had a chance to paint (default: the next animation frame). */
  readonly nextFrame?: () => Promise<void>;
  /** The longest stretch of training between two yields to the page, in ms (default 12). */
  readonly budget?: number;
}

/**
 * The next animation frame, or 100 ms when none comes (a hidden tab runs no frames; training there
 * goes on at the pace of its throttled timers).
 */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The training lab's trainer and its run: made anew (same seed) for every setup and backend, played,
 * paused, stepped and reset. Training yields to the page after every epoch and whenever it has run
 * for the budget without one, so the page never freezes, whatever the backend or the data's size.
 */
export class TrainingSession {
  readonly #options: SessionOptions;
  readonly #pending = new Pending();
  #trainer: Trainer | undefined;
  #status: SessionStatus = { state: 'loading' };
  #run: Promise<void> | undefined;
  #controller: AbortController | undefined;
  #mode: 'play' | 'step' | undefined;
  /** What the person asked for last: playing carries over to the next setup or backend. */
  #wantPlay = false;
  #generation = 0;
  #destroyed = false;

  constructor(options: SessionOptions) {
    this.#options = options;
  }

  /** The current trainer (the previous one while a new setup loads); undefined before the first or after an error. */
  get trainer(): Trainer | undefined {
    return this.#trainer;
  }

  get status(): SessionStatus {
    return this.#status;
  }

  /** Whether training runs until paused. */
  get playing(): boolean {
    return this.#mode === 'play' || (this.#wantPlay && this.#status.state === 'loading');
  }

  /** Whether any training (a play or a step) is under way. */
  get running(): boolean {
    return this.#mode !== undefined;
  }

  /**
   * Makes a fresh trainer of `config` on the backend (the running one stops first); it starts playing
   * when training was playing. Overlapping calls keep only the latest.
   */
  configure(config: TrainConfig, backendName: BackendName): Promise<void> {
    const generation = ++this.#generation;
    this.#status = { state: 'loading' };
    this.#changed();
    return this.#pending.track(
      (async () => {
        await this.#stop();
        try {
          const backend = await this.#options.backends.get(backendName);
          if (generation !== this.#generation) return;
          const trainer = await Trainer.create(config, { backend });
          if (generation !== this.#generation) return;
          this.#trainer = trainer;
          this.#status = { state: 'ready' };
        } catch (err) {
          if (generation !== this.#generation) return;
          this.#trainer = undefined;
          this.#status = { state: 'error', message: errorMessage(err) };
        }
        this.#changed();
        if (this.#wantPlay) this.#start(Number.POSITIVE_INFINITY, 'play');
      })(),
    );
  }

  /** Trains until paused (or, while a setup loads, as soon as it is ready). */
  play(): void {
    this.#wantPlay = true;
    this.#start(Number.POSITIVE_INFINITY, 'play');
    this.#changed();
  }

  /** Stops after the step in progress; resolves once it has stopped. */
  pause(): Promise<void> {
    this.#wantPlay = false;
    const stopped = this.#stop();
    this.#changed();
    return stopped;
  }

  /** Pauses, then trains to the end of the next epoch. */
  step(): Promise<void> {
    return this.#pending.track(
      (async () => {
        await this.pause();
        await this.#start(1, 'step');
      })(),
    );
  }

  /** Pauses, then puts the network back to its initial weights (same seed, same data). */
  reset(): Promise<void> {
    return this.#pending.track(
      (async () => {
        await this.pause();
        const trainer = this.#trainer;
        if (!trainer) return;
        await trainer.reset();
        // a failure in the middle of training is behind us with fresh weights
        if (trainer === this.#trainer && this.#status.state === 'error') this.#status = { state: 'ready' };
        this.#changed();
      })(),
    );
  }

  /** Resolves once the setups, steps and resets asked for so far are done (a play runs on). */
  idle(): Promise<void> {
    return this.#pending.idle();
  }

  /** Stops training for good: the run ends after its current step, later calls do nothing. */
  destroy(): void {
    this.#destroyed = true;
    this.#wantPlay = false;
    this.#generation++;
    this.#controller?.abort();
  }

  #changed(): void {
    if (!this.#destroyed) this.#options.onChange();
  }

  async #stop(): Promise<void> {
    this.#controller?.abort();
    await this.#run;
  }

  #start(epochs: number, mode: 'play' | 'step'): Promise<void> {
    const trainer = this.#trainer;
    if (this.#run) return this.#run;
    if (!trainer || this.#destroyed || this.#status.state !== 'ready') return Promise.resolve();
    const controller = new AbortController();
    const budget = this.#options.budget ?? 12;
    const frame = this.#options.nextFrame ?? nextFrame;
    let since = performance.now();
    this.#controller = controller;
    this.#mode = mode;
    const run = trainer
      .train({
        epochs,
        signal: controller.signal,
        onStep: async (step) => {
          // an epoch is what the curves show: yield at each, and within long ones every `budget` ms
          if (step.completedEpoch === null && performance.now() - since < budget) return;
          this.#changed();
          await frame();
          since = performance.now();
        },
      })
      .then(
        () => undefined,
        (err: unknown) => {
          if (trainer !== this.#trainer || this.#destroyed) return;
          this.#wantPlay = false;
          this.#status = { state: 'error', message: errorMessage(err) };
        },
      )
      .finally(() => {
        this.#run = undefined;
        this.#controller = undefined;
        this.#mode = undefined;
        this.#changed();
        // Play pressed during a step: the play starts where the step ended
        if (mode === 'step' && this.#wantPlay) this.#start(Number.POSITIVE_INFINITY, 'play');
      });
    this.#run = run;
    return run;
  }
}
