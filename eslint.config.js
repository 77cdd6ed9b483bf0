// Lint: TypeScript rules plus the import boundaries of docs/architecture (README):
// domain is pure, app talks to ports, each adapter is the only importer of its framework.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const FRAMEWORKS = ['koa', '@koa/*', 'bullmq', 'ioredis', '@prisma/*', 'prisma', 'wechaty', 'wechaty-*', 'pg', 'better-sqlite3', 'xml2js', 'raw-body', 'prom-client', 'pino'];

/** no-restricted-imports for one folder: the folders and packages it must not import. */
function boundary(files, { folders = [], packages = [], message }) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...folders.map((folder) => ({ group: [`**/${folder}/*`, `**/${folder}/**`], message })),
            ...packages.map((pkg) => ({ group: [pkg], message })),
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'src/db/generated/**', 'sidebar/dist/**', 'sidebar/dist-admin/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', performance: 'readonly' },
    },
    rules: {
      curly: ['error', 'multi-line'],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings through src/config.ts.' }],
    },
  },
  boundary(['src/domain/**/*.ts'], {
    folders: ['app', 'http', 'queue', 'db', 'bot', 'wecom', 'sandbox'],
    packages: FRAMEWORKS,
    message: 'domain/ is pure rules and ports: no adapters, no frameworks.',
  }),
  boundary(['src/app/**/*.ts'], {
    folders: ['http', 'queue', 'db', 'bot', 'wecom', 'sandbox'],
    packages: FRAMEWORKS,
    message: 'app/ use cases depend on domain ports only.',
  }),
  boundary(['src/wecom/**/*.ts'], {
    folders: ['http', 'queue', 'db', 'bot'],
    packages: ['koa', '@koa/*', 'bullmq', '@prisma/*', 'wechaty'],
    message: 'wecom/ knows nothing of Koa, BullMQ, Prisma or Wechaty.',
  }),
  boundary(['src/db/**/*.ts'], {
    folders: ['http', 'queue', 'bot', 'wecom'],
    packages: ['koa', '@koa/*', 'bullmq', 'ioredis', 'wechaty'],
    message: 'db/ is the Prisma adapter only.',
  }),
  boundary(['src/queue/**/*.ts'], {
    folders: ['http', 'bot', 'db', 'wecom'],
    packages: ['koa', '@koa/*', '@prisma/*', 'wechaty'],
    message: 'queue/ receives other adapters as deps.',
  }),
  boundary(['src/http/**/*.ts'], {
    folders: ['queue', 'db', 'bot'],
    packages: ['bullmq', 'ioredis', '@prisma/*', 'wechaty'],
    message: 'http/ reaches storage and queues through app/ and ports.',
  }),
  boundary(['src/llm/**/*.ts'], {
    folders: ['http', 'queue', 'db', 'bot', 'wecom', 'app'],
    packages: ['koa', '@koa/*', 'bullmq', 'ioredis', '@prisma/*', 'wechaty'],
    message: 'llm/ is the LLM endpoint adapter only.',
  }),
  boundary(['src/bot/**/*.ts'], {
    folders: ['http', 'queue', 'db'],
    packages: ['bullmq', 'koa', '@koa/*', '@prisma/*'],
    message: 'bot/ is the Wechaty adapter only.',
  }),
  {
    // The page is browser code with its own tsconfig (DOM lib); its Vite config is Node code in the root project.
    files: ['sidebar/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: ['./sidebar/tsconfig.json', './tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src/**'], allowTypeImports: true, message: 'sidebar/ may only import types from the server (src/http/routes/sidebar.schema.ts).' }] },
      ],
    },
  },
  boundary(['src/shared/**/*.ts'], {
    folders: ['domain', 'app', 'http', 'queue', 'db', 'bot', 'wecom', 'sandbox'],
    message: 'shared/ is importable by all and imports none of them.',
  }),
);
