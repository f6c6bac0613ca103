// Lint (`npm run lint`): typescript-eslint's type-checked recommended rules over the service, its
// scripts, its tests and the web app's JSDoc-typed JavaScript (typed by web/tsconfig.json). The web
// app's API layer hands back parsed JSON typed `any`, which the `no-unsafe-*` rules flag at every use
// until each response has a JSDoc type: the screens that still read it untyped are listed below.
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
      // Generated from the service's schemas by `npm run gen:web-types` (checked by npm test).
      'web/app/api-types.d.ts',
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
    // The web app is checked with its own compiler options (web/tsconfig.json: the browser's world,
    // JSDoc types, checkJs), so the type-aware rules see the same types `npm run typecheck:web` does.
    files: ['web/app/**/*.js'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { projectService: false, project: './web/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // api() hands back parsed JSON typed `any`; these screens still read it without a JSDoc type of
    // the response, and some pass async handlers where a void callback is expected (issue 13: the
    // list only shrinks; claim.js, dom.js and format.js are held to every rule).
    files: [
      'web/app/api.js',
      'web/app/requests.js',
      'web/app/review-facts.js',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
