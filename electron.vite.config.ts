import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        // The CLI is built with main: it shares the services and runs under plain Node.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/cli/index.ts'),
          // Each loaded model runs in its own process started from this script.
          worker: resolve(__dirname, 'src/main/services/engine/worker/workerMain.ts'),
          // Run summaries are computed in a worker thread, off the host's event loop.
          summaryWorker: resolve(__dirname, 'src/main/services/runs/summary/summaryWorkerMain.ts'),
          // Big test sets are parsed and checked in a worker thread, off the host's event loop.
          testSetWorker: resolve(__dirname, 'src/main/services/testsets/validation/testSetWorkerMain.ts'),
          // Scorers that run a test set's own code or regular expressions run in this child process.
          scorerSandbox: resolve(__dirname, 'src/main/services/scoring/sandbox/scorerSandboxMain.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: {
      alias: [
        // monaco-yaml's worker (through monaco-worker-manager) imports Monaco's worker by its pre-0.55
        // path, which monaco-editor 0.57's exports map no longer resolves.
        {
          find: /^monaco-editor\/esm\/vs\/editor\/editor\.worker\.js$/,
          replacement: resolve(__dirname, 'node_modules/monaco-editor/esm/vs/editor/editor.worker.js'),
        },
      ],
    },
    build: {
      rolldownOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
