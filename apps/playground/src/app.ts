import { type BackendStatus, type Backends, backendLabels } from './backends.js';
import { ConformanceCache } from './conformance.js';
import { h, replaceChildren } from './dom.js';
import { documentTitle, routes } from './routes.js';
import {
  type AppState,
  type BackendName,
  backendNames,
  type Page,
  pages,
  parseState,
  sameState,
  serializeState,
  withChanges,
} from './state.js';
import type { Deps, View } from './views/types.js';

const statusText = (s: BackendStatus) =>
  s.state === 'ready'
    ? 'ready'
    : s.state === 'loading'
      ? 'loading…'
      : s.state === 'error'
        ? `failed: ${s.message}`
        : 'not loaded yet';

function backendSwitch(backends: Backends, onPick: (name: BackendName) => void) {
  const radios = new Map<BackendName, { input: HTMLInputElement; dot: HTMLElement; label: HTMLElement }>();
  const element = h(
    'fieldset',
    { class: 'backend-switch', 'data-testid': 'backend-switch' },
    h('legend', {}, 'Backend'),
    backendNames.map((name) => {
      const input = h('input', {
        type: 'radio',
        name: 'backend',
        value: name,
        id: `backend-${name}`,
        'data-testid': `backend-${name}`,
      });
      input.addEventListener('change', () => {
        if (input.checked) onPick(name);
      });
      const dot = h('span', { class: 'dot', 'aria-hidden': 'true' });
      const label = h('label', { for: `backend-${name}`, title: backendLabels[name] }, dot, name);
      radios.set(name, { input, dot, label });
      return h('span', { class: 'segment' }, input, label);
    }),
  );
  const show = (name: string, status: BackendStatus) => {
    const r = radios.get(name as BackendName);
    if (!r) return;
    r.dot.dataset.state = status.state;
    r.label.title = `${backendLabels[name as BackendName]}: ${statusText(status)}`;
  };
  for (const name of backendNames) show(name, backends.status(name));
  const unsubscribe = backends.subscribe(show);
  return {
    element,
    set(current: BackendName) {
      for (const [name, r] of radios) r.input.checked = name === current;
    },
    // the backends outlive the app (tests share them): a listener left behind keeps this switch alive
    destroy: unsubscribe,
  };
}

/**
 * The app: a top bar (pages, backend switch) over the current view, with the state in the URL hash.
 * Navigation pushes a history entry; a drag pushes one entry when it starts and replaces it as it
 * goes, so back returns to where the drag began.
 */
export function startApp(root: HTMLElement, backends: Backends): { destroy(): void } {
  let state = parseState(location.hash);
  let view: View | undefined;
  let viewPage: Page | undefined;
  // whether the current history entry is an in-between state of a drag
  let transient = false;

  const tabs = new Map<Page, HTMLAnchorElement>();
  const nav = h(
    'nav',
    { class: 'tabs', 'aria-label': 'Pages' },
    pages.map((page) => {
      const a = h('a', { href: '#', class: 'tab', 'data-testid': `tab-${page}` }, routes[page].title);
      a.addEventListener('click', (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(withChanges(state, { page }));
      });
      tabs.set(page, a);
      return a;
    }),
  );
  const switcher = backendSwitch(backends, (backend) => navigate(withChanges(state, { backend })));
  const viewRoot = h('main', { class: 'view', 'data-testid': 'view' });
  replaceChildren(
    root,
    h('a', { class: 'skip-link', href: '#main' }, 'Skip to content'),
    h(
      'header',
      { class: 'topbar' },
      h(
        'div',
        { class: 'brand' },
        h('span', { class: 'logo', 'aria-hidden': 'true' }, '∫'),
        'Rectify',
        h('span', { class: 'brand-sub' }, 'playground'),
      ),
      nav,
      switcher.element,
    ),
    viewRoot,
  );
  // the skip link must not become a route
  root.querySelector('.skip-link')!.addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('main')?.focus();
  });

  const deps: Deps = { backends, conformance: new ConformanceCache(), navigate };

  function show(next: AppState): void {
    state = next;
    for (const [page, a] of tabs) {
      a.href = serializeState(withChanges(next, { page }));
      if (page === next.page) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    switcher.set(next.backend);
    document.title = documentTitle(next);
    if (view && viewPage === next.page) {
      view.update(next);
    } else {
      view?.destroy();
      viewPage = next.page;
      view = routes[next.page].mount(viewRoot, next, deps);
    }
  }

  function navigate(next: AppState, options: { replace?: boolean } = {}): void {
    const hash = serializeState(next);
    if (hash !== location.hash) {
      if (options.replace) {
        if (transient) history.replaceState(null, '', hash);
        else history.pushState(null, '', hash);
        transient = true;
      } else {
        if (transient) history.replaceState(null, '', hash);
        else history.pushState(null, '', hash);
        transient = false;
      }
    } else if (!options.replace) {
      transient = false;
    }
    show(next);
  }

  const onLocation = () => {
    transient = false;
    const next = parseState(location.hash);
    if (!sameState(next, state) || !view) show(next);
    // a URL with bad values is shown as the state it fell back to
    if (serializeState(next) !== location.hash) history.replaceState(null, '', serializeState(next));
  };
  window.addEventListener('popstate', onLocation);
  window.addEventListener('hashchange', onLocation);

  history.replaceState(null, '', serializeState(state));
  show(state);
  return {
    destroy() {
      window.removeEventListener('popstate', onLocation);
      window.removeEventListener('hashchange', onLocation);
      switcher.destroy();
      view?.destroy();
    },
  };
}
