// @ts-check
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The tests read the upstream reference data beside the repository (scripts/reference.ts). From a
// sandbox under .stryker-tmp/, "beside" is the wrong folder: name the right one for the test runners.
process.env.KAITO_AKS_REFERENCE_DIR ??= join(dirname(fileURLToPath(import.meta.url)), '..', 'shared', 'reference');

/**
 * StrykerJS: mutation testing of the decision layers (`npm run test:mutation`). Stryker changes the
 * code one small way at a time (a mutant: `>=` to `>`, `true` to `false`, a string emptied, ...) and
 * runs the tests that cover the change; a mutant no test kills is a change to the code that the suite
 * would let through. Snapshot tests do not count: jest.mutation.config.js leaves them out.
 * Reports: the score per file on the console, and reports/mutation/mutation.html. See docs/mutation.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  checkers: ['typescript'],
  // the type checker drops mutants that do not compile; it checks the sources only (not the tests),
  // which makes it about twice as quick
  tsconfigFile: 'tsconfig.mutation.json',
  // what is mutated: the layers that decide, and the constructs' security- and order-relevant settings
  mutate: [
    'catalog/**/*.ts',
    'config/**/*.ts',
    'summary.ts',
    'cli/conditions.ts',
    'cli/causes.ts',
    'constructs/aks-cluster.ts',
    'constructs/ai-service.ts',
    'constructs/guards.ts',
    'constructs/kaito-operator.ts',
    'constructs/kaito-provisioner-identity.ts',
    'constructs/kaito-workspace.ts',
    'constructs/manifest-release.ts',
    'constructs/namespace.ts',
    'constructs/role-assignment.ts',
    'constructs/workload-identity.ts',
  ],
  // only what the tests read is copied into the sandbox
  ignorePatterns: [
    '.stryker-test-names.jsonl',
    '.stryker-tmp*',
    'cdktf.out',
    '.cdktf.out-*',
    '.azure',
    '.tools',
    '.cache',
    'verify-out',
    'reports',
    'coverage',
    'bench',
  ],
  // only the tests that run a mutated line run for its mutants
  coverageAnalysis: 'perTest',
  // 2 cores: while the type checker runs, 2 checker processes and 1 test runner; then 3 test runners
  // (slightly more than the cores: a runner often waits on a test's child process)
  concurrency: 3,
  // Static mutants run outside any test: while a module or a test file loads (module-level tables,
  // describe bodies that synthesize stacks) or in beforeAll. __tests__/mutation/environment.js counts
  // them as covered by the tests of each file whose set-up ran them, and those tests run for them;
  // only one that ran in no file with a test in this run is left out (Ignored, not in the score).
  // `--ignoreStatic false` runs every related test for such a mutant as well.
  ignoreStatic: true,
  // a rerun tests only mutants whose code or tests changed since the last run
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // a mutant is killed by a timeout only when its tests run 60 s longer than without it: on a loaded
  // machine a shorter margin counted slow runs as kills (15 of 118 at 5 s under a load of 15)
  timeoutMS: 60000,
};
