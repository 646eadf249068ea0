/**
 * Two projects: `unit` (pure logic, next to the code; no Docker, run in parallel) and `e2e` (the real
 * stack: MariaDB/MySQL, real HTTP, a real browser; one file at a time, because they share one database).
 * `npm run test:unit` and `npm run test:e2e` run each with its own worker count; a bare `npx jest`
 * stays one worker, safe for both. Files are only transpiled here: `npm run lint` type-checks them once.
 */
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] };

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
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/globalSetup.ts',
      slowTestThreshold: 30,
    },
  ],
  testTimeout: 120000,
  maxWorkers: 1,
  verbose: true,
};
