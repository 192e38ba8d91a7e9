/**
 * jest.mutation.config.js's test environment: Node's, with two changes for Stryker's runs.
 *
 * 1. Bail. Once a test fails for a mutant, the mutant is killed, and the rest of that run's tests
 *    (in every file) are skipped. Stryker's jest runner turns jest's own `bail` off (jest cannot
 *    bail when run programmatically), so without this, a killed mutant runs every covering test to
 *    the end. Stryker counts a mutant killed when one test fails, so skipping the rest changes no
 *    verdict; it only ends the run sooner. The run is the active mutant's
 *    (`__STRYKER_ACTIVE_MUTANT__`, set by Stryker for each mutant run); with none (the dry run, or
 *    plain `jest`) nothing is skipped. runner.js does the same for the files left to load.
 *
 * 2. Coverage of a file's set-up, in the dry run. Stryker learns which tests cover a mutant from
 *    the code each test runs. Code that runs while a test file is loaded (its `describe` bodies, a
 *    stack test's synthesis) or in a `beforeAll` hook belongs to no test, so Stryker calls a mutant
 *    there *static* and, with `ignoreStatic`, leaves it out of the score: most of a construct's
 *    mutants, since the stack tests synthesize in `describe`. Yet that file's tests do see such a
 *    mutant, for the file's set-up runs again, with the mutant active, in every run that loads it.
 *    So a mutant that ran during a file's set-up is counted as covered by every test of that
 *    file, on top of the tests that ran it themselves; Stryker then runs all of those for it. A
 *    mutant that ran only in files none of whose tests ran (their tests are all snapshot tests, which
 *    the mutation run leaves out) stays static.
 */
const { TestEnvironment } = require('jest-environment-node');

/** The mutant a test failed for, shared by the test files of a worker (jest loads this module once). */
let killed;

class StrykerRunEnvironment extends TestEnvironment {
  async setup() {
    await super.setup();
    const coverage = this.dryRunCoverage();
    if (coverage) {
      this.staticAtStart = { ...coverage.static };
      this.testsOfFile = [];
    }
  }

  async handleTestEvent(event, state) {
    await super.handleTestEvent?.(event, state);
    if (event.name === 'test_done' && this.testsOfFile) this.testsOfFile.push(fullName(event.test));
    const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
    if (mutant === undefined) return;
    if (event.name === 'test_fn_failure' || event.name === 'hook_failure') killed = mutant;
    // jest-circus decides whether to skip a test after `test_start`, from its mode
    else if (event.name === 'test_start' && killed === mutant) event.test.mode = 'skip';
  }

  async teardown() {
    const coverage = this.dryRunCoverage();
    if (coverage && this.testsOfFile) attributeSetUp(coverage, this.staticAtStart, this.testsOfFile);
    await super.teardown();
  }

  /**
   * Stryker's coverage record, `{ static: {mutant: hits}, perTest: {test: {mutant: hits}} }`, in
   * its dry run with per-test coverage (the instrumented code creates it when first run); undefined
   * otherwise.
   */
  dryRunCoverage() {
    if (process.env.__STRYKER_ACTIVE_MUTANT__ !== undefined) return undefined;
    const context = this.global?.[this.global.__strykerGlobalNamespace__ ?? '__stryker__'];
    if (!context || typeof context !== 'object') return undefined;
    context.mutantCoverage ??= { static: {}, perTest: {} };
    return context.mutantCoverage;
  }
}

/**
 * Counts each mutant that ran in this file's set-up (its static hits grew since `staticAtStart`) as
 * covered by each of `tests`, the file's tests that ran, on top of what each test covered itself.
 */
function attributeSetUp(coverage, staticAtStart, tests) {
  for (const [mutant, hits] of Object.entries(coverage.static)) {
    if (hits <= (staticAtStart[mutant] ?? 0)) continue;
    for (const test of tests) (coverage.perTest[test] ??= {})[mutant] ??= 1;
  }
}

/** A test's id as Stryker's jest runner gives it: the names of its describe blocks and its own. */
function fullName(test) {
  return `${describeName(test.parent)} ${test.name}`.trimStart();
}

/** The names of a describe block and its parents, as Stryker's jest runner joins them (the root has none). */
function describeName(block) {
  return block.parent ? `${describeName(block.parent)} ${block.name}`.trimStart() : '';
}

module.exports = StrykerRunEnvironment;
