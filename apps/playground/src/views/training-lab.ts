import { resolveConfig, type TrainConfig } from '@rectify/train';
import { backendLabels } from '../backends.js';
import { errorBox, errorMessage, h, loading, replaceChildren } from '../dom.js';
import { type AppState, serializeState, withChanges } from '../state.js';
import { boundaryPlot } from '../training/boundary.js';
import { button } from '../training/controls.js';
import { checkOnnx, copyText, downloadBytes, modelFileName } from '../training/export.js';
import { metricsPanel } from '../training/metrics.js';
import { type Propose, setupPanel } from '../training/panel.js';
import { type Preset, presets } from '../training/presets.js';
import { nextFrame, TrainingSession } from '../training/session.js';
import { checkSetup, sameConfig, trainingLabOf } from '../training/state.js';
import { transport } from '../training/transport.js';
import { type Deps, Pending, type View } from './types.js';

/** The lab's view, with its session for tests that drive or inspect the trainer. */
export interface TrainingLabView extends View {
  readonly session: TrainingSession;
}

/** The data's name for titles: the generated set's, or the CSV file's. */
export function datasetTitle(config: TrainConfig): string {
  return config.dataset.name === 'csv' ? config.dataset.fileName : config.dataset.name;
}

const presetConfigs = new Map<string, TrainConfig>(presets.map((p) => [p.id, resolveConfig(p.config)]));

function presetBar(onPick: (preset: Preset) => void) {
  const buttons = presets.map((p) =>
    button(
      p.title,
      { 'data-testid': `training-preset-${p.id}`, class: 'button chip-button', 'aria-pressed': 'false' },
      () => onPick(p),
    ),
  );
  const story = h('p', { class: 'preset-story', 'data-testid': 'training-story' });
  const element = h(
    'section',
    { class: 'card presets', 'aria-labelledby': 'training-presets-title' },
    h('h2', { id: 'training-presets-title' }, 'Watch it happen'),
    h('div', { class: 'preset-buttons' }, buttons),
    story,
  );
  return {
    element,
    update(config: TrainConfig) {
      let active: Preset | undefined;
      presets.forEach((p, i) => {
        const on = sameConfig(presetConfigs.get(p.id)!, config);
        if (on) active = p;
        buttons[i]!.setAttribute('aria-pressed', String(on));
      });
      story.textContent =
        active?.story ??
        'Each of these sets up a network that shows one thing about activations and losses; from there, change one control and train again.';
    },
  };
}

/**
 * The training lab: a multilayer perceptron trained in the page by `@rectify/train`, its activations
 * and loss on the chosen backend. Left, the data, the network and the optimizer; centre, the decision
 * boundary with Play/Pause/Step/Reset, the ONNX export and the share link; right, the loss and accuracy
 * curves, dead units, gradient norms and PReLU slopes per layer. The setup lives in the URL.
 */
export function mountTrainingLab(root: HTMLElement, initial: AppState, deps: Deps): TrainingLabView {
  const pending = new Pending();
  let state = initial;
  let destroyed = false;
  let exporting = false;

  const propose: Propose = (make, commit) => {
    let next: TrainConfig;
    try {
      next = make(state.training.config);
      checkSetup(next);
    } catch (err) {
      return errorMessage(err);
    }
    deps.navigate(withChanges(state, { training: trainingLabOf(next) }), { replace: !commit });
    return null;
  };

  const session = new TrainingSession({
    backends: deps.backends,
    onChange: () => {
      // the buttons answer at once; the plots follow on the next frame
      if (!destroyed) controls.update(session, exporting);
      schedule();
    },
  });
  const controls = transport(session);
  const boundary = boundaryPlot(deps.trainingGrid === undefined ? {} : { resolution: deps.trainingGrid });
  const metrics = metricsPanel();
  const setup = setupPanel(state.training.config, propose);
  const presetsBar = presetBar((p) => {
    const config = presetConfigs.get(p.id)!;
    deps.navigate(withChanges(state, { training: trainingLabOf(config) }));
  });
  const urlProblem = h('div', { 'aria-live': 'polite' });
  const status = h('div', { class: 'training-status', 'data-testid': 'training-status' });
  const backendNote = h('p', { class: 'muted backend-note', 'data-testid': 'training-backend' });
  const exportStatus = h('p', {
    class: 'export-status',
    'data-testid': 'training-export-status',
    'aria-live': 'polite',
  });
  const shareStatus = h('p', {
    class: 'export-status',
    'data-testid': 'training-share-status',
    'aria-live': 'polite',
  });
  const shareUrl = h('input', {
    type: 'text',
    readonly: true,
    class: 'share-url',
    'data-testid': 'training-share-url',
    'aria-label': 'Share link',
    hidden: true,
  });
  shareUrl.addEventListener('focus', () => shareUrl.select());

  const exportButton = button('Export .onnx', { 'data-testid': 'training-export' }, () => {
    void pending.track(exportModel());
  });
  const shareButton = button('Copy share link', { 'data-testid': 'training-share' }, () => {
    void pending.track(share());
  });

  const element = h(
    'div',
    { class: 'content training-lab', id: 'main', tabindex: -1, 'data-testid': 'training-lab' },
    h(
      'header',
      { class: 'op-header' },
      h('h1', {}, 'Training lab'),
      h(
        'p',
        { class: 'summary' },
        'Train a small network in the page and watch why activations and losses matter: dying ReLUs, Leaky ReLU and PReLU as the fix, vanishing gradients in a deep sigmoid net, softmax for several classes, cross-entropy against squared error, and XOR, which no linear model solves.',
      ),
    ),
    urlProblem,
    presetsBar.element,
    h(
      'div',
      { class: 'training-grid' },
      setup.element,
      h(
        'div',
        { class: 'training-centre' },
        h(
          'section',
          { class: 'card boundary-card', 'aria-labelledby': 'training-boundary-title' },
          h('h2', { id: 'training-boundary-title' }, 'Decision boundary'),
          controls.element,
          backendNote,
          status,
          boundary.element,
        ),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'training-export-title' },
          h('h2', { id: 'training-export-title' }, 'Export and share'),
          h('div', { class: 'transport' }, exportButton, shareButton),
          exportStatus,
          shareStatus,
          shareUrl,
          h(
            'p',
            { class: 'param-doc' },
            'The .onnx model is the network as trained so far (input x: raw points, output y: probabilities or values), built with the ONNX backend’s graph builder and checked here in ONNX Runtime Web. The link holds the whole setup, not the trained weights: it trains again from the same seed.',
          ),
        ),
      ),
      metrics.element,
    ),
  );
  root.replaceChildren(element);

  let scheduled = false;
  let drawn: { history: unknown; steps: number } | undefined;
  function schedule(): void {
    if (scheduled || destroyed) return;
    scheduled = true;
    pending.track(
      nextFrame().then(() => {
        scheduled = false;
        render();
      }),
    );
  }

  function render(): void {
    if (destroyed) return;
    const trainer = session.trainer;
    controls.update(session, exporting);
    exportButton.disabled = exporting || !trainer || session.status.state !== 'ready';
    const s = session.status;
    const loadingText =
      deps.backends.status(state.backend).state === 'ready'
        ? 'Making the network…'
        : `Loading ${backendLabels[state.backend]}…`;
    if (s.state === 'error') replaceChildren(status, errorBox(s.message, 'training-error'));
    else if (s.state === 'loading') replaceChildren(status, loading(loadingText, 'training-loading'));
    else replaceChildren(status);
    element.dataset.state = s.state;
    boundary.element.classList.toggle('stale', s.state !== 'ready');
    metrics.update(trainer);
    if (trainer && (drawn?.history !== trainer.history || drawn.steps !== trainer.steps)) {
      drawn = { history: trainer.history, steps: trainer.steps };
      pending.track(boundary.draw(trainer));
    }
  }

  function showState(): void {
    presetsBar.update(state.training.config);
    const problem = state.training.problem;
    replaceChildren(urlProblem, problem ? errorBox(problem, 'training-url-problem') : null);
    backendNote.textContent = `Activations and loss, forward and backward, run on ${state.backend} (${backendLabels[state.backend]}); the sums and the optimizer in float64 JavaScript.`;
  }

  const checkKeys = ['file', 'bytes', 'sha256', 'points', 'maxDifference', 'sameClass'] as const;
  async function exportModel(): Promise<void> {
    exporting = true;
    // what a finished check says about the file belongs to that file only
    for (const key of checkKeys) delete exportStatus.dataset[key];
    render();
    try {
      await session.pause();
      // the check runs onnxruntime-web, which the onnx backend also runs: one call at a time
      await boundary.idle();
      const trainer = session.trainer;
      if (!trainer) return;
      const bytes = trainer.toOnnx();
      const fileName = modelFileName(trainer);
      (deps.save ?? downloadBytes)(fileName, bytes);
      replaceChildren(
        exportStatus,
        `Saved ${fileName} (${(bytes.length / 1024).toFixed(1)} KB). Checking it in ONNX Runtime Web…`,
      );
      const check = await checkOnnx(bytes, trainer);
      if (destroyed) return;
      Object.assign(exportStatus.dataset, {
        file: fileName,
        bytes: String(check.bytes),
        sha256: check.sha256,
        points: String(check.points),
        maxDifference: String(check.maxDifference),
        sameClass: String(check.sameClass ?? ''),
      });
      const classes = check.sameClass === null ? '' : `, the same class for ${check.sameClass} of them`;
      replaceChildren(
        exportStatus,
        `Saved ${fileName} (${(check.bytes / 1024).toFixed(1)} KB). ONNX Runtime Web runs it on the ${check.points} data points within ${check.maxDifference.toExponential(1)} of the trainer${classes}.`,
      );
    } catch (err) {
      replaceChildren(exportStatus, errorBox(`Export failed: ${errorMessage(err)}`, 'training-export-error'));
    } finally {
      exporting = false;
      render();
    }
  }

  async function share(): Promise<void> {
    const url = new URL(serializeState(state), location.href).href;
    shareUrl.value = url;
    shareUrl.hidden = false;
    const copied = await copyText(url);
    if (destroyed) return;
    replaceChildren(
      shareStatus,
      copied
        ? 'Link copied: it opens this setup on this backend.'
        : 'The browser did not let the page copy: copy the link below.',
    );
    if (!copied) shareUrl.focus();
  }

  showState();
  void session.configure(state.training.config, state.backend);
  render();

  return {
    session,
    update(next) {
      const previous = state;
      state = next;
      showState();
      setup.update(next.training.config);
      if (!sameConfig(previous.training.config, next.training.config) || previous.backend !== next.backend) {
        drawn = undefined;
        void session.configure(next.training.config, next.backend);
      }
    },
    async idle() {
      await session.idle();
      await pending.idle();
      await boundary.idle();
    },
    destroy() {
      destroyed = true;
      session.destroy();
      boundary.destroy();
      element.remove();
    },
  };
}
