// Builds the sidebar into sidebar/dist, served by Koa at /sidebar/. Two entries: the app
// (hashed, cacheable forever) and the sandbox JS-SDK shim at a fixed name, dev-shim.js,
// which the page loads by URL only when the session says sandbox.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/sidebar/',
  publicDir: false,
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WeCom's webviews lag behind current browsers (older iOS WKWebView, XWeb on Android).
    target: 'es2019',
    // One chunk, nothing to preload: skip the polyfill's bytes.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { app: `${root}index.html`, 'dev-shim': `${root}src/dev-shim.ts` },
      output: { entryFileNames: (chunk) => (chunk.name === 'dev-shim' ? 'dev-shim.js' : 'assets/[name]-[hash].js') },
    },
  },
  // `npm run sidebar:dev` next to `npm start`: the API stays on the Koa server.
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
