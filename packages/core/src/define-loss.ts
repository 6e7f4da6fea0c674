import { InvalidInputError, ShapeError } from './errors.js';
import { axisParam, type ParamSchema, type ParamValues, reductionParam } from './params.js';
import { type Reduction, reduceInto, upstreamOf } from './reduction.js';
import { axisLayout, dropAxis, forEachLane, normalizeAxis, sameShape, showShape } from './shape.js';
import type { InputDecl, OpDocs, OpGroup, OpInputs, OpSpec, SampleHint, VizHints } from './spec.js';
import type { Tensor } from './tensor.js';

type WithReduction<S extends ParamSchema> = S & { readonly reduction: typeof reductionParam };
type WithAxis<S extends ParamSchema> = WithReduction<S> & { readonly axis: typeof axisParam };

/** A loss spec: inputs `yTrue` and `yPred`, gradient with respect to `yPred`. */
export type LossSpec<Id extends string, S extends ParamSchema> = OpSpec<Id, 'yTrue' | 'yPred', 'yPred', S>;

interface LossCommon<Id extends string, S extends ParamSchema> {
  readonly id: Id;
  readonly group: OpGroup;
  readonly params: S;
  readonly samples: { readonly yTrue: SampleHint; readonly yPred: SampleHint };
  checkParams?(params: ParamValues<S>): string | undefined;
  readonly docs: OpDocs;
  readonly viz: VizHints<ParamValues<S>>;
}

function lossInputs(samples: LossCommon<string, ParamSchema>['samples'], sparse = false) {
  const yTrue: InputDecl<'yTrue'> = sparse
    ? {
        name: 'yTrue',
        doc: 'Integer class indices in [0, C), the shape of yPred without the class axis.',
        role: 'label',
        sample: samples.yTrue,
      }
    : { name: 'yTrue', doc: 'The targets, the shape of yPred.', role: 'float', sample: samples.yTrue };
  const yPred: InputDecl<'yPred'> = {
    name: 'yPred',
    doc: 'The predictions.',
    role: 'float',
    sample: samples.yPred,
  };
  return [yTrue, yPred] as const;
}

function checkSameShape(op: string, inputs: OpInputs<'yTrue' | 'yPred'>): void {
  if (!sameShape(inputs.yTrue.shape, inputs.yPred.shape)) {
    throw new ShapeError(
      `yTrue has shape ${showShape(inputs.yTrue.shape)} but yPred has shape ${showShape(inputs.yPred.shape)}; they must match`,
      { op },
    );
  }
}

export interface PointwiseLossDefinition<Id extends string, S extends ParamSchema> extends LossCommon<Id, S> {
  /** Turns the whole yTrue tensor into the targets the formula uses (label smoothing, label mapping). */
  targets?(yTrue: Tensor, params: ParamValues<WithReduction<S>>): ArrayLike<number>;
  /** The loss of one element. */
  loss(t: number, y: number, params: ParamValues<WithReduction<S>>): number;
  /** ∂loss/∂y of one element. */
  dloss(t: number, y: number, params: ParamValues<WithReduction<S>>): number;
  /**
   * g·∂loss/∂y of one element, for losses whose derivative alone can overflow where the scaled one
   * does not (2·(y − t) at |y − t| > 9e307): multiply by g first. Used instead of `g·dloss` when given.
   */
  scaledGrad?(t: number, y: number, params: ParamValues<WithReduction<S>>, g: number): number;
}

/** Builds an elementwise loss, reduced by 'mean' | 'sum' | 'none'. */
export function definePointwiseLoss<const Id extends string, const S extends ParamSchema>(
  def: PointwiseLossDefinition<Id, S>,
): LossSpec<Id, WithReduction<S>> {
  const params = { ...def.params, reduction: reductionParam } as WithReduction<S>;
  const targets = (yTrue: Tensor, p: ParamValues<WithReduction<S>>) =>
    def.targets ? def.targets(yTrue, p) : yTrue.data;
  const spec: LossSpec<Id, WithReduction<S>> = {
    id: def.id,
    kind: 'loss',
    group: def.group,
    inputs: lossInputs(def.samples),
    gradWrt: ['yPred'],
    params,
    ...(def.checkParams ? { checkParams: def.checkParams } : {}),
    checkInputs: (inputs) => checkSameShape(def.id, inputs),
    outputShape: (inputs, p) => (p.reduction === 'none' ? inputs.yPred.shape : []),
    forward(inputs, p, out) {
      const t = targets(inputs.yTrue, p);
      const y = inputs.yPred.data;
      reduceInto(y.length, (i) => def.loss(t[i]!, y[i]!, p), p.reduction as Reduction, out);
    },
    backward(inputs, p, upstream, out) {
      const t = targets(inputs.yTrue, p);
      const y = inputs.yPred.data;
      const g = upstreamOf(upstream, p.reduction as Reduction, y.length);
      const { scaledGrad } = def;
      for (let i = 0; i < y.length; i++) {
        out.yPred[i] = scaledGrad ? scaledGrad(t[i]!, y[i]!, p, g(i)) : g(i) * def.dloss(t[i]!, y[i]!, p);
      }
    },
    docs: def.docs,
    viz: def.viz,
  };
  return Object.freeze(spec);
}

export interface PerSampleLossDefinition<Id extends string, S extends ParamSchema> extends LossCommon<Id, S> {
  /** 'sparse': yTrue holds class indices and each lane's targets are the one-hot of its label. */
  readonly labels: 'dense' | 'sparse';
  /**
   * The loss of one sample, from its lane of targets and predictions along the axis. The lanes are
   * scratch copies made for this call: they may be overwritten (e.g. to smooth the targets in place).
   */
  sample(t: Float64Array, y: Float64Array, params: ParamValues<WithAxis<S>>): number;
  /** Writes ∂loss/∂y of one sample into `dy` (same length as the lane). */
  sampleGrad(t: Float64Array, y: Float64Array, params: ParamValues<WithAxis<S>>, dy: Float64Array): void;
}

/** Builds a loss that reduces along `axis` to one value per sample, then by 'mean' | 'sum' | 'none'. */
export function definePerSampleLoss<const Id extends string, const S extends ParamSchema>(
  def: PerSampleLossDefinition<Id, S>,
): LossSpec<Id, WithAxis<S>> {
  const params = { ...def.params, axis: axisParam, reduction: reductionParam } as WithAxis<S>;
  const sparse = def.labels === 'sparse';
  const layoutOf = (inputs: OpInputs<'yTrue' | 'yPred'>, p: ParamValues<WithAxis<S>>) => {
    const axis = normalizeAxis(def.id, p.axis as number, inputs.yPred.shape.length);
    return { axis, layout: axisLayout(inputs.yPred.shape, axis) };
  };

  /** Visits every sample with its target and prediction lanes copied into float64 scratch. */
  const eachSample = (
    inputs: OpInputs<'yTrue' | 'yPred'>,
    p: ParamValues<WithAxis<S>>,
    visit: (t: Float64Array, y: Float64Array, start: number, stride: number, sample: number) => void,
  ) => {
    const { layout } = layoutOf(inputs, p);
    const n = layout.length;
    const t = new Float64Array(n);
    const y = new Float64Array(n);
    const yt = inputs.yTrue.data;
    const yp = inputs.yPred.data;
    forEachLane(layout, (start, stride, sample) => {
      for (let k = 0; k < n; k++) y[k] = yp[start + k * stride]!;
      if (sparse) {
        t.fill(0);
        t[yt[sample]!] = 1;
      } else {
        for (let k = 0; k < n; k++) t[k] = yt[start + k * stride]!;
      }
      visit(t, y, start, stride, sample);
    });
  };

  const spec: LossSpec<Id, WithAxis<S>> = {
    id: def.id,
    kind: 'loss',
    group: def.group,
    inputs: lossInputs(def.samples, sparse),
    gradWrt: ['yPred'],
    params,
    ...(def.checkParams ? { checkParams: def.checkParams } : {}),
    checkInputs(inputs, p) {
      const { axis, layout } = layoutOf(inputs, p);
      if (!sparse) return checkSameShape(def.id, inputs);
      const want = dropAxis(inputs.yPred.shape, axis);
      if (!sameShape(inputs.yTrue.shape, want)) {
        throw new ShapeError(
          `yTrue (class indices) has shape ${showShape(inputs.yTrue.shape)} but yPred ${showShape(inputs.yPred.shape)} with axis ${p.axis} needs ${showShape(want)}`,
          { op: def.id },
        );
      }
      const labels = inputs.yTrue.data;
      for (let i = 0; i < labels.length; i++) {
        const c = labels[i]!;
        if (!Number.isInteger(c) || c < 0 || c >= layout.length) {
          throw new InvalidInputError(
            `yTrue[${i}] = ${c} is not a class index in [0, ${layout.length}) (flat index ${i})`,
            { op: def.id },
          );
        }
      }
    },
    outputShape(inputs, p) {
      if (p.reduction !== 'none') return [];
      return dropAxis(inputs.yPred.shape, layoutOf(inputs, p).axis);
    },
    forward(inputs, p, out) {
      const { layout } = layoutOf(inputs, p);
      const losses = new Float64Array(layout.outer * layout.inner);
      eachSample(inputs, p, (t, y, _start, _stride, sample) => {
        losses[sample] = def.sample(t, y, p);
      });
      reduceInto(losses.length, (i) => losses[i]!, p.reduction as Reduction, out);
    },
    backward(inputs, p, upstream, out) {
      const { layout } = layoutOf(inputs, p);
      const g = upstreamOf(upstream, p.reduction as Reduction, layout.outer * layout.inner);
      const dy = new Float64Array(layout.length);
      eachSample(inputs, p, (t, y, start, stride, sample) => {
        def.sampleGrad(t, y, p, dy);
        const gs = g(sample);
        for (let k = 0; k < dy.length; k++) out.yPred[start + k * stride] = gs * dy[k]!;
      });
    },
    docs: def.docs,
    viz: def.viz,
  };
  return Object.freeze(spec);
}
