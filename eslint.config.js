import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', setImmediate: 'readonly', queueMicrotask: 'readonly', structuredClone: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-control-regex': 'off',
    },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } } },
  { files: ['bin/**', 'bench/**/*.mjs', 'scripts/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  {
    // DESIGN.md layering: core and backends never import ink/react; plain commands never import them either.
    files: ['src/core/**', 'src/backends/**', 'src/lib/**', 'src/registry/**', 'src/commands/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [
        { name: 'ink', message: 'ink belongs to src/screens and src/ui only (DESIGN.md layering)' },
        { name: 'react', message: 'react belongs to src/screens and src/ui only (DESIGN.md layering)' },
        { name: '@inkjs/ui', message: '@inkjs/ui belongs to src/screens and src/ui only' },
      ] }],
    },
  },
);
