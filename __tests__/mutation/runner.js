/**
 * jest.mutation.config.js's test runner: jest's own, which stops loading test files once a file has
 * failed in a mutant's run.
 *
 * environment.js's bail skips the tests left after a failure, but jest still loads every remaining
 * file, and loading a file runs its module-level and `describe` code: a stack test synthesizes its
 * stacks there, several seconds a file. Stryker counts a mutant killed when one test fails, so
 * once a file has a failed test the run has its verdict and the files left can go unloaded.
 *
 * Jest's in-band runner (Stryker's jest runner always runs in band) asks the watcher before each
 * file whether the run was interrupted, and ends the run with a `CancelRun` error when it was. This
 * runner gives it a watcher that says so after a failure, and keeps that `CancelRun` from reaching
 * jest's scheduler, which would report it as a suite that could not run (Stryker's RuntimeError).
 * Outside a mutant's run (the dry run, plain jest) it is jest's runner unchanged.
 */
const TestRunner = require('jest-runner').default;

class BailingRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    if (process.env.__STRYKER_ACTIVE_MUTANT__ === undefined || !options.serial) return super.runTests(tests, watcher, options);
    let failed = false;
    const unsubscribe = [
      super.on('test-file-success', ([, result]) => {
        if (result.numFailingTests > 0) failed = true;
      }),
      super.on('test-file-failure', ([, error]) => {
        if (!isCancelRun(error)) failed = true;
      }),
    ];
    const bailing = {
      isInterrupted: () => failed || watcher.isInterrupted(),
      isWatchMode: () => watcher.isWatchMode(),
      on: (...args) => watcher.on(...args),
      setState: (state) => watcher.setState(state),
    };
    try {
      return await super.runTests(tests, bailing, options);
    } finally {
      for (const off of unsubscribe) off();
    }
  }

  on(eventName, listener) {
    if (eventName !== 'test-file-failure') return super.on(eventName, listener);
    return super.on(eventName, (args) => (isCancelRun(args[1]) ? undefined : listener(args)));
  }
}

/** The error jest's runner ends a run with when its watcher says the run was interrupted. */
function isCancelRun(error) {
  return error?.name === 'CancelRun';
}

module.exports = BailingRunner;
