import { getSpec } from '@rectify/core';
import { bceVsMse, plotLoss } from '@rectify/viz';
import { backendLabels } from '../backends.js';
import { plotBox } from '../components/plot.js';
import { h, replaceChildren } from '../dom.js';
import { comparisonPanel } from '../loss-lab/comparison-panel.js';
import { plotLossLab, predictionLabel } from '../loss-lab/plot.js';
import { type LabChange, lossLabSetup } from '../loss-lab/setup.js';
import { sameLossLab, withLossLab } from '../loss-lab/state.js';
import { type AppState, withChanges } from '../state.js';
import { mathCard } from './explorer.js';
import { type Deps, Pending, type View } from './types.js';

/**
 * The loss lab: one loss and its gradient against the prediction for a chosen target, as probabilities
 * or logits, with the loss's own params (label smoothing, Huber's delta) on the chosen backend; then
 * BCE vs MSE after a sigmoid, plotted and in numbers.
 */
export function mountLossLab(root: HTMLElement, initial: AppState, deps: Deps): View {
  const pending = new Pending();
  let state = initial;

  const plot = plotBox('loss-lab-plot', 'The loss and its gradient against the prediction');
  const plotTitle = h('h2', { id: 'loss-lab-plot-title' });
  const setupSlot = h('div');
  const mathSlot = h('div');
  const lossPlot = plotBox('comparison-plot', 'Binary cross-entropy and mean squared error after a sigmoid');
  const numbers = comparisonPanel(deps.backends);
  const numbersTitle = h('h3', { id: 'comparison-numbers-title' });
  let setup: ReturnType<typeof lossLabSetup> | undefined;

  const element = h(
    'div',
    { class: 'content loss-lab', id: 'main', tabindex: -1, 'data-testid': 'loss-lab' },
    h(
      'header',
      { class: 'op-header' },
      h('h1', {}, 'Loss lab'),
      h(
        'p',
        { class: 'summary' },
        'A loss and its gradient against the prediction for a target you choose, from probabilities or logits, with label smoothing or Huber’s delta — and why classifiers use cross-entropy rather than squared error after a sigmoid.',
      ),
    ),
    h(
      'div',
      { class: 'explorer-grid' },
      h(
        'section',
        { class: 'card plot-card', 'aria-labelledby': 'loss-lab-plot-title' },
        plotTitle,
        plot.element,
      ),
      h(
        'section',
        { class: 'card params-card', 'aria-labelledby': 'loss-lab-setup-title' },
        h('h2', { id: 'loss-lab-setup-title' }, 'Setup'),
        setupSlot,
      ),
    ),
    mathSlot,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'comparison-title' },
      h('h2', { id: 'comparison-title' }, 'BCE vs MSE after a sigmoid'),
      h(
        'p',
        { class: 'muted' },
        `Both losses of ŷ = σ(z) against the target ${bceVsMse.target}, with their gradients in the logit z, what the layer before the sigmoid receives. The plot is core’s float64 reference; the numbers come from the chosen backend.`,
      ),
      h(
        'div',
        { class: 'comparison-grid' },
        lossPlot.element,
        h('section', { 'aria-labelledby': 'comparison-numbers-title' }, numbersTitle, numbers.element),
      ),
    ),
  );
  root.replaceChildren(element);

  const change: LabChange = (changes, commit) =>
    deps.navigate(withChanges(state, { lossLab: withLossLab(state.lossLab, changes) }), { replace: !commit });

  function buildLoss(): void {
    // the controls are rebuilt for another loss: the one in use (the loss picker) keeps the focus
    const focused = setupSlot.contains(document.activeElement) ? document.activeElement?.id : undefined;
    setup = lossLabSetup(state.lossLab, change);
    replaceChildren(setupSlot, setup.element);
    if (focused) document.getElementById(focused)?.focus();
    replaceChildren(mathSlot, mathCard(getSpec(state.lossLab.op)));
  }

  function drawLoss(): void {
    const { lossLab: lab, backend } = state;
    const { symbol } = predictionLabel(lab);
    plotTitle.textContent = `L and ∂L/∂${symbol} on ${backend}`;
    plotTitle.title = backendLabels[backend];
    const loadingText =
      deps.backends.status(backend).state === 'ready' ? 'Computing…' : `Loading ${backendLabels[backend]}…`;
    pending.track(
      plot.draw(
        async () => plotLossLab(await deps.backends.get(backend), lab, plot.size(0.6), deps.points),
        loadingText,
      ),
    );
  }

  function drawNumbers(): void {
    numbersTitle.textContent = `On ${state.backend}`;
    numbersTitle.title = backendLabels[state.backend];
    pending.track(numbers.update(state.backend));
  }

  buildLoss();
  drawLoss();
  drawNumbers();
  pending.track(
    lossPlot.draw(() =>
      plotLoss({ ...bceVsMse, title: `BCE vs MSE, target ${bceVsMse.target}`, ...lossPlot.size(0.62) }),
    ),
  );

  return {
    update(next) {
      const previous = state;
      state = next;
      const backendChanged = previous.backend !== next.backend;
      if (next.lossLab.op !== previous.lossLab.op) buildLoss();
      else setup?.update(next.lossLab);
      if (backendChanged || !sameLossLab(previous.lossLab, next.lossLab)) drawLoss();
      if (backendChanged) drawNumbers();
    },
    idle: () => pending.idle(),
    destroy() {
      plot.destroy();
      lossPlot.destroy();
      numbers.destroy();
      element.remove();
    },
  };
}
