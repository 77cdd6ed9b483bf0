// Builds the sidebar into sidebar/dist, served by Koa at /sidebar/. Two entries: the app
// (hashed, cacheable forever) and the sandbox JS-SDK shim at a fixed name, dev-shim.js,
// which the page loads by URL only when the session says sandbox.
// `--mode admin` builds the admin console (admin.html + src/admin/) into sidebar/dist-admin,
// served at /admin/. It is a second build, not a third input: Rollup would move the code
// both pages share (dom.ts) into a common chunk and change the sidebar's one-file bundle.
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

const shared: UserConfig = {
  root,
  publicDir: false,
  clearScreen: false,
  // `npm run sidebar:dev` next to `npm start`: the API stays on the Koa server.
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
};

const sidebar: UserConfig = {
  ...shared,
  base: '/sidebar/',
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
};

// A desktop page for operators: current browsers only.
const admin: UserConfig = {
  ...shared,
  base: '/admin/',
  build: {
    outDir: 'dist-admin',
    emptyOutDir: true,
    target: 'es2020',
    modulePreload: { polyfill: false },
    rollupOptions: { input: { admin: `${root}admin.html` } },
  },
};

export default defineConfig(({ mode }) => (mode === 'admin' ? admin : sidebar));
