// @ts-check
/**
 * One ESLint configuration for the whole tree: the app, chaos, drill, the tests, the lab page's
 * browser modules and the config files. Type-aware (typescript-eslint's recommendedTypeChecked): in a
 * lab about async connections, a promise nobody awaits is the bug to catch. Formatting is Prettier's.
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['**/dist/', '**/node_modules/', 'test-artifacts/', 'drill/results/', 'coverage/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parserOptions: {
        // Each file is checked with the tsconfig that builds it; the config files at the top have none.
        projectService: { allowDefaultProject: ['*.js', '*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // `return promise` inside try/catch/finally skips the catch, or runs the finally (a release) too early.
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      // A new error kind or strategy name must not fall through a switch unhandled.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // == only for `x == null` (null or undefined); anything else compares with ===.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Off: `async` without `await` is how a method of a promise-returning interface turns a throw into a
      // rejection (the naive strategy's acquire, the chaos modes' undo, fakes in tests).
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read JSON bodies and log lines and assert their shape with expect(): typing each one would add
    // casts, not checks. Floating promises and the rest stay errors here too.
    files: ['test/**', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The lab page: plain ES modules run by the browser, type-checked through tsconfig.browser.json.
    files: ['app/public/**/*.js', 'test/support/*.browser.js'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { projectService: false, project: './tsconfig.browser.json' },
    },
  },
  {
    files: ['test/support/*.browser.js'],
    languageOptions: { sourceType: 'script' },
  },
  {
    files: ['jest.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
);
