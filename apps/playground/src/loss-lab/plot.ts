import { type AnyOpSpec, type Backend, getSpec, resolveParams } from '@rectify/core';
import { type Rule, renderChart } from '@rectify/viz';
import { formatNumber } from '../dom.js';
import { changedParams, coreParams } from '../params.js';
import { lossCurve } from './curve.js';
import type { LossLab } from './state.js';
import { targetKind } from './target.js';

/** `binaryCrossentropy (labelSmoothing = 0.1)`: the loss and the params that differ from the defaults. */
export function lossTitle(lab: LossLab): string {
  const changed = Object.entries(changedParams(lab.op, lab.params)).map(([k, v]) => `${k} = ${v}`);
  return changed.length ? `${lab.op} (${changed.join(', ')})` : lab.op;
}

/** The prediction the curve varies, as its axis names it. */
export function predictionLabel(lab: LossLab): { readonly symbol: string; readonly axis: string } {
  const logits = lab.params.fromLogits === true;
  if (targetKind(lab.op).kind === 'class') {
    return logits
      ? { symbol: 'z₀', axis: 'z₀ (logit of class 0)' }
      : { symbol: 'ŷ₀', axis: 'ŷ₀ (probability of class 0)' };
  }
  return logits ? { symbol: 'z', axis: 'z (logit)' } : { symbol: 'ŷ', axis: 'ŷ (yPred)' };
}

export function targetText(lab: LossLab): string {
  return targetKind(lab.op).kind === 'class'
    ? `target class ${lab.target} of ${lab.classes}`
    : `target ${formatNumber(lab.target)}`;
}

/**
 * The target as a guide (where the prediction equals it), and the loss's kinks where viz would draw
 * them: its kinks are given for its viz target and probabilities, so elsewhere they are left out.
 */
function rulesOf(lab: LossLab, domain: readonly [number, number]): Rule[] {
  const spec: AnyOpSpec = getSpec(lab.op);
  const kind = targetKind(lab.op).kind;
  if (lab.params.fromLogits === true || kind === 'class') return [];
  const rules: Rule[] = [];
  if (kind === 'value') rules.push({ axis: 'x', at: lab.target, kind: 'guide', label: 'target' });
  if (lab.target === spec.viz.target) {
    const resolved = resolveParams(lab.op, spec.params, coreParams(lab.op, lab.params));
    const [lo, hi] = domain;
    const edge = (hi - lo) * 0.005;
    for (const k of spec.viz.kinks(resolved)) {
      if (k > lo + edge && k < hi - edge && k !== lab.target) rules.push({ axis: 'x', at: k, kind: 'kink' });
    }
  }
  return rules;
}

/** The lab's chart: L and ∂L against the prediction, computed on `backend`. */
export async function plotLossLab(
  backend: Backend,
  lab: LossLab,
  frame: { readonly width: number; readonly height: number },
  points?: number,
): Promise<string> {
  const curve = await lossCurve(backend, lab, points);
  const { symbol, axis } = predictionLabel(lab);
  const domain: readonly [number, number] = [curve.x[0]!, curve.x[curve.x.length - 1]!];
  return renderChart({
    ...frame,
    title: lossTitle(lab),
    subtitle: [`${backend.name} ${curve.dtype}`, targetText(lab), 'solid: loss, dashed: gradient'].join(
      ' · ',
    ),
    series: [
      { label: `L(${symbol})`, x: curve.x, y: curve.loss },
      { label: `∂L/∂${symbol}`, x: curve.x, y: curve.grad, dash: true },
    ],
    rules: rulesOf(lab, domain),
    x: { domain, label: axis },
    y: { label: `L, ∂L/∂${symbol}` },
    legend: true,
  });
}
