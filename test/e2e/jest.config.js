/**
 * The end-to-end suite: run by test/e2e/run.sh (npm run test:e2e), which starts n8n and the dispatcher
 * first and passes their addresses in E2E_* variables. Files are *.e2e.ts so that the main jest config
 * (testMatch **\/*.test.ts) never picks them up.
 */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  // One n8n, one dispatcher: the checks share them and run in order.
  maxWorkers: 1,
  verbose: true,
  // A check may restart n8n (20-40 s on a busy 2-core machine).
  testTimeout: 180000,
};
