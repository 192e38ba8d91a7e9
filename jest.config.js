/** Jest: SWC transpiles TypeScript without type-checking (`tsc --noEmit` runs once in CI instead). */
const base = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // a fixed date for every test: see the file
  setupFiles: ['<rootDir>/__tests__/clock.ts'],
};
/** Test folders that need no cdktf matchers: their files skip loading cdktf in the setup. */
const UNIT = ['config', 'catalog', 'lint', 'engines'];
module.exports = {
  // one temporary folder per run, removed at its end: no test leaves anything in $TMPDIR
  globalSetup: '<rootDir>/__tests__/temp-setup.js',
  globalTeardown: '<rootDir>/__tests__/temp-teardown.js',
  // jest's default on 2 cores is 1 worker; 2 cuts the suite by about a quarter here
  maxWorkers: 2,
  projects: [
    { ...base, displayName: 'unit', roots: UNIT.map((d) => `<rootDir>/__tests__/${d}`) },
    {
      ...base,
      displayName: 'cdktf',
      roots: ['<rootDir>/__tests__'],
      testPathIgnorePatterns: [`/__tests__/(${UNIT.join('|')})/`],
      setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
    },
  ],
};
