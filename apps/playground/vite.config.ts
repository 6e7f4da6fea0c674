import { defaultClientConditions, defineConfig } from 'vite';

// Workspace packages are read from their TypeScript sources, so `pnpm start` needs no build first.
export default defineConfig({
  resolve: { conditions: ['@rectify/source', ...defaultClientConditions] },
  server: { port: 5173 },
  preview: { port: 4173 },
  optimizeDeps: {
    // Found up front rather than on first use: a dependency discovered late makes the dev server
    // re-optimize and reload the page in the middle of a session (or a test).
    include: [
      'katex',
      '@rectify/backend-tfjs > @tensorflow/tfjs-core',
      '@rectify/backend-tfjs > @tensorflow/tfjs-backend-cpu',
      '@rectify/backend-tfjs > @tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-wasm',
      '@rectify/backend-onnx > onnx-proto',
      'onnxruntime-web/wasm',
    ],
  },
  build: {
    target: 'es2022',
    // tfjs and onnxruntime are large but loaded only when their backend is picked
    chunkSizeWarningLimit: 2500,
  },
});
