/** Tests run TypeScript directly; type errors are caught by `npm run typecheck`, not here. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  // Dispatcher and node tests start real servers; give slow shared machines room.
  testTimeout: 30000,
};
