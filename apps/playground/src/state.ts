import { getSpec, isOpId, type OpId, opIds } from '@rectify/core';
import {
  defaultLossLab,
  type LossLab,
  lossLabKeys,
  normalizeLossLab,
  parseLossLab,
  writeLossLab,
} from './loss-lab/state.js';
import {
  defaultParams,
  isValidParam,
  normalizeParams,
  type ParamMap,
  type ParamValue,
  paramDefs,
  parseParamValue,
  plainNumber,
} from './params.js';
import {
  defaultTrainingLab,
  parseTrainingLab,
  sameTrainingLab,
  type TrainingLab,
  trainingKeys,
  writeTrainingLab,
} from './training/state.js';

/** The views, in the order the top bar lists them (each has a route in routes.ts). */
export const pages = ['explorer', 'compare', 'loss-lab', 'training', 'gallery'] as const;
export type Page = (typeof pages)[number];

/** The backends the playground runs in the browser, in the order the switch lists them. */
export const backendNames = ['cpu', 'tfjs-webgl', 'tfjs-wasm', 'tfjs-cpu', 'onnx'] as const;
export type BackendName = (typeof backendNames)[number];

/** A sweep of one numeric param of one op over a few values (empty values: spread over its slider range). */
export interface Sweep {
  readonly op: OpId;
  readonly param: string;
  readonly values: readonly number[];
}

/** Everything a view shows, all of it kept in the URL so a view can be shared. */
export interface AppState {
  readonly page: Page;
  readonly op: OpId;
  /** Every param of `op`, defaults filled in. */
  readonly params: ParamMap;
  readonly backend: BackendName;
  /** The probe's x (for losses: yPred); null means a point picked from the op's domain. */
  readonly x: number | null;
  /** The activations overlaid on the comparison page. */
  readonly compare: readonly OpId[];
  readonly sweep: Sweep;
  readonly lossLab: LossLab;
  /** The training lab's setup. */
  readonly training: TrainingLab;
}

const activationIds = (): OpId[] => opIds.filter((id) => getSpec(id).kind === 'activation');

export const maxCompared = 8;

export function defaultState(): AppState {
  return {
    page: 'explorer',
    op: 'leakyRelu',
    params: defaultParams('leakyRelu'),
    backend: 'cpu',
    x: null,
    compare: ['relu', 'leakyRelu', 'prelu'],
    sweep: { op: 'leakyRelu', param: 'alpha', values: [0, 0.1, 0.2, 0.3] },
    lossLab: defaultLossLab(),
    training: defaultTrainingLab(),
  };
}

/** URL keys of the state; an op's params use their own names, which must not be one of these. */
export const reservedKeys = [
  'op',
  'backend',
  'x',
  'compare',
  'sweep',
  'values',
  ...lossLabKeys,
  ...trainingKeys,
] as const;

/** The numeric params of an op a sweep can vary: the real-valued ones (not seeds), as viz's `curveParams`. */
export function sweepableParams(op: OpId): string[] {
  return Object.entries(paramDefs(op))
    .filter(([, def]) => def.type === 'number' && !def.integer)
    .map(([name]) => name);
}

/** The values a sweep of (op, param) has when the URL gives none: the default sweep's own, else none (spread). */
function defaultSweepValues(op: string, param: string): readonly number[] {
  const d = defaultState().sweep;
  return op === d.op && param === d.param ? d.values : [];
}

/** The numbers of a list typed or put in the URL (`0.1, 0.2`); what is not a plain decimal is dropped. */
export function sweepValuesOf(text: string): number[] {
  const out: number[] = [];
  for (const token of text.split(/[\s,;]+/)) {
    const v = parseParamValue(plainNumber, token);
    if (typeof v === 'number') out.push(v);
  }
  return out;
}

/**
 * The one check of a sweep, whether it comes from the URL or the page: a sweepable param of an
 * activation (else the default sweep), and the values it takes, without repeats, at most {@link maxCompared}.
 */
export function normalizeSweep(sweep: {
  readonly op: string;
  readonly param: string;
  readonly values: readonly number[];
}): Sweep {
  const { op, param } = sweep;
  if (!isOpId(op) || getSpec(op).kind !== 'activation' || !sweepableParams(op).includes(param)) {
    return defaultState().sweep;
  }
  const values: number[] = [];
  for (const v of sweep.values) {
    // -0 would not survive the URL, and includes() already takes it for 0
    if (Number.isFinite(v) && isValidParam(op, param, v) && !values.includes(v)) values.push(v === 0 ? 0 : v);
  }
  return { op, param, values: values.slice(0, maxCompared) };
}

function parseSweep(text: string | null, valuesText: string | null): Sweep {
  const d = defaultState().sweep;
  const [op = '', param = ''] = text === null ? [d.op, d.param] : text.split('.');
  const values = valuesText === null ? defaultSweepValues(op, param) : sweepValuesOf(valuesText);
  return normalizeSweep({ op, param, values });
}

function parseCompare(text: string | null): OpId[] {
  if (text === null) return [...defaultState().compare];
  const activations = activationIds();
  const ops: OpId[] = [];
  for (const token of text.split(',')) {
    const id = token.trim();
    if (isOpId(id) && activations.includes(id) && !ops.includes(id)) ops.push(id);
  }
  return ops.slice(0, maxCompared);
}

/**
 * The state a URL hash describes (`#/explorer?op=leakyRelu&alpha=0.1&backend=cpu`). Never throws:
 * anything unknown, malformed or out of range falls back to its default.
 */
export function parseState(hash: string): AppState {
  const d = defaultState();
  const text = hash.replace(/^#\/?/, '');
  const q = text.indexOf('?');
  const pageText = decodeURIComponent(safe(q < 0 ? text : text.slice(0, q)));
  let query: URLSearchParams;
  try {
    query = new URLSearchParams(q < 0 ? '' : text.slice(q + 1));
  } catch {
    query = new URLSearchParams();
  }
  const page = (pages as readonly string[]).includes(pageText) ? (pageText as Page) : d.page;
  const opText = query.get('op');
  const op = opText !== null && isOpId(opText) ? opText : d.op;
  const given: Record<string, ParamValue> = {};
  for (const [name, def] of Object.entries(paramDefs(op))) {
    const raw = query.get(name);
    if (raw === null) continue;
    const v = parseParamValue(def, raw);
    if (v !== undefined) given[name] = v;
  }
  const backendText = query.get('backend');
  const backend = (backendNames as readonly string[]).includes(backendText ?? '')
    ? (backendText as BackendName)
    : d.backend;
  const xText = query.get('x');
  const xValue = xText === null ? undefined : parseParamValue(plainNumber, xText);
  const x = typeof xValue === 'number' && Number.isFinite(xValue) ? xValue : null;
  return {
    page,
    op,
    params: normalizeParams(op, given),
    backend,
    x,
    compare: parseCompare(query.get('compare')),
    sweep: parseSweep(query.get('sweep'), query.get('values')),
    lossLab: parseLossLab(query),
    training: parseTrainingLab(query),
  };
}

function safe(s: string): string {
  try {
    decodeURIComponent(s);
    return s;
  } catch {
    return '';
  }
}

const sameList = <T>(a: readonly T[], b: readonly T[]) =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** Whether two sweeps are the same op, param and values. */
export const sameSweep = (a: Sweep, b: Sweep) =>
  a.op === b.op && a.param === b.param && sameList(a.values, b.values);

/** The URL hash of a state; values at their defaults are left out, except the op. */
export function serializeState(state: AppState): string {
  const d = defaultState();
  const query = new URLSearchParams();
  query.set('op', state.op);
  const defaults = defaultParams(state.op);
  for (const [name, value] of Object.entries(state.params)) {
    if (!Object.is(value, defaults[name])) query.set(name, String(value));
  }
  if (state.backend !== d.backend) query.set('backend', state.backend);
  if (state.x !== null) query.set('x', String(state.x));
  if (!sameList(state.compare, d.compare)) query.set('compare', state.compare.join(','));
  if (state.sweep.op !== d.sweep.op || state.sweep.param !== d.sweep.param) {
    query.set('sweep', `${state.sweep.op}.${state.sweep.param}`);
  }
  if (!sameList(state.sweep.values, defaultSweepValues(state.sweep.op, state.sweep.param))) {
    query.set('values', state.sweep.values.join(','));
  }
  writeLossLab(query, state.lossLab);
  writeTrainingLab(query, state.training);
  // commas and dots read better unescaped, and URLSearchParams parses them either way
  return `#/${state.page}?${query.toString().replaceAll('%2C', ',')}`;
}

/** A state with some fields changed; a new op gets its default params unless params are given. */
export function withChanges(state: AppState, changes: Partial<AppState>): AppState {
  const op = changes.op ?? state.op;
  const sameOp = op === state.op;
  const params = changes.params ?? (sameOp ? state.params : defaultParams(op));
  // a probe point of another op's domain means nothing here (and may be outside this one's)
  const x = changes.x !== undefined ? changes.x : sameOp ? state.x : null;
  const sweep = changes.sweep ? normalizeSweep(changes.sweep) : state.sweep;
  const lossLab = changes.lossLab ? normalizeLossLab(changes.lossLab) : state.lossLab;
  return { ...state, ...changes, op, x, params: normalizeParams(op, params), sweep, lossLab };
}

/**
 * Whether two states describe the same view: the same URL, and the same problem with the training
 * lab's link (a bad link falls back to the default setup, whose URL is the same, but must be told).
 */
export function sameState(a: AppState, b: AppState): boolean {
  return serializeState(a) === serializeState(b) && sameTrainingLab(a.training, b.training);
}
