import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly', navigator: 'readonly', window: 'readonly', document: 'readonly', localStorage: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports (docs/code-style.md).' }],
    },
  },
  {
    // process.env is read in one place only: the config module (and test/bench harnesses that pick databases).
    files: ['src/**/*.ts'],
    ignores: ['src/platform/config.ts', 'src/testing/**', 'src/**/*.test.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/platform/config.ts.' }] },
  },
  {
    // The site tracking snippet runs in customers' browsers as plain script.
    files: ['src/modules/tracking/snippet/*.js'],
    languageOptions: { sourceType: 'script', globals: { crypto: 'readonly', location: 'readonly', Blob: 'readonly' } },
  },
  {
    files: ['web/vite.config.ts', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
