import { type DType, dtypes, type FloatDType, isRectifyError, type Tensor, tensor } from '@rectify/core';

/** A number in a case file; non-finite values are written as strings. */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** A tensor in a case file (`rectify-cases/1`). */
export interface TensorJson {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: readonly JsonNumber[];
}

/** A tolerance: an element passes when |got − expected| ≤ atol + rtol·|expected|. */
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** One case of a conformance run, with its tensors decoded. */
export interface ConformanceCase {
  readonly id: string;
  readonly op: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly inputs: Readonly<Record<string, Tensor>>;
  /** The op's output (the activation's y, or the reduced loss). Absent in error cases. */
  readonly expected?: Tensor;
  /** The error `name` the backend must throw instead of computing. */
  readonly expectError?: string;
  readonly grad?: {
    readonly upstream: Tensor;
    readonly wrt: Readonly<Record<string, Tensor>>;
  };
  /**
   * The error core raised while making one of the inputs (an `expectError` case whose tensor is itself
   * invalid, e.g. data length ≠ product of shape): the case passes when it has the expected name.
   */
  readonly inputRefusal?: Error;
  /** Overrides the runner's per-op policy. */
  readonly tolerance?: Tolerance;
  /**
   * True when the expected values are approximations (finite differences): they decide pass/fail under
   * the case's tolerance but are left out of the worst-ULP figures, which measure a backend's rounding.
   */
  readonly approximate?: boolean;
  /** Where the case comes from: a file name, or `generated`. */
  readonly source: string;
}

/** A case file that does not follow `rectify-cases/1`; the message says where. */
export class CaseFormatError extends Error {
  override readonly name = 'CaseFormatError';
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function decodeNumber(v: unknown, where: string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw new CaseFormatError(
    `${where}: ${JSON.stringify(v)} is not a number, "NaN", "Infinity" or "-Infinity"`,
  );
}

/** Decodes a `{dtype, shape, data}` object into a tensor; throws {@link CaseFormatError} naming `where`. */
export function decodeTensor(json: unknown, where: string): Tensor {
  if (!isObject(json)) throw new CaseFormatError(`${where}: expected a {dtype, shape, data} object`);
  const { dtype, shape, data } = json;
  if (typeof dtype !== 'string' || !(dtypes as readonly string[]).includes(dtype)) {
    throw new CaseFormatError(`${where}.dtype: ${JSON.stringify(dtype)} is not one of ${dtypes.join(', ')}`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new CaseFormatError(`${where}.shape: expected an array of non-negative integers`);
  }
  if (!Array.isArray(data)) throw new CaseFormatError(`${where}.data: expected an array`);
  const size = shape.reduce((a: number, b: number) => a * b, 1);
  if (data.length !== size) {
    throw new CaseFormatError(
      `${where}: data has ${data.length} values but shape [${shape.join(', ')}] needs ${size}`,
    );
  }
  const values = data.map((v, i) => decodeNumber(v, `${where}.data[${i}]`));
  return tensor(values, shape as number[], dtype as DType);
}

/**
 * Like {@link decodeTensor}, but a tensor that core itself refuses (unknown dtype, bad shape, data
 * length ≠ product of shape, a non-integer int32) comes back as core's error, so an `expectError`
 * case can check that the library raises it.
 */
function decodeTensorOrRefusal(json: unknown, where: string): Tensor | Error {
  if (!isObject(json)) throw new CaseFormatError(`${where}: expected a {dtype, shape, data} object`);
  const { dtype, shape, data } = json;
  if (!Array.isArray(data)) throw new CaseFormatError(`${where}.data: expected an array`);
  const values = data.map((v, i) => decodeNumber(v, `${where}.data[${i}]`));
  try {
    return tensor(values, shape as number[], dtype as DType);
  } catch (err) {
    if (isRectifyError(err)) return err;
    throw err;
  }
}

/** Encodes a tensor's numbers for JSON (non-finite values as strings). */
export function encodeNumber(v: number): JsonNumber {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return 'Infinity';
  if (v === Number.NEGATIVE_INFINITY) return '-Infinity';
  return v;
}

export function encodeTensor(t: Tensor): TensorJson {
  return { dtype: t.dtype, shape: [...t.shape], data: Array.from(t.data, encodeNumber) };
}

function decodeTolerance(v: unknown, where: string): Tolerance {
  if (!isObject(v) || typeof v.rtol !== 'number' || typeof v.atol !== 'number' || v.rtol < 0 || v.atol < 0) {
    throw new CaseFormatError(`${where}: expected {rtol, atol} with non-negative numbers`);
  }
  return { rtol: v.rtol, atol: v.atol };
}

function decodeTensors(v: unknown, where: string): Record<string, Tensor> {
  if (!isObject(v)) throw new CaseFormatError(`${where}: expected an object of tensors by name`);
  return Object.fromEntries(Object.entries(v).map(([k, t]) => [k, decodeTensor(t, `${where}.${k}`)]));
}

function decodeCase(json: unknown, where: string, source: string): ConformanceCase {
  if (!isObject(json)) throw new CaseFormatError(`${where}: expected a case object`);
  const { id, op, params, inputs, expected, expectError, grad, tolerance } = json;
  if (typeof id !== 'string' || id === '')
    throw new CaseFormatError(`${where}.id: expected a non-empty string`);
  const at = `${where} (${id})`;
  if (typeof op !== 'string') throw new CaseFormatError(`${at}.op: expected an op id`);
  if (params !== undefined && !isObject(params))
    throw new CaseFormatError(`${at}.params: expected an object`);
  if ((expected === undefined) === (expectError === undefined)) {
    throw new CaseFormatError(`${at}: needs exactly one of "expected" and "expectError"`);
  }
  if (expectError !== undefined && typeof expectError !== 'string') {
    throw new CaseFormatError(`${at}.expectError: expected an error name`);
  }
  let decodedGrad: ConformanceCase['grad'];
  if (grad !== undefined) {
    if (!isObject(grad)) throw new CaseFormatError(`${at}.grad: expected {upstream, wrt}`);
    decodedGrad = {
      upstream: decodeTensor(grad.upstream, `${at}.grad.upstream`),
      wrt: decodeTensors(grad.wrt, `${at}.grad.wrt`),
    };
  }
  let decodedInputs: Record<string, Tensor>;
  let refusal: Error | undefined;
  if (expectError === undefined) decodedInputs = decodeTensors(inputs, `${at}.inputs`);
  else {
    if (!isObject(inputs)) throw new CaseFormatError(`${at}.inputs: expected an object of tensors by name`);
    decodedInputs = {};
    for (const [k, t] of Object.entries(inputs)) {
      const decoded = decodeTensorOrRefusal(t, `${at}.inputs.${k}`);
      if (decoded instanceof Error) refusal ??= decoded;
      else decodedInputs[k] = decoded;
    }
  }
  return {
    id,
    op,
    ...(params !== undefined ? { params } : {}),
    inputs: decodedInputs,
    ...(refusal ? { inputRefusal: refusal } : {}),
    ...(expected !== undefined ? { expected: decodeTensor(expected, `${at}.expected`) } : {}),
    ...(typeof expectError === 'string' ? { expectError } : {}),
    ...(decodedGrad ? { grad: decodedGrad } : {}),
    ...(tolerance !== undefined ? { tolerance: decodeTolerance(tolerance, `${at}.tolerance`) } : {}),
    source,
  };
}

/**
 * Parses the JSON of a case file (`rectify-cases/1`); `source` names it in messages and results.
 *
 * @example
 * ```ts
 * const cases = parseCaseFile(JSON.parse(text), 'my-cases.json');
 * ```
 */
export function parseCaseFile(json: unknown, source: string): ConformanceCase[] {
  if (!isObject(json) || json.format !== 'rectify-cases/1') {
    throw new CaseFormatError(`${source}: not a case file (expected "format": "rectify-cases/1")`);
  }
  if (!Array.isArray(json.cases)) throw new CaseFormatError(`${source}: "cases" must be an array`);
  const seen = new Set<string>();
  return json.cases.map((c, i) => {
    const decoded = decodeCase(c, `${source}: cases[${i}]`, source);
    if (seen.has(decoded.id)) throw new CaseFormatError(`${source}: case id "${decoded.id}" appears twice`);
    seen.add(decoded.id);
    return decoded;
  });
}

/** The float dtype a case runs in: that of its `x` or `yPred` input (float32 when it has neither). */
export function caseDtype(c: ConformanceCase): FloatDType {
  const main = c.inputs.x ?? c.inputs.yPred;
  return main?.dtype === 'float64' ? 'float64' : 'float32';
}

/**
 * Fetches and parses a case file by URL: how a browser test loads the vendored cases (with Vite,
 * `import url from '@rectify/conformance/cases/onnx-node-cases.json?url'`).
 */
export async function fetchCaseFile(
  url: string,
  source = url.split('/').pop() ?? url,
): Promise<ConformanceCase[]> {
  const response = await fetch(url);
  if (!response.ok) throw new CaseFormatError(`cannot fetch case file ${url}: HTTP ${response.status}`);
  return parseCaseFile(await response.json(), source);
}
