/**
 * Jest for `npm run test:mutation` (StrykerJS): the suite of jest.config.js in one flat project,
 * because Stryker's jest runner sets its coverage environment on the top-level config only, which
 * a `projects` list would bypass. The snapshot tests are left out: a mutant must be killed by an
 * explicit assertion, not by a snapshot that a routine `jest -u` would silence.
 */
const { transform } = require('./jest.config.js').projects[0];

module.exports = {
  // Node's, with bail: a killed mutant's run stops at its first failing test
  testEnvironment: require.resolve('./__tests__/mutation/environment.js'),
  testMatch: ['**/__tests__/**/*.test.ts'],
  transform,
  setupFiles: ['<rootDir>/__tests__/clock.ts'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/mutation/setup.ts'],
  // a mutant's run loads no test file after one has failed
  runner: '<rootDir>/__tests__/mutation/runner.js',
  // a mutant's run loads only the test files holding the tests Stryker chose for it
  testSequencer: '<rootDir>/__tests__/mutation/sequencer.js',
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp'],
  // every test whose name says it compares with the reviewed snapshot
  testNamePattern: '^(?!.*matches the reviewed snapshot).*$',
};
