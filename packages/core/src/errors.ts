/**
 * Typed errors. Every error Rectify throws on purpose extends {@link RectifyError}, and its `name`
 * is one of the six names of the catalog, so callers can branch on `err.name` across package
 * boundaries (where `instanceof` can fail with duplicated installs).
 *
 * @example
 * ```ts
 * try { await leakyRelu(x, { alpha: Number.NaN }); }
 * catch (err) { if (isRectifyError(err) && err.name === 'InvalidParamError') console.error(err.message); }
 * ```
 */
export class RectifyError extends Error {
  override readonly name: RectifyErrorName | 'RectifyError' = 'RectifyError';
  /** The op the error is about, when there is one. */
  readonly op: string | undefined;

  constructor(message: string, options: { op?: string; cause?: unknown } = {}) {
    super(options.op ? `${options.op}: ${message}` : message, { cause: options.cause });
    this.op = options.op;
  }
}

/** Op id not in the catalog. */
export class UnknownOpError extends RectifyError {
  override readonly name = 'UnknownOpError';
}
/** Unknown param, wrong type, NaN or out of range (including an axis out of range). */
export class InvalidParamError extends RectifyError {
  override readonly name = 'InvalidParamError';
}
/** Shapes that do not match or broadcast, data length ≠ product of shape, rank too low. */
export class ShapeError extends RectifyError {
  override readonly name = 'ShapeError';
}
/** A dtype the op or backend does not take. */
export class DTypeError extends RectifyError {
  override readonly name = 'DTypeError';
}
/** Values the op cannot take, such as a sparse label outside [0, C) or not an integer. */
export class InvalidInputError extends RectifyError {
  override readonly name = 'InvalidInputError';
}
/** A valid call that this backend cannot run. */
export class UnsupportedError extends RectifyError {
  override readonly name = 'UnsupportedError';
}

/** The names an error of Rectify can have. */
export type RectifyErrorName =
  | 'UnknownOpError'
  | 'InvalidParamError'
  | 'ShapeError'
  | 'DTypeError'
  | 'InvalidInputError'
  | 'UnsupportedError';

/** Every error name of the catalog, in a stable order. */
export const errorNames: readonly RectifyErrorName[] = [
  'UnknownOpError',
  'InvalidParamError',
  'ShapeError',
  'DTypeError',
  'InvalidInputError',
  'UnsupportedError',
];

/** True for errors thrown by Rectify, also across duplicated installs of the package. */
export function isRectifyError(err: unknown): err is RectifyError {
  return (
    err instanceof RectifyError ||
    (err instanceof Error && (errorNames as readonly string[]).includes(err.name) && 'op' in err)
  );
}
