import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Unit tier: no network, no database. Decorator metadata comes from SWC (see .swcrc).
export default defineConfig({
  plugins: [swc.vite()],
  test: {
    // scripts/lib's pure helpers (npm start's log filter) are unit-tested here too.
    include: ['src/**/*.spec.ts', '../scripts/**/*.spec.ts'],
    environment: 'node',
  },
});
