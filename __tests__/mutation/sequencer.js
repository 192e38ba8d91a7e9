/**
 * jest.mutation.config.js's test sequencer: for a mutant, jest runs only the test files that hold a
 * test Stryker asked for.
 *
 * Stryker's jest runner runs a mutant's covering tests as `findRelatedTests <mutated file>` plus a
 * `testNamePattern` of their full names. Jest still loads every related file, even one with no test
 * to run, and loading a file is most of a mutant's cost (a change to cli/causes.ts loads 18 files
 * to run a few tests in two). This sequencer drops the files none of whose tests match the pattern.
 * The tests run are exactly those Stryker chose; only the loading of files without one is saved.
 * The files left run in the order that makes environment.js's bail pay most: those that failed in
 * the last run first, then the quickest.
 *
 * Which file holds which test comes from the dry run, the first run Stryker makes, without a mutant:
 * `__tests__/mutation/setup.ts` records each test's full name and file in `TEST_NAMES_FILE`. With no
 * pattern (the dry run, or a static mutant, which runs every related test) or no record, nothing is
 * dropped. A test whose name changes between runs would be missed, which can only leave a mutant
 * alive, never count one killed that a test did not kill.
 */
const { readFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/** `<rootDir>/TEST_NAMES_FILE`: one JSON line `[full name, file relative to rootDir]` per test. */
const TEST_NAMES_FILE = '.stryker-test-names.jsonl';

class MutationSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.pattern = options.globalConfig.testNamePattern;
  }

  sort(tests) {
    const sorted = super.sort(tests);
    if (!this.pattern || sorted.length === 0) return sorted;
    const rootDir = sorted[0].context.config.rootDir;
    let lines;
    try {
      lines = readFileSync(join(rootDir, TEST_NAMES_FILE), 'utf8').split('\n').filter(Boolean);
    } catch {
      return sorted;
    }
    // jest matches testNamePattern against the full name, ignoring case
    const pattern = new RegExp(this.pattern, 'i');
    const wanted = new Set();
    for (const line of lines) {
      const [name, file] = JSON.parse(line);
      if (pattern.test(name)) wanted.add(file);
    }
    // with environment.js's bail, the run ends at the first failure: files that failed last time
    // first (they killed the mutant before), then the quickest
    const rank = (test) => [this.hasFailed(test) ? 0 : 1, test.duration ?? Number.MAX_SAFE_INTEGER];
    return sorted
      .filter((test) => wanted.has(relative(rootDir, test.path)))
      .sort((a, b) => {
        const [fa, da] = rank(a);
        const [fb, db] = rank(b);
        return fa - fb || da - db;
      });
  }
}

module.exports = MutationSequencer;
module.exports.TEST_NAMES_FILE = TEST_NAMES_FILE;
