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

/** Import patterns for each part of the tree: a program's folder, or only its internals. */
const PARTS = {
  app: ['**/app/src', '**/app/src/**'],
  chaos: ['**/chaos/src', '**/chaos/src/**'],
  drill: ['**/drill/src', '**/drill/src/**'],
  test: ['**/test/support', '**/test/support/**', '**/test/e2e/**'],
  'app-internals': ['**/app/src/**'],
  'chaos-internals': ['**/chaos/src/*', '!**/chaos/src/index', '**/chaos/src/*/**'],
};

/**
 * One no-restricted-imports block per [files, parts they must not import, why].
 * @param {[string[], (keyof typeof PARTS)[], string][]} rules
 */
function boundaries(rules) {
  return rules.map(([files, parts, message]) => ({
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: parts.flatMap((part) => PARTS[part]), message }] }],
    },
  }));
}

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
  // The layout, kept: each program depends on lib/ (the shared home) and on another program's public
  // entry point at most (chaos/src/index.ts), never on its internals (README: How the lab is built).
  ...boundaries([
    [['lib/**'], ['app', 'chaos', 'drill', 'test'], 'lib/ is what the programs share: it depends on none of them.'],
    [['app/**'], ['chaos', 'drill', 'test'], 'The app stands alone: share through lib/.'],
    [['chaos/**'], ['app', 'drill', 'test'], 'The chaos program stands alone: share through lib/.'],
    [['drill/**', 'test/**'], ['app-internals', 'chaos-internals'], "Use lib/ or the program's public entry point."],
  ]),
  {
    // Inside the app: HTTP plumbing knows nothing of the lab or the database code (app.ts passes
    // callbacks), and the domain knows nothing of HTTP.
    files: ['app/src/http/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../lab/*', '../db/*'], message: 'http/ gets callbacks from app.ts instead.' }] },
      ],
    },
  },
  {
    files: ['app/src/people/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../http/*'], message: 'The domain does not know HTTP: throw a clientError.' }] },
      ],
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
    // jest loads these with require(): CommonJS, as jest's own modules are.
    files: ['jest.config.js', 'jest.sequencer.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
