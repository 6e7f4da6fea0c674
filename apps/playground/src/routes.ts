import type { AppState, Page } from './state.js';
import { mountCompare } from './views/compare.js';
import { mountExplorer } from './views/explorer.js';
import { mountGallery } from './views/gallery.js';
import { mountLossLab } from './views/loss-lab.js';
import { datasetTitle, mountTrainingLab } from './views/training-lab.js';
import type { Mount } from './views/types.js';

/** A page of the app: its tab and its view. */
export interface Route {
  /** The tab's text, and the document title unless `heading` says more. */
  readonly title: string;
  readonly mount: Mount;
  /** The document title's first part when it depends on the state. */
  readonly heading?: (state: AppState) => string;
}

/**
 * Every page's route. A new view is a page id in `pages` (state.ts, which also orders the tabs), its
 * fields in `AppState`, and an entry here: the Record type makes a missing one a type error.
 */
export const routes: Readonly<Record<Page, Route>> = {
  explorer: { title: 'Explorer', mount: mountExplorer, heading: (s) => s.op },
  compare: { title: 'Compare', mount: mountCompare },
  'loss-lab': { title: 'Loss lab', mount: mountLossLab, heading: (s) => `${s.lossLab.op} · Loss lab` },
  training: {
    title: 'Training lab',
    mount: mountTrainingLab,
    heading: (s) => `${datasetTitle(s.training.config)} · Training lab`,
  },
  gallery: { title: 'Gallery', mount: mountGallery },
};

/** The document title of a state. */
export function documentTitle(state: AppState): string {
  const route = routes[state.page];
  return `${route.heading?.(state) ?? route.title} · Rectify playground`;
}
