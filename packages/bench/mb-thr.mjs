import { createCpuBackend } from '@rectify/backend-cpu';
import { forward } from '@rectify/core';
import { benchInputs } from './dist/index.js';

const ops = (process.argv[2] ?? 'softsign').split(',');
const n = 1e6;
const b1 = createCpuBackend({ threads: 1 }),
  b2 = createCpuBackend();
await b2.whenThreadsReady();
const med = (a) => a.sort((p, q) => p - q)[a.length >> 1];
for (const op of ops) {
  const inputs = benchInputs(op, n, 1);
  const cells = {
    one: () => forward(op, inputs, {}, { backend: b1 }),
    two: () => forward(op, inputs, {}, { backend: b2 }),
  };
  const stats = Object.fromEntries(Object.keys(cells).map((k) => [k, []]));
  for (let r = 0; r < 80; r++)
    for (const [k, f] of Object.entries(cells)) {
      await f();
      for (let i = 0; i < 4; i++) {
        const t = performance.now();
        await f();
        stats[k].push(performance.now() - t);
      }
    }
  console.log(
    op,
    Object.entries(stats)
      .map(([k, s]) => `${k} ${med(s).toFixed(3)}`)
      .join(' | '),
  );
}
b2.dispose();
process.exit(0);
