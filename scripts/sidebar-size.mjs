// Raw and gzipped sizes of the built sidebar (run `npm run sidebar:build` first): the app's
// JS and CSS as a phone downloads them, and the sandbox-only dev shim apart.
//   node scripts/sidebar-size.mjs          → a table
//   node scripts/sidebar-size.mjs --json   → the same figures as JSON (for the README and benches)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = 'sidebar/dist';
// The page's budget: it must load at once on a phone in WeCom's webview.
const JS_BUDGET_GZIP = 60 * 1024;

if (!existsSync(join(DIST, 'index.html'))) {
  console.error('✖ sidebar/dist is missing: run `npm run sidebar:build` first');
  process.exit(1);
}

function measure(paths) {
  const bytes = paths.map((path) => readFileSync(path));
  return {
    files: paths.map((path) => path.slice(DIST.length + 1)),
    raw: bytes.reduce((sum, b) => sum + b.length, 0),
    // Each file is its own download, so each is gzipped on its own.
    gzip: bytes.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0),
  };
}

const assets = readdirSync(join(DIST, 'assets')).map((name) => join(DIST, 'assets', name));
const sizes = {
  js: measure(assets.filter((path) => path.endsWith('.js'))),
  css: measure(assets.filter((path) => path.endsWith('.css'))),
  html: measure([join(DIST, 'index.html')]),
  devShim: measure([join(DIST, 'dev-shim.js')]),
};

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ ...sizes, jsBudgetGzip: JS_BUDGET_GZIP }, null, 2));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
  console.log(`${'sidebar'.padEnd(22)}${'raw'.padStart(9)}${'gzip'.padStart(9)}`);
  for (const [label, size] of [['app JS', sizes.js], ['app CSS', sizes.css], ['index.html', sizes.html], ['dev shim (sandbox)', sizes.devShim]]) {
    console.log(`${label.padEnd(22)}${kb(size.raw)}${kb(size.gzip)}`);
  }
  const share = Math.round((sizes.js.gzip / JS_BUDGET_GZIP) * 100);
  console.log(`app JS is ${share}% of the ${JS_BUDGET_GZIP / 1024} KB gzip budget`);
}
if (sizes.js.gzip > JS_BUDGET_GZIP) process.exitCode = 1;
