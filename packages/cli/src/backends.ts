import { createCpuBackend } from '@rectify/backend-cpu';
import { BackendRegistry } from '@rectify/core';

/** The backends this build of the CLI can run, in the order `all` lists them. */
export const knownBackends = ['cpu'] as const;
/** Backends of the catalog's plan that are not part of this build yet. */
export const plannedBackends = ['tfjs', 'onnx'] as const;

/** A fresh registry with every backend this build knows, made lazily on first use. */
export function createBackendRegistry(): BackendRegistry {
  return new BackendRegistry().register('cpu', () => createCpuBackend(), { priority: 10 });
}

/** Expands a `--backend` value (a name, a comma list, or `all`) to backend names; throws a usage error. */
export function backendNamesFor(value: string): string[] {
  if (value === 'all') return [...knownBackends];
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if ((knownBackends as readonly string[]).includes(name)) continue;
    const planned = (plannedBackends as readonly string[]).includes(name);
    throw new UsageError(
      planned
        ? `backend "${name}" is not part of this build yet; available: ${knownBackends.join(', ')}`
        : `unknown backend "${name}"; available: ${knownBackends.join(', ')}, all`,
    );
  }
  return names;
}

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
