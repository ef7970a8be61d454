import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Unit tier: no network, no database. Decorator metadata comes from SWC (see .swcrc).
export default defineConfig({
  plugins: [swc.vite()],
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
  },
});
