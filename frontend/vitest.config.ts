import { defineConfig } from 'vitest/config';
import { svelteKitPlugin } from './vite.config.ts';

export default defineConfig({
  plugins: [svelteKitPlugin()],
  test: { include: ['src/**/*.spec.ts'], environment: 'node' }
});
