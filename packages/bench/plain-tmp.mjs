import { forward, gradient, tensor } from '@rectify/core';
import { createCpuBackend } from '@rectify/backend-cpu';
import { createPeers, benchInputs } from './dist/index.js';
const n = 1e6;
const be = createCpuBackend(process.env.T ? { threads: Number(process.env.T) } : {});
await be.whenThreadsReady?.();
const xs = new Float32Array(n); for (let i = 0; i < n; i++) xs[i] = Math.sin(i) * 3;
const x = tensor(xs, [n]);
async function time(label, f, reps = 300) {
  for (let i = 0; i < 20; i++) await f();
  const t = [];
  for (let i = 0; i < reps; i++) { const a = performance.now(); await f(); t.push(performance.now() - a); }
  t.sort((a, b) => a - b);
  console.log(label.padEnd(30), t[reps >> 1].toFixed(3), 'min', t[0].toFixed(3), 'p90', t[Math.floor(reps*0.9)].toFixed(3));
}

const keep = new Float32Array(n);

const [ortp] = await createPeers(['ort']);
for (const op of (process.argv[2] ?? 'relu,relu6,leakyRelu').split(',')) {
  await time(`cpu ${op}`, () => forward(op, { x }, {}, { backend: be }));
  const call = await ortp.prepare(op, 'forward', benchInputs(op, n));
  if ('run' in call) await time(`ort ${op}`, call.run);
}





process.exit(0);
