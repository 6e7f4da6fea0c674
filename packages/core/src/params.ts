import { InvalidParamError } from './errors.js';

/** A numeric param. `min`/`max` are inclusive unless `exclusiveMin`/`exclusiveMax`. */
export interface NumberParam {
  readonly type: 'number';
  readonly default: number;
  readonly doc: string;
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly exclusiveMin?: boolean;
  readonly exclusiveMax?: boolean;
  /** ±Infinity is refused unless this is set (NaN always is). */
  readonly allowInfinite?: boolean;
}
/** A true/false param. */
export interface BooleanParam {
  readonly type: 'boolean';
  readonly default: boolean;
  readonly doc: string;
}
/** A param that takes one of a few strings. */
export interface EnumParam<V extends string = string> {
  readonly type: 'enum';
  readonly values: readonly V[];
  readonly default: V;
  readonly doc: string;
}
export type ParamDef = NumberParam | BooleanParam | EnumParam;
/** The params of an op, by name. */
export type ParamSchema = Readonly<Record<string, ParamDef>>;

/** The resolved (all present) param values a schema describes. */
export type ParamValues<S extends ParamSchema> = {
  readonly [K in keyof S]: S[K] extends NumberParam
    ? number
    : S[K] extends BooleanParam
      ? boolean
      : S[K] extends EnumParam<infer V>
        ? V
        : never;
};
/** What a caller passes: any subset of the params. */
export type ParamOptions<S extends ParamSchema> = { readonly [K in keyof S]?: ParamValues<S>[K] };

export function numberParam(
  defaultValue: number,
  doc: string,
  limits: Omit<NumberParam, 'type' | 'default' | 'doc'> = {},
): NumberParam {
  return { type: 'number', default: defaultValue, doc, ...limits };
}
export function booleanParam(defaultValue: boolean, doc: string): BooleanParam {
  return { type: 'boolean', default: defaultValue, doc };
}
export function enumParam<const V extends string>(
  values: readonly V[],
  defaultValue: V,
  doc: string,
): EnumParam<V> {
  return { type: 'enum', values, default: defaultValue, doc };
}

/** The `axis` param of softmax-like ops and per-sample losses. Its range is checked against the input's rank. */
export const axisParam = numberParam(-1, 'Axis to work along; negative counts from the last axis.', {
  integer: true,
});
/** The `reduction` param every loss has. */
export const reductionParam = enumParam(
  ['mean', 'sum', 'none'],
  'mean',
  "How the per-element (or per-sample) losses are combined: 'mean', 'sum' or 'none' (no reduction).",
);

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return typeof value;
}

function checkNumber(op: string, name: string, def: NumberParam, value: unknown): number {
  if (typeof value !== 'number') {
    throw new InvalidParamError(`param "${name}" must be a number, got ${describe(value)}`, { op });
  }
  if (Number.isNaN(value)) throw new InvalidParamError(`param "${name}" must not be NaN`, { op });
  if (!Number.isFinite(value) && !def.allowInfinite) {
    throw new InvalidParamError(`param "${name}" must be finite, got ${value}`, { op });
  }
  if (def.integer && !Number.isInteger(value)) {
    throw new InvalidParamError(`param "${name}" must be an integer, got ${value}`, { op });
  }
  const belowMin = def.min !== undefined && (def.exclusiveMin ? value <= def.min : value < def.min);
  const aboveMax = def.max !== undefined && (def.exclusiveMax ? value >= def.max : value > def.max);
  if (belowMin || aboveMax) {
    const lo = def.min === undefined ? '(-∞' : `${def.exclusiveMin ? '(' : '['}${def.min}`;
    const hi = def.max === undefined ? '∞)' : `${def.max}${def.exclusiveMax ? ')' : ']'}`;
    throw new InvalidParamError(`param "${name}" must be in ${lo}, ${hi}, got ${value}`, { op });
  }
  return value;
}

/**
 * Checks a caller's params against a schema and fills in the defaults.
 * Throws {@link InvalidParamError} for an unknown name, a wrong type, NaN or a value out of range.
 */
export function resolveParams<S extends ParamSchema>(op: string, schema: S, given: unknown): ParamValues<S> {
  if (given !== undefined && (given === null || typeof given !== 'object' || Array.isArray(given))) {
    throw new InvalidParamError(`params must be an object, got ${describe(given)}`, { op });
  }
  const source = (given ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    if (!Object.hasOwn(schema, key)) {
      const known = Object.keys(schema);
      throw new InvalidParamError(
        `unknown param "${key}"; ${known.length ? `known params: ${known.join(', ')}` : 'this op takes no params'}`,
        { op },
      );
    }
  }
  const out: Record<string, number | boolean | string> = {};
  for (const [name, def] of Object.entries(schema)) {
    const value = source[name];
    if (value === undefined) {
      out[name] = def.default;
    } else if (def.type === 'number') {
      out[name] = checkNumber(op, name, def, value);
    } else if (def.type === 'boolean') {
      if (typeof value !== 'boolean') {
        throw new InvalidParamError(`param "${name}" must be true or false, got ${describe(value)}`, { op });
      }
      out[name] = value;
    } else {
      if (typeof value !== 'string' || !def.values.includes(value)) {
        throw new InvalidParamError(
          `param "${name}" must be one of ${def.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(value)}`,
          { op },
        );
      }
      out[name] = value;
    }
  }
  return Object.freeze(out) as ParamValues<S>;
}
