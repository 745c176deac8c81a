/**
 * The browser suite: the playground in a real headless Chromium (Debian's `chromium`, driven by
 * playwright-core; no browser download). Files are *.browser.ts so that the main jest config
 * (testMatch **\/*.test.ts) never picks them up. `npm run test:browser` runs it.
 */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.browser.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  // One browser, one dispatcher: the checks build on each other and run in order.
  maxWorkers: 1,
  verbose: true,
  testTimeout: 60000,
};
