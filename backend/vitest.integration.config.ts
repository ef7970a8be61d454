import swc from 'unplugin-swc';
import { configDefaults, defineConfig } from 'vitest/config';

// Integration tier: real PostgreSQL and Redis. The global setup creates and migrates a fresh
// database for this run and drops it afterwards; it fails loudly when a service is missing.
export default defineConfig({
  plugins: [swc.vite()],
  test: {
    include: ['test/**/*.test.ts'],
    // The repository tier has its own config (vitest.repositories.config.ts).
    exclude: [...configDefaults.exclude, 'test/repositories/**'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests spawn API and worker processes: keep files sequential on a 2-core machine.
    fileParallelism: false,
  },
});
