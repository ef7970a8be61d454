import { defineConfig } from 'vitest/config';

// Browser tier: the built app, started the way `npm start` starts it, driven in Chromium.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false
  }
});
