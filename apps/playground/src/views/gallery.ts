import { gallery } from '@rectify/viz';
import { plotBox } from '../components/plot.js';
import { h } from '../dom.js';
import type { AppState } from '../state.js';
import { type Deps, Pending, type View } from './types.js';

/** The gallery: viz's canonical plots, each with what to look at. */
export function mountGallery(root: HTMLElement, _state: AppState, _deps: Deps): View {
  const pending = new Pending();
  const boxes = gallery.map((entry) => ({ entry, box: plotBox(`gallery-${entry.id}`, entry.title) }));
  const element = h(
    'div',
    { class: 'content gallery', id: 'main', tabindex: -1, 'data-testid': 'gallery' },
    h(
      'header',
      { class: 'op-header' },
      h('h1', {}, 'Gallery'),
      h(
        'p',
        { class: 'summary' },
        'The canonical plots of Rectify’s ops, drawn by @rectify/viz from the float64 reference.',
      ),
    ),
    h(
      'div',
      { class: 'gallery-grid' },
      boxes.map(({ entry, box }) =>
        h(
          'figure',
          { class: 'card gallery-card', 'data-testid': `gallery-card-${entry.id}` },
          h('h2', {}, entry.title),
          box.element,
          h('figcaption', { class: 'muted' }, entry.description),
        ),
      ),
    ),
  );
  root.replaceChildren(element);
  let destroyed = false;
  // one after the other: the first plots show up at once instead of all at the end
  pending.track(
    (async () => {
      for (const { entry, box } of boxes) {
        if (destroyed) return;
        await box.draw(() => entry.render());
      }
    })(),
  );
  return {
    update: () => undefined,
    idle: () => pending.idle(),
    destroy() {
      destroyed = true;
      for (const { box } of boxes) box.destroy();
      element.remove();
    },
  };
}
