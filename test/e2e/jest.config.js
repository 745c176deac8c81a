/**
 * The end-to-end suite: run by test/e2e/run.sh (npm run test:e2e), which starts n8n and the dispatcher
 * first and passes their addresses in E2E_* variables. Files are *.e2e.ts so that the main jest config
 * (testMatch **\/*.test.ts) never picks them up.
 *
 * E2E_LANE (set by run.sh) picks the files: the queue-mode lane runs test/e2e/queue-mode/, every other lane
 * (one n8n process, 2.x or 1.x) runs every other *.e2e.ts file.
 */
const queueLane = process.env.E2E_LANE === 'queue';

module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: queueLane ? ['**/test/e2e/queue-mode/**/*.e2e.ts'] : ['**/*.e2e.ts'],
  testPathIgnorePatterns: queueLane ? ['/node_modules/'] : ['/node_modules/', '/test/e2e/queue-mode/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  // One n8n, one dispatcher: the checks share them and run in order.
  maxWorkers: 1,
  verbose: true,
  // A check may restart n8n (20-40 s on a busy 2-core machine).
  testTimeout: 180000,
};
