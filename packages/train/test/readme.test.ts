import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';

// The README's example, run as written (with the package imported from its source).
it('the README example runs and prints what its comments say', async () => {
  const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
  const code = readme.match(/## Example\n\n```ts\n([\s\S]*?)```/)![1]!;
  const file = join(import.meta.dirname, `readme-example-${process.pid}.tmp.ts`);
  writeFileSync(file, code.replace("from '@rectify/train'", "from '../src/index.js'"));
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import(file);
    const lines = log.mock.calls.map((args) => args.map(String).join(' '));
    expect(lines[0]).toMatch(/^epoch 1: train loss [\d.]+, accuracy [\d.]+$/);
    expect(lines).toContain('1 0,0');
    expect(lines[lines.length - 1]).toMatch(/^2500 true \?config=[A-Za-z0-9_-]+$/);
  } finally {
    log.mockRestore();
    rmSync(file, { force: true });
  }
});
