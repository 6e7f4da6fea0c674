import { activationInput } from './define-activation.js';
import { axisParam } from './params.js';
import { axisLayout, forEachLane, normalizeAxis } from './shape.js';
import type { OpDocs, OpSpec, VizHints } from './spec.js';
import type { Tensor } from './tensor.js';

const params = { axis: axisParam };
type AxisParams = typeof params;

/** The math of an activation that works along one axis, on one lane at a time (float64 scratch lanes). */
export interface LaneFunctions {
  /** Writes y for one lane of x. */
  forward(x: Float64Array, y: Float64Array): void;
  /** Writes dx for one lane, given that lane's forward output y and upstream gradient g. */
  backward(y: Float64Array, g: Float64Array, dx: Float64Array): void;
}

export interface AxisActivationDefinition<Id extends string> extends LaneFunctions {
  readonly id: Id;
  readonly docs: OpDocs;
  readonly viz: VizHints<{ readonly axis: number }>;
}

/**
 * Builds a softmax-like activation: param `axis` (default −1, range-checked against the input's rank,
 * which must be ≥ 1), output shaped like the input, lanes gathered into float64 scratch so that the
 * lane math never sees strides and rounds only once into the output.
 */
export function defineAxisActivation<const Id extends string>(
  def: AxisActivationDefinition<Id>,
): OpSpec<Id, 'x', 'x', AxisParams> {
  const layoutOf = (x: Tensor, axis: number) =>
    axisLayout(x.shape, normalizeAxis(def.id, axis, x.shape.length));

  const spec: OpSpec<Id, 'x', 'x', AxisParams> = {
    id: def.id,
    kind: 'activation',
    group: 'normalizing',
    inputs: [activationInput],
    gradWrt: ['x'],
    params,
    checkInputs(inputs, p) {
      normalizeAxis(def.id, p.axis, inputs.x.shape.length);
    },
    outputShape: (inputs) => inputs.x.shape,
    forward(inputs, p, out) {
      const x = inputs.x.data;
      const layout = layoutOf(inputs.x, p.axis);
      const xs = new Float64Array(layout.length);
      const ys = new Float64Array(layout.length);
      forEachLane(layout, (start, stride) => {
        for (let k = 0; k < xs.length; k++) xs[k] = x[start + k * stride]!;
        def.forward(xs, ys);
        for (let k = 0; k < ys.length; k++) out[start + k * stride] = ys[k]!;
      });
    },
    backward(inputs, p, upstream, grads) {
      const x = inputs.x.data;
      const g = upstream.data;
      const layout = layoutOf(inputs.x, p.axis);
      const xs = new Float64Array(layout.length);
      const ys = new Float64Array(layout.length);
      const gs = new Float64Array(layout.length);
      const dxs = new Float64Array(layout.length);
      forEachLane(layout, (start, stride) => {
        for (let k = 0; k < xs.length; k++) {
          xs[k] = x[start + k * stride]!;
          gs[k] = g[start + k * stride]!;
        }
        def.forward(xs, ys);
        def.backward(ys, gs, dxs);
        for (let k = 0; k < dxs.length; k++) grads.x[start + k * stride] = dxs[k]!;
      });
    },
    docs: def.docs,
    viz: def.viz,
  };
  return Object.freeze(spec);
}
