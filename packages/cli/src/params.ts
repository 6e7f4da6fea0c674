import { UsageError } from './backends.js';

/**
 * Parses repeated `--param k=v` options: numbers (including `Infinity`, `-Infinity`), `true`/`false`,
 * or a string. The op checks names and values itself, with its own error messages.
 */
export function parseParams(entries: readonly string[]): Record<string, number | boolean | string> {
  const params: Record<string, number | boolean | string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param ${entry}: expected name=value, e.g. --param alpha=0.1`);
    const name = entry.slice(0, eq);
    const raw = entry.slice(eq + 1);
    const num = Number(raw);
    params[name] =
      raw === 'true' ? true : raw === 'false' ? false : raw.trim() !== '' && !Number.isNaN(num) ? num : raw;
  }
  return params;
}

/**
 * A number typed on the command line: `Number(text)`, except that empty or blank text is NaN rather than
 * 0 (so `--seed=` or `--domain=,5` is refused instead of read as 0).
 */
export function numberFrom(text: string | undefined): number {
  return text === undefined || text.trim() === '' ? Number.NaN : Number(text);
}
