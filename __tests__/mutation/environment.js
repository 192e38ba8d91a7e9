/**
 * jest.mutation.config.js's test environment: Node's, with bail. Once a test fails for a mutant,
 * the mutant is killed, and the rest of that run's tests (in every file) are skipped.
 *
 * Stryker's jest runner turns jest's own `bail` off (jest cannot bail when run programmatically),
 * so without this, a killed mutant runs every covering test to the end. Stryker counts a mutant
 * killed when one test fails, so skipping the rest changes no verdict; it only ends the run sooner.
 * The run is the active mutant's (`__STRYKER_ACTIVE_MUTANT__`, set by Stryker for each mutant run);
 * with none (the dry run, or plain `jest`) nothing is skipped.
 */
const { TestEnvironment } = require('jest-environment-node');

/** The mutant a test failed for, shared by the test files of a worker (jest loads this module once). */
let killed;

class BailingEnvironment extends TestEnvironment {
  async handleTestEvent(event, state) {
    await super.handleTestEvent?.(event, state);
    const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
    if (mutant === undefined) return;
    if (event.name === 'test_fn_failure' || event.name === 'hook_failure') killed = mutant;
    // jest-circus decides whether to skip a test after `test_start`, from its mode
    else if (event.name === 'test_start' && killed === mutant) event.test.mode = 'skip';
  }
}

module.exports = BailingEnvironment;
