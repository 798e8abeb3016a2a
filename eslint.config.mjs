// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';

/**
 * Module floors: each module may import only the modules listed for it (through their index.ts),
 * so dependencies point one way and no two module folders can import each other. A new module
 * gets its line here; README's Architecture section draws the same picture.
 */
const MODULE_FLOORS = {
  identity: [],
  metering: [],
  category: ['identity'],
  media: ['identity'],
  site: ['media', 'identity'],
  article: ['category', 'media', 'identity'],
  view: ['article', 'category', 'identity', 'metering'],
  syndication: ['article', 'category', 'media', 'identity', 'site'],
  'change-feed': ['article', 'identity'],
  webhook: ['article', 'identity'],
  ad: ['article', 'category', 'media', 'identity', 'metering', 'site'],
};
const MODULES = Object.keys(MODULE_FLOORS);

const moduleBoundaries = {
  files: ['src/**/*.ts'],
  plugins: { boundaries },
  settings: {
    'import/resolver': { node: { extensions: ['.ts', '.js'] } },
    'boundaries/elements': [
      { type: 'module', pattern: 'src/modules/*', capture: ['name'] },
      { type: 'graphql', pattern: 'src/graphql' },
      { type: 'http', pattern: 'src/http' },
      { type: 'cli', pattern: 'src/cli' },
      { type: 'db', pattern: 'src/db' },
      { type: 'shared', pattern: 'src/shared' },
    ],
  },
  rules: {
    'boundaries/dependencies': [
      2,
      {
        default: 'allow',
        policies: [
          {
            from: { element: { type: 'module' } },
            disallow: { to: { element: { type: 'module', fileInternalPath: '!index.ts' } } },
            message: 'Import another module through its index.ts ({{to.element.captured.name}}), not its internals',
          },
          {
            from: { element: { type: 'module' } },
            disallow: { to: { element: { type: '{http,cli}' } } },
            message: 'A module never imports the HTTP edge or the CLI: they import it',
          },
          {
            from: { element: { type: 'module' } },
            disallow: { to: { element: { type: 'graphql', fileInternalPath: '!context.ts' } } },
            message: 'A module imports nothing of src/graphql/ but the Context type (resolvers): the wiring imports the modules',
          },
          ...MODULES.map((name) => ({
            from: { element: { type: 'module', captured: { name } } },
            disallow: { to: { element: { type: 'module', captured: { name: `{${MODULES.filter((other) => other !== name && !MODULE_FLOORS[name].includes(other)).join(',')},_}` } } } },
            message: `${name} may import only ${MODULE_FLOORS[name].join(', ') || 'no other module'} (see MODULE_FLOORS)`,
          })),
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  moduleBoundaries,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // CommonJS configuration files (jest.config.js).
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The example portal's browser script: a classic script, no modules, no build step.
    files: ['examples/portal/assets/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', navigator: 'readonly', fetch: 'readonly', IntersectionObserver: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Map: 'readonly', Set: 'readonly' } },
  },
  {
    // Plain Node scripts that run before anything is compiled (scripts/build.mjs).
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['scripts/**', 'seeds/**/*-cli.ts', 'bench/**', 'test/**', 'examples/*/src/main.ts', 'examples/*/scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
