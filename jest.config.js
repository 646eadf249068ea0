/**
 * Four projects: `unit` (pure logic, next to the code; no Docker, run in parallel), `e2e` (the real
 * stack: MariaDB/MySQL, real HTTP, a real browser; one file at a time, because they share the lab's
 * database), `e2e-aside`: end-to-end files that never touch the lab (they make a lab of their own),
 * so `make test` runs them in a second jest beside `e2e`, and `e2e-replica` (below). `npm run test:unit`
 * and `npm run test:e2e` run each with its own worker count; a bare `npx jest` stays one worker, safe for all.
 * Files are only transpiled here: `npm run lint` type-checks them once.
 */
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] };

// A lab of their own, shared (test/support/chaosLab.ts): whatever they do, the lab's files cannot see it.
// (makeSettings, in a checkout of its own that starts nothing, could run here too: it runs with e2e,
// whose line of files is the shorter one.)
const ASIDE = ['chaosContainer', 'chaosLeftovers'];
const asideFile = (name) => `<rootDir>/test/e2e/${name}.test.ts`;

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: [
        '<rootDir>/lib/**/*.test.ts',
        '<rootDir>/app/src/**/*.test.ts',
        '<rootDir>/chaos/src/**/*.test.ts',
        '<rootDir>/drill/src/**/*.test.ts',
        '<rootDir>/test/docs/**/*.test.ts',
      ],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform: tsJest,
      // Negated in testMatch, not in testPathIgnorePatterns: a --testPathIgnorePatterns given on the command
      // line replaces the latter, and would bring them back here.
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts', ...ASIDE.map((name) => `!**/test/e2e/${name}.test.ts`)],
      globalSetup: '<rootDir>/test/support/globalSetup.ts',
      slowTestThreshold: 30,
    },
    {
      // TOPOLOGY=primary-replica: one replicated lab of its own (test/support/replicaLab.ts), reused by its
      // files and removed after the last (replicaLabTeardown.ts); `make e2e-replica` runs them (several minutes: servers are killed and re-seeded).
      displayName: 'e2e-replica',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/test/e2e-replica/**/*.test.ts'],
      globalTeardown: '<rootDir>/test/support/replicaLabTeardown.ts',
      slowTestThreshold: 60,
    },
    {
      displayName: 'e2e-aside',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ASIDE.map(asideFile),
      globalTeardown: '<rootDir>/test/support/chaosLabTeardown.ts',
      slowTestThreshold: 30,
    },
  ],
  // Jest's order, but chaosContainer.test.ts last: it ends with make clean of the lab it shares.
  testSequencer: '<rootDir>/jest.sequencer.js',
  testTimeout: 120000,
  maxWorkers: 1,
  verbose: true,
};
