/**
 * jest.mutation.config.js's setup.
 *
 * - cdktf's matchers only for the stacks' tests, the one folder that uses them. Loading cdktf costs
 *   about 0.6 s per test file, and Stryker reloads each file for every mutant.
 * - In Stryker's dry run (no mutant active), each test's full name and file go to the file
 *   `sequencer.js` reads, so that a mutant's run loads only the files holding its tests.
 */
import { appendFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const { testPath = '' } = expect.getState();
if (/[\\/]__tests__[\\/]stacks[\\/]/.test(testPath)) require('../setup');

if (process.env.__STRYKER_ACTIVE_MUTANT__ === undefined && process.env.STRYKER_MUTATOR_WORKER !== undefined) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { TEST_NAMES_FILE } = require('./sequencer');
  const rootDir = join(__dirname, '..', '..');
  beforeEach(() => {
    const name = expect.getState().currentTestName;
    if (name) appendFileSync(join(rootDir, TEST_NAMES_FILE), `${JSON.stringify([name, relative(rootDir, testPath)])}\n`);
  });
}
