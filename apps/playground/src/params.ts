import { type AnyOpSpec, getSpec, type OpId, type ParamDef, resolveParams } from '@rectify/core';

/** A value the playground can set for a param: the same kinds as the core param schema. */
export type ParamValue = number | boolean | string;
/** An op's param values by name, all present. */
export type ParamMap = Readonly<Record<string, ParamValue>>;

/**
 * prelu's slope is an input tensor, not a param, but it is what people want to drag: the playground
 * treats it as a scalar param and viz (sampleOp, curveParams) feeds it as the `alpha` input.
 */
const inputParams: Partial<Record<OpId, Readonly<Record<string, ParamDef>>>> = {
  prelu: {
    alpha: {
      type: 'number',
      default: 0.25,
      doc: 'Slope for x ≤ 0 (an input tensor in core, a scalar here); PyTorch initializes it to 0.25.',
    },
  },
};

/**
 * Params a curve fixes, with why: viz draws softmax-like ops along the last axis and a loss per point.
 * The playground neither shows a control for them nor keeps them in the URL.
 */
export const fixedParams: Readonly<Record<string, { readonly value: string; readonly why: string }>> = {
  axis: { value: '−1', why: 'Curves put x on the last axis, so they are drawn with axis −1.' },
  reduction: {
    value: "'none'",
    why: 'Curves show the loss of each point, so they are drawn with no reduction.',
  },
};

/** The params the playground lets you set for an op: its schema (fixed ones left out) plus scalar inputs such as prelu's alpha. */
export function paramDefs(op: OpId): Readonly<Record<string, ParamDef>> {
  const out: Record<string, ParamDef> = {};
  for (const [name, def] of Object.entries(getSpec(op).params)) if (!fixedParams[name]) out[name] = def;
  return { ...out, ...inputParams[op] };
}

/** The fixed params an op has (see {@link fixedParams}). */
export function fixedParamsOf(op: OpId): string[] {
  return Object.keys(getSpec(op).params).filter((name) => fixedParams[name] !== undefined);
}

/** Whether a name is one of prelu-style scalar inputs rather than a core param. */
export function isInputParam(op: OpId, name: string): boolean {
  return inputParams[op]?.[name] !== undefined;
}

/** Every param of the op at its default. */
export function defaultParams(op: OpId): ParamMap {
  const out: Record<string, ParamValue> = {};
  for (const [name, def] of Object.entries(paramDefs(op))) out[name] = def.default;
  return out;
}

/** Whether `value` is acceptable for one param of `op` (core's own checks; finite for scalar inputs). */
export function isValidParam(op: OpId, name: string, value: ParamValue): boolean {
  const def = paramDefs(op)[name];
  if (!def) return false;
  if (isInputParam(op, name)) return typeof value === 'number' && Number.isFinite(value);
  try {
    resolveParams(op, { [name]: def }, { [name]: value });
    return true;
  } catch {
    return false;
  }
}

/** Every param of `op`: the given valid values, defaults for the rest (all defaults if a cross-param rule breaks). */
export function normalizeParams(op: OpId, given: Readonly<Record<string, unknown>>): ParamMap {
  const out: Record<string, ParamValue> = { ...defaultParams(op) };
  for (const [name, value] of Object.entries(given)) {
    if (
      (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') &&
      isValidParam(op, name, value)
    ) {
      // -0 would not survive the URL (String(-0) is "0")
      out[name] = Object.is(value, -0) ? 0 : value;
    }
  }
  return crossParamProblem(op, out) === undefined ? out : defaultParams(op);
}

/** The core params of a full param map (prelu's alpha left out), checked by the op's cross-param rules. */
export function coreParams(op: OpId, params: ParamMap): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [name, value] of Object.entries(params)) if (!isInputParam(op, name)) out[name] = value;
  return out;
}

/** The message of a broken cross-param rule (e.g. rrelu's lower ≤ upper), or undefined. */
export function crossParamProblem(op: OpId, params: ParamMap): string | undefined {
  const spec: AnyOpSpec = getSpec(op);
  try {
    const resolved = resolveParams(op, spec.params, coreParams(op, params));
    return spec.checkParams?.(resolved);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Any number, for values that are not an op's param (the probe's x, sweep values, targets). */
export const plainNumber: ParamDef = { type: 'number', default: 0, doc: '' };

/** Parses a URL or form string as a value of the param's kind; undefined when it is not one. */
export function parseParamValue(def: ParamDef, text: string): ParamValue | undefined {
  if (def.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : undefined;
  if (def.type === 'enum') return def.values.includes(text) ? text : undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (trimmed === 'Infinity' || trimmed === '-Infinity') return Number(trimmed);
  // Number('') and Number('0x10') are numbers too; only plain decimal notation is a param value here
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed)) return undefined;
  return Number(trimmed);
}

/**
 * The params that differ from their defaults: what viz is given, so that plot titles name only
 * what was changed (`leakyRelu (alpha = 0.1)`, not every default).
 */
export function changedParams(op: OpId, params: ParamMap): Record<string, ParamValue> {
  const defaults = defaultParams(op);
  const out: Record<string, ParamValue> = {};
  for (const [name, value] of Object.entries(params))
    if (!Object.is(value, defaults[name])) out[name] = value;
  return out;
}

/** Whether two param maps hold the same values (Object.is: -0, NaN and ±Infinity told apart as the URL does). */
export function sameParams(
  a: Readonly<Record<string, ParamValue>>,
  b: Readonly<Record<string, ParamValue>>,
): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && Object.is(a[k], b[k]))
  );
}
