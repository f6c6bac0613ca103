// Lint (`npm run lint`): typescript-eslint's type-checked recommended rules over the service, its
// scripts and its tests. The web app's JSDoc-typed JavaScript is type-checked by `npm run typecheck:web`
// and linted here with the rules that need no types: its API layer hands back parsed JSON, which the
// type-aware `no-unsafe-*` rules would flag at every use until each response has a JSDoc type.
// supertest types every response body as `any`: the HTTP tests read bodies through test/support/api.ts
// (bodyOf: parsed with the route's declared response schema; problemOf: a problem document), so the
// rules about using an `any` hold in every test file.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'third_party/',
      '.tools/',
      'data/',
      'bench-results/',
      'screenshots/',
      'rules/',
      '.ci/out/',
      '.scratch/',
    ],
  },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A leading underscore names a binding that is there on purpose (a parameter a callback's shape
      // requires, a key taken out of a rest spread).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['web/app/**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
