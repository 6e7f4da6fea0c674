import { createCpuBackend } from '@rectify/backend-cpu';
import { createOnnxBackend } from '@rectify/backend-onnx';
import { createTfjsBackend } from '@rectify/backend-tfjs';
import { BackendRegistry } from '@rectify/core';

/** The backends this build of the CLI can run in Node, in the order `all` lists them. */
export const knownBackends = ['cpu', 'tfjs-cpu', 'tfjs-wasm', 'onnx'] as const;
/** Names that stand for several backends. */
const groups: Readonly<Record<string, readonly string[]>> = { tfjs: ['tfjs-cpu', 'tfjs-wasm'] };

// onnxruntime-node loads its native binding on import: only when the onnx backend is asked for
const createNodeOnnxBackend = async () => createOnnxBackend({ ort: await import('onnxruntime-node') });

/** A fresh registry with every backend this build knows, each made lazily on first use. */
export function createBackendRegistry(): BackendRegistry {
  return new BackendRegistry()
    .register('cpu', () => createCpuBackend(), { priority: 10 })
    .register('tfjs-cpu', () => createTfjsBackend({ backend: 'cpu' }), { priority: 5 })
    .register('tfjs-wasm', () => createTfjsBackend({ backend: 'wasm' }), { priority: 6 })
    .register('onnx', createNodeOnnxBackend, { priority: 4 });
}

const available = () => [...knownBackends, ...Object.keys(groups), 'all'].join(', ');

/** Expands a `--backend` value (names, groups such as `tfjs`, a comma list, or `all`); throws a usage error. */
export function backendNamesFor(value: string): string[] {
  if (value === 'all') return [...knownBackends];
  const names: string[] = [];
  for (const name of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (groups[name]) names.push(...groups[name]);
    else if ((knownBackends as readonly string[]).includes(name)) names.push(name);
    else throw new UsageError(`unknown backend "${name}"; available: ${available()}`);
  }
  return [...new Set(names)];
}

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
