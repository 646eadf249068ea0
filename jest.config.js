/**
 * Two projects: `unit` (pure logic, next to the code) and `e2e` (the real stack: MariaDB/MySQL,
 * real HTTP, a real browser). e2e files run one at a time because they share one database.
 */
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

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
