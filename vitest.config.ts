import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          globalSetup: ['./vitest.globalSetup.ts'],
          include: ['src/main/**/*.test.ts', 'src/shared/**/*.test.ts', 'src/cli/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // Seeded, bounded fuzz families (fuzz/budget.ts); `npm run fuzz -- --long` runs them longer.
        test: {
          name: 'fuzz',
          environment: 'node',
          globalSetup: ['./vitest.globalSetup.ts'],
          include: ['fuzz/**/*.fuzz.test.ts'],
          // `--long` runs twenty times the cases.
          testTimeout: process.env.EVALBENCH_FUZZ_LONG === '1' ? 3_600_000 : 120_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['src/renderer/**/*.test.{ts,tsx}'],
        },
      },
    ],
  },
});
