import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Repository tier: each repository's SQL against the real PostgreSQL, without HTTP. The global
// setup migrates one template database per run; every test file works in its own copy of it
// (test/support/repository-db.ts), so files may run side by side.
export default defineConfig({
  plugins: [swc.vite()],
  test: {
    include: ['test/repositories/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/repositories/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
