import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// SvelteKit 3 takes its configuration here (svelte.config.js is gone); vitest.config.ts reuses it.
export const svelteKitPlugin = () =>
  sveltekit({
    preprocess: vitePreprocess(),
    adapter: adapter({ out: 'build', precompress: true }),
    // The cross-site form check lives in hooks.server.ts (#lib/server/csrf): SvelteKit's compares
    // with the protocol adapter-node guesses (https) when ORIGIN is unset, refusing every form
    // posted over plain http (`npm start`). '*' only hands the check over; it is not skipped.
    csrf: { trustedOrigins: ['*'] },
    // The browser asks the server which route a link leads to (once per path, when preloading),
    // instead of every page shipping the table of all routes: each new page no longer adds to
    // every page's JavaScript, the lesson page's 60 KB budget included (docs/performance.md).
    router: { resolution: 'server' },
    // Everything is served from one origin; no external fonts, scripts or styles.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'frame-ancestors': ['none'],
        'form-action': ['self'],
        'base-uri': ['self'],
        'object-src': ['none']
      }
    }
  });

export default defineConfig({
  plugins: [svelteKitPlugin()],
  server: { port: 5173, strictPort: true }
});
