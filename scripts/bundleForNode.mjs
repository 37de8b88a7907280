// Bundles TypeScript entry points with Vite into plain ES modules that Node runs as they are
// (benchmarks, the fixture trainer): what users run, without a TypeScript loader in the way.
import { build } from 'vite';

/**
 * @param {{ root: string, outDir: string, input: Record<string, string> }} options
 * @returns {Promise<void>}
 */
export async function bundleForNode({ root, outDir, input }) {
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rolldownOptions: { input, output: { entryFileNames: '[name].js', format: 'es' } },
    },
  });
}
