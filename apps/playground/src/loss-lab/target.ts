import { getSpec, type OpId, opIds, type SampleHint } from '@rectify/core';

/** Class targets come with this many classes, few enough to read a curve by. */
export const minClasses = 2;
export const maxClasses = 5;
export const defaultClasses = 3;

/**
 * What a loss's target can be, read from how core's test generator draws its yTrue: a real value in a
 * range (regression losses, BCE's soft labels), one of a few labels (hinge's −1 and 1), or a class of
 * a few (categorical losses, from their class-index or distribution targets).
 */
export type TargetKind =
  | { readonly kind: 'value'; readonly min: number; readonly max: number; readonly step: number }
  | { readonly kind: 'label'; readonly values: readonly number[] }
  | { readonly kind: 'class' };

/** The losses of the catalog, in catalog order. */
export function lossIds(): OpId[] {
  return opIds.filter((id) => getSpec(id).kind === 'loss');
}

function yTrueHint(op: OpId): SampleHint {
  const input = getSpec(op).inputs.find((i) => i.name === 'yTrue');
  if (!input) throw new Error(`${op} has no yTrue input: not a loss`);
  return input.sample;
}

/** A step of 1, 2 or 5 times a power of ten, about a hundredth of the range (0.01 on [0, 1]). */
function niceStep(span: number): number {
  const raw = span / 100;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

export function targetKind(op: OpId): TargetKind {
  const hint = yTrueHint(op);
  switch (hint.kind) {
    case 'classIndex':
    case 'distribution':
      return { kind: 'class' };
    case 'sign':
      return { kind: 'label', values: [-1, 1] };
    case 'binary':
      return { kind: 'label', values: [0, 1] };
    case 'uniform':
      return { kind: 'value', min: hint.lo, max: hint.hi, step: niceStep(hint.hi - hint.lo) };
  }
}

/** The target a loss starts with: the one its viz plots use, else the nearest the kind allows. */
export function defaultTarget(op: OpId): number {
  const kind = targetKind(op);
  const viz = getSpec(op).viz.target ?? 1;
  switch (kind.kind) {
    // class 0 is the one whose prediction varies: the familiar falling −log p
    case 'class':
      return 0;
    case 'label':
      return kind.values.includes(viz) ? viz : kind.values[kind.values.length - 1]!;
    case 'value':
      return Math.min(kind.max, Math.max(kind.min, viz));
  }
}

export function isValidTarget(op: OpId, target: number, classes: number): boolean {
  const kind = targetKind(op);
  switch (kind.kind) {
    case 'class':
      return Number.isInteger(target) && target >= 0 && target < classes;
    case 'label':
      return kind.values.includes(target);
    case 'value':
      return Number.isFinite(target) && target >= kind.min && target <= kind.max;
  }
}

export function isValidClasses(classes: number): boolean {
  return Number.isInteger(classes) && classes >= minClasses && classes <= maxClasses;
}
