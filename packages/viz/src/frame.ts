import { InvalidParamError } from '@rectify/core';

/** The size and title every plot function takes. Sizes are in CSS pixels. */
export interface Frame {
  /** Default 640. */
  readonly width?: number;
  /** Default 400. */
  readonly height?: number;
  /** Default: a title made from the op and its params. */
  readonly title?: string;
}

export const defaultWidth = 640;
export const defaultHeight = 400;

/** Checks a frame before any work; `fn` names the calling function in the message. */
export function checkFrame(fn: string, frame: Frame): void {
  for (const key of ['width', 'height'] as const) {
    const v = frame[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 120 && v <= 10_000)) {
      throw new InvalidParamError(`${fn}: ${key} must be a number in [120, 10000], got ${String(v)}`);
    }
  }
  if (frame.title !== undefined && typeof frame.title !== 'string') {
    throw new InvalidParamError(`${fn}: title must be a string`);
  }
}

/** The frame fields that are set (exactOptionalPropertyTypes forbids passing `undefined` on). */
export function frameOf(frame: Frame): Frame {
  return {
    ...(frame.width !== undefined ? { width: frame.width } : {}),
    ...(frame.height !== undefined ? { height: frame.height } : {}),
    ...(frame.title !== undefined ? { title: frame.title } : {}),
  };
}
