// Measures what each backend adds to a browser bundle: a one-line entry per backend, built by Vite
// (production, minified) the way the playground builds, then JS and wasm sizes, raw and gzipped.
// Usage (in apps/playground): node scripts/bundle-sizes.mjs [--markdown]
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, defaultClientConditions } from 'vite';

// every entry calls core's forward, so each row is what an app that runs ops on that backend ships;
// wasm files are bundled as the playground bundles them (`?url`), all variants (a browser loads one)
const run = `import { forward, tensor } from '@rectify/core'; const x = tensor([1]);`;
const entries = {
  'core (reference backend only)': `${run} console.log(await forward('relu', { x }));`,
  cpu: `${run} import { createCpuBackend } from '@rectify/backend-cpu';
    console.log(await forward('relu', { x }, {}, { backend: createCpuBackend() }));`,
  'tfjs (cpu, webgl, wasm)': `${run} import { createTfjsBackend } from '@rectify/backend-tfjs';
    import a from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
    import b from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
    import c from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
    console.log(a, b, c, await forward('relu', { x }, {}, { backend: await createTfjsBackend({ backend: 'webgl' }) }));`,
  'onnx (onnxruntime-web)': `${run} import * as ort from 'onnxruntime-web/wasm'; import { createOnnxBackend } from '@rectify/backend-onnx';
    import wasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url'; ort.env.wasm.wasmPaths = { wasm };
    console.log(await forward('relu', { x }, {}, { backend: createOnnxBackend({ ort }) }));`,
};

const root = new URL('..', import.meta.url).pathname;
const walk = (dir) =>
  readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)],
  );
const kb = (n) => `${(n / 1024).toFixed(0)} kB`;

const rows = [];
for (const [name, code] of Object.entries(entries)) {
  const dir = mkdtempSync(join(tmpdir(), 'rectify-bundle-'));
  const entry = join(root, `.bundle-entry-${Date.now()}.js`);
  writeFileSync(entry, code);
  try {
    await build({
      root,
      logLevel: 'silent',
      configFile: false,
      resolve: { conditions: ['@rectify/source', ...defaultClientConditions] },
      build: {
        outDir: dir,
        emptyOutDir: true,
        target: 'es2022',
        rollupOptions: { input: entry },
        // every dynamic import inlined: the whole backend, as an app that picks it would load it
        modulePreload: false,
      },
    });
    let js = 0;
    let jsGz = 0;
    let wasm = 0;
    let wasmGz = 0;
    for (const file of walk(dir)) {
      const bytes = readFileSync(file);
      if (file.endsWith('.js')) {
        js += bytes.length;
        jsGz += gzipSync(bytes).length;
      } else if (file.endsWith('.wasm')) {
        // the largest variant: what a SIMD-capable browser fetches
        if (bytes.length > wasm) {
          wasm = bytes.length;
          wasmGz = gzipSync(bytes).length;
        }
      }
    }
    rows.push({ name, js, jsGz, wasm, wasmGz });
  } finally {
    rmSync(entry, { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--markdown')) {
  console.log('| bundle | JS (minified) | JS (gzip) | wasm (largest file) | wasm (gzip) |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${kb(r.js)} | ${kb(r.jsGz)} | ${r.wasm ? kb(r.wasm) : '—'} | ${r.wasm ? kb(r.wasmGz) : '—'} |`,
    );
} else {
  for (const r of rows) {
    const wasmText = r.wasm ? `${kb(r.wasm)} (gzip ${kb(r.wasmGz)})` : '—';
    console.log(
      `${r.name.padEnd(30)} js ${kb(r.js).padStart(8)}  gzip ${kb(r.jsGz).padStart(8)}  wasm ${wasmText}`,
    );
  }
}
