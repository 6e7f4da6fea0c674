import type { Trainer } from '@rectify/train';
import { h } from '../dom.js';
import { button } from './controls.js';
import type { TrainingSession } from './session.js';

/** Play/Pause, Step, Reset and the epoch counter. */
export interface Transport {
  readonly element: HTMLElement;
  /** Shows the session's state; `busy` disables everything (an export is being checked). */
  update(session: TrainingSession, busy: boolean): void;
}

export function transport(session: TrainingSession): Transport {
  const play = button(
    '▶ Play',
    { 'data-testid': 'training-play', class: 'button primary', 'aria-pressed': 'false' },
    () => {
      if (session.playing) void session.pause();
      else session.play();
    },
  );
  const step = button(
    'Step',
    { 'data-testid': 'training-step', title: 'Train to the end of the next epoch' },
    () => {
      void session.step();
    },
  );
  const reset = button(
    '↺ Reset',
    { 'data-testid': 'training-reset', title: 'Back to the initial weights: the same seed, the same data' },
    () => {
      void session.reset();
    },
  );
  const epoch = h('span', { class: 'epoch-counter', 'data-testid': 'training-epoch', 'aria-live': 'off' });
  const element = h(
    'div',
    { class: 'transport', role: 'toolbar', 'aria-label': 'Training' },
    play,
    step,
    reset,
    epoch,
  );
  const count = (trainer: Trainer | undefined) => {
    epoch.dataset.epoch = String(trainer?.epoch ?? 0);
    epoch.dataset.steps = String(trainer?.steps ?? 0);
    epoch.replaceChildren(
      h('span', { class: 'epoch-label' }, 'Epoch '),
      h('strong', { class: 'num' }, String(trainer?.epoch ?? 0)),
      h('span', { class: 'muted' }, ` · ${trainer?.steps ?? 0} steps`),
    );
  };
  return {
    element,
    update(s, busy) {
      const ready = s.status.state === 'ready' && s.trainer !== undefined;
      play.textContent = s.playing ? '❚❚ Pause' : '▶ Play';
      play.setAttribute('aria-pressed', String(s.playing));
      // Play may be pressed while a setup loads: it starts once the network is made
      play.disabled = busy || s.status.state === 'error';
      step.disabled = busy || !ready;
      reset.disabled = busy || !ready;
      count(s.trainer);
    },
  };
}
