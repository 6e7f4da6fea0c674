import { InvalidInputError } from '@rectify/core';
import {
  configDefaults,
  type LayerConfig,
  resolveConfig,
  type TrainConfig,
  type TrainConfigInput,
} from './config.js';

/** Bumped when a shared string of an older build could mean something else. */
const SHARE_VERSION = 1;

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function compactLayers(layers: readonly LayerConfig[]): Partial<Record<keyof TrainConfigInput, unknown>> {
  const first = layers[0];
  const uniform =
    first !== undefined &&
    layers.every((l) => l.activation === first.activation && sameJson(l.params, first.params));
  if (!uniform) return { layers };
  const out: Partial<Record<keyof TrainConfigInput, unknown>> = {};
  const widths = layers.map((l) => l.units);
  if (!sameJson(widths, configDefaults.layers)) out.layers = widths;
  if (first.activation !== configDefaults.activation) out.activation = first.activation;
  if (Object.keys(first.params).length) out.params = first.params;
  return out;
}

/**
 * The smallest {@link TrainConfigInput} that {@link resolveConfig} turns back into `config`: defaults
 * are left out, and layers that share one activation are written as widths.
 *
 * @example
 * ```ts
 * compactConfig(resolveConfig({ dataset: 'circle', learningRate: 0.01 }));
 * // { dataset: 'circle', learningRate: 0.01 }
 * ```
 */
export function compactConfig(config: TrainConfig): TrainConfigInput {
  const name = config.dataset.name === 'csv' ? 'xor' : config.dataset.name;
  const defaults = resolveConfig({ dataset: name });
  const out: Record<string, unknown> = {};
  const dataset: Record<string, unknown> = {};
  // the dataset's seed defaults to the config's own seed
  const datasetDefaults = resolveConfig({ dataset: name, seed: config.seed }).dataset as unknown as Record<
    string,
    unknown
  >;
  for (const [k, v] of Object.entries(config.dataset)) {
    if (k === 'name' || !sameJson(v, datasetDefaults[k])) dataset[k] = v;
  }
  if (Object.keys(dataset).length > 1 || dataset.name !== configDefaults.dataset.name) {
    out.dataset = Object.keys(dataset).length === 1 ? dataset.name : dataset;
  }
  if (config.layers.length === 0) out.layers = [];
  else Object.assign(out, compactLayers(config.layers));
  const rest = defaults as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(config)) {
    if (k === 'dataset' || k === 'layers') continue;
    if (!sameJson(v, rest[k])) out[k] = v;
  }
  return out as TrainConfigInput;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) {
    const bad = text.match(/[^A-Za-z0-9_-]/)?.[0] ?? '';
    throw new InvalidInputError(
      `shared config: not a share string (character ${JSON.stringify(bad)} at position ${text.indexOf(bad)} is not base64url)`,
    );
  }
  if (text.length % 4 === 1) throw new InvalidInputError('shared config: the share string is cut short');
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * A URL-safe string (base64url of compact JSON) for a training setup, for `?config=` in a link.
 * {@link decodeConfig} reads it back into the same config.
 *
 * @example
 * ```ts
 * const code = encodeConfig(resolveConfig({ dataset: 'spiral', layers: [16, 16], activation: 'prelu' }));
 * const url = `https://example.org/train?config=${code}`;
 * decodeConfig(code).layers[0]?.activation; // 'prelu'
 * ```
 */
export function encodeConfig(config: TrainConfig): string {
  const json = JSON.stringify({ v: SHARE_VERSION, ...compactConfig(config) });
  return toBase64Url(new TextEncoder().encode(json));
}

/**
 * Reads a string of {@link encodeConfig} back into a checked config. A string that is not one throws
 * `InvalidInputError`; a readable one with bad fields throws what {@link resolveConfig} throws.
 *
 * @example
 * ```ts
 * const config = decodeConfig(new URL(location.href).searchParams.get('config') ?? '');
 * ```
 */
export function decodeConfig(code: string): TrainConfig {
  if (code.trim() === '') throw new InvalidInputError('shared config: the share string is empty');
  const bytes = fromBase64Url(code.trim());
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new InvalidInputError(
      `shared config: the share string does not hold a config (${(err as Error).message})`,
      { cause: err },
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidInputError('shared config: the share string does not hold a config object');
  }
  const { v, ...rest } = parsed as { v?: unknown };
  if (v !== SHARE_VERSION) {
    throw new InvalidInputError(
      `shared config: version ${JSON.stringify(v)} is not readable by this build (it reads version ${SHARE_VERSION})`,
    );
  }
  return resolveConfig(rest as TrainConfigInput);
}
