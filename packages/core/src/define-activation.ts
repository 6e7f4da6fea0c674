import type { ParamSchema, ParamValues } from './params.js';
import type { OpDocs, OpGroup, OpSpec, ScalarFunctions, VizHints } from './spec.js';

/** An elementwise activation spec: its scalar function and derivative are exposed as `elementwise`. */
export type ElementwiseSpec<Id extends string, S extends ParamSchema> = OpSpec<Id, 'x', 'x', S> & {
  readonly elementwise: ScalarFunctions<ParamValues<S>>;
};

export interface ActivationDefinition<Id extends string, S extends ParamSchema>
  extends ScalarFunctions<ParamValues<S>> {
  readonly id: Id;
  readonly group: OpGroup;
  readonly params: S;
  checkParams?(params: ParamValues<S>): string | undefined;
  readonly docs: OpDocs;
  readonly viz: VizHints<ParamValues<S>>;
}

export const activationInput = {
  name: 'x',
  doc: 'The input, any shape (rank 0 and empty tensors included).',
  role: 'float',
  sample: { kind: 'uniform', lo: -6, hi: 6 },
} as const;

/**
 * Builds the spec of an elementwise activation from `f` and `f'`. The gradient is the select
 * `f'(x) == 0 ? 0 : g·f'(x)` (so a masked-out element stays 0 even for an infinite upstream), and NaN
 * for a NaN input.
 */
export function defineActivation<const Id extends string, const S extends ParamSchema>(
  def: ActivationDefinition<Id, S>,
): ElementwiseSpec<Id, S> {
  const { f, df } = def;
  const spec: ElementwiseSpec<Id, S> = {
    id: def.id,
    kind: 'activation',
    group: def.group,
    inputs: [activationInput],
    gradWrt: ['x'],
    params: def.params,
    ...(def.checkParams ? { checkParams: def.checkParams } : {}),
    checkInputs() {},
    outputShape: (inputs) => inputs.x.shape,
    forward(inputs, params, out) {
      const x = inputs.x.data;
      for (let i = 0; i < x.length; i++) out[i] = f(x[i]!, params);
    },
    backward(inputs, params, upstream, out) {
      const x = inputs.x.data;
      const g = upstream.data;
      const dx = out.x;
      for (let i = 0; i < x.length; i++) {
        const xi = x[i]!;
        const d = df(xi, params);
        dx[i] = Number.isNaN(xi) ? Number.NaN : d === 0 ? 0 : g[i]! * d;
      }
    },
    elementwise: { f, df },
    docs: def.docs,
    viz: def.viz,
  };
  return Object.freeze(spec);
}
