/** Unit tests need nothing running; integration tests talk to the real broker and engine (see scripts/test.sh). */
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/test/unit/**/*.unit.spec.ts'],
      setupFiles: ['reflect-metadata'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/test/integration/**/*.int.spec.ts', '<rootDir>/test/integration/**/*.e2e.spec.ts'],
      setupFiles: ['reflect-metadata'],
      slowTestThreshold: 60,
    },
    {
      displayName: 'faults',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/test/faults/**/*.fault.spec.ts'],
      setupFiles: ['reflect-metadata'],
      slowTestThreshold: 300,
    },
  ],
};
