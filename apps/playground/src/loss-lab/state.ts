import { getSpec, isOpId, type OpId } from '@rectify/core';
import {
  defaultParams,
  normalizeParams,
  type ParamMap,
  type ParamValue,
  paramDefs,
  parseParamValue,
  plainNumber,
  sameParams,
} from '../params.js';
import { defaultClasses, defaultTarget, isValidClasses, isValidTarget } from './target.js';

/** What the loss lab shows, kept in the URL as `loss`, `loss.<param>`, `target` and `classes`. */
export interface LossLab {
  /** A loss of the catalog. */
  readonly op: OpId;
  /** Every param of `op` the playground sets (fixed ones left out), defaults filled in. */
  readonly params: ParamMap;
  /** yTrue: a value, a label or a class index, as `targetKind(op)` says. */
  readonly target: number;
  /** How many classes class targets have; kept while other losses are shown. */
  readonly classes: number;
}

/** The URL keys of the lab; its params are `loss.<name>`, which no other key can be (no dots). */
export const lossLabKeys = ['loss', 'target', 'classes'] as const;
const paramKey = (name: string) => `loss.${name}`;

const defaultOp: OpId = 'binaryCrossentropy';

export function defaultLossLab(): LossLab {
  return {
    op: defaultOp,
    params: defaultParams(defaultOp),
    target: defaultTarget(defaultOp),
    classes: defaultClasses,
  };
}

const isLoss = (op: string): op is OpId => isOpId(op) && getSpec(op).kind === 'loss';

/** What a lab may be made from: anything, each field checked, falling back to its default. */
export interface LossLabInput {
  readonly op?: string | undefined;
  readonly params?: Readonly<Record<string, unknown>> | undefined;
  readonly target?: number | undefined;
  readonly classes?: number | undefined;
}

/** A valid lab: a loss (else the default one), its valid params, a target and classes that fit. */
export function normalizeLossLab(given: LossLabInput): LossLab {
  const op = given.op !== undefined && isLoss(given.op) ? given.op : defaultOp;
  const classes =
    given.classes !== undefined && isValidClasses(given.classes) ? given.classes : defaultClasses;
  const target =
    given.target !== undefined && isValidTarget(op, given.target, classes) ? given.target : defaultTarget(op);
  // -0 would not survive the URL
  return { op, params: normalizeParams(op, given.params ?? {}), target: target === 0 ? 0 : target, classes };
}

/** A lab with some fields changed; another loss gets its default params and target unless they are given. */
export function withLossLab(lab: LossLab, changes: LossLabInput): LossLab {
  const op = changes.op ?? lab.op;
  const sameOp = op === lab.op;
  return normalizeLossLab({
    op,
    params: changes.params ?? (sameOp ? lab.params : undefined),
    target: changes.target ?? (sameOp ? lab.target : undefined),
    classes: changes.classes ?? lab.classes,
  });
}

export function sameLossLab(a: LossLab, b: LossLab): boolean {
  return a.op === b.op && sameParams(a.params, b.params) && a.target === b.target && a.classes === b.classes;
}

/** The lab a URL's query describes; never throws. */
export function parseLossLab(query: URLSearchParams): LossLab {
  const opText = query.get('loss');
  const op = opText !== null && isLoss(opText) ? opText : defaultOp;
  const params: Record<string, ParamValue> = {};
  for (const [name, def] of Object.entries(paramDefs(op))) {
    const raw = query.get(paramKey(name));
    const v = raw === null ? undefined : parseParamValue(def, raw);
    if (v !== undefined) params[name] = v;
  }
  const number = (key: string) => {
    const raw = query.get(key);
    const v = raw === null ? undefined : parseParamValue(plainNumber, raw);
    return typeof v === 'number' ? v : undefined;
  };
  return normalizeLossLab({ op, params, target: number('target'), classes: number('classes') });
}

/** Writes what differs from the defaults into a URL query. */
export function writeLossLab(query: URLSearchParams, lab: LossLab): void {
  if (lab.op !== defaultOp) query.set('loss', lab.op);
  const defaults = defaultParams(lab.op);
  for (const [name, value] of Object.entries(lab.params)) {
    if (!Object.is(value, defaults[name])) query.set(paramKey(name), String(value));
  }
  if (lab.target !== defaultTarget(lab.op)) query.set('target', String(lab.target));
  if (lab.classes !== defaultClasses) query.set('classes', String(lab.classes));
}
