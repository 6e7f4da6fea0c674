import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileKernels, generatedModule, generatedPath } from '../scripts/build-wasm.mjs';
import { wasmRuntime } from '../src/wasm/runtime.js';

describe('the WebAssembly kernels module', () => {
  it('is up to date with assembly/ (run `pnpm build:wasm` after editing it)', async () => {
    const bytes = await compileKernels();
    expect(readFileSync(generatedPath, 'utf8')).toBe(generatedModule(bytes));
  }, 60_000);

  it('exports a kernel for every name the runtime calls', () => {
    const rt = wasmRuntime()!;
    const source = readFileSync(new URL('../src/wasm/runtime.ts', import.meta.url), 'utf8');
    const block = source.slice(source.indexOf('export interface KernelExports'));
    const body = block.slice(0, block.indexOf('\n}'));
    const declared = [...body.matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]!);
    expect(declared.length).toBeGreaterThan(10);
    for (const name of declared)
      expect(typeof (rt.exports as unknown as Record<string, unknown>)[name], name).toBe('function');
  });
});
