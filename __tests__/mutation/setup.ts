/**
 * jest.mutation.config.js's setup: cdktf's matchers only for the stacks' tests, the one folder that
 * uses them. Loading cdktf costs about 0.6 s per test file, and Stryker reloads each file for every
 * mutant.
 */
if (/[\\/]__tests__[\\/]stacks[\\/]/.test(expect.getState().testPath ?? '')) require('../setup');
