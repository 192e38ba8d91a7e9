/**
 * The mutation run's test runner (`runner.js`): in a mutant's run, jest loads no test file after
 * one has failed, and reports no suite as unable to run for it; outside a mutant's run it loads
 * every file. Real jest runs, in band as Stryker's are, on a project of three files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const JEST = require.resolve('jest/bin/jest');
const MUTANT = '__STRYKER_ACTIVE_MUTANT__';

interface JestJson {
  numFailedTests: number;
  numPassedTests: number;
  numRuntimeErrorTestSuites: number;
  testResults: { name: string }[];
}

/**
 * Runs jest in band on files `a`, `b` and `c`, in that order, each of which notes in `loaded.txt`
 * that it was loaded, then runs its test: `fails` fails, `throws` throws while loading.
 */
function run(kinds: Record<'a' | 'b' | 'c', 'passes' | 'fails' | 'throws'>, mutant?: string) {
  const rootDir = mkdtempSync(join(tmpdir(), 'kaito-runner-'));
  for (const [name, kind] of Object.entries(kinds)) {
    writeFileSync(
      join(rootDir, `${name}.test.js`),
      `require('fs').appendFileSync(${JSON.stringify(join(rootDir, 'loaded.txt'))}, '${name}');\n` +
        (kind === 'throws' ? `throw new Error('cannot load');\n` : '') +
        `test('${name}', () => expect(${kind === 'fails' ? 1 : 0}).toBe(0));\n`,
    );
  }
  writeFileSync(
    join(rootDir, 'sequencer.js'),
    `const S = require(${JSON.stringify(require.resolve('@jest/test-sequencer'))}).default;\n` +
      `module.exports = class extends S { sort(tests) { return [...tests].sort((x, y) => x.path.localeCompare(y.path)); } };\n`,
  );
  const config = { rootDir, runner: require.resolve('./runner'), testSequencer: join(rootDir, 'sequencer.js'), transform: {} };
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env[MUTANT];
  if (mutant !== undefined) env[MUTANT] = mutant;
  const result = spawnSync(process.execPath, [JEST, '--config', JSON.stringify(config), '--runInBand', '--json', '--ci'], {
    cwd: rootDir,
    env,
    encoding: 'utf8',
  });
  const json = JSON.parse(result.stdout) as JestJson;
  return { loaded: readFileSync(join(rootDir, 'loaded.txt'), 'utf8'), json };
}

test("in a mutant's run, the files after a failed one are not loaded, and none is reported as unable to run", () => {
  const { loaded, json } = run({ a: 'passes', b: 'fails', c: 'passes' }, '7');
  expect(loaded).toBe('ab');
  expect(json).toMatchObject({ numFailedTests: 1, numPassedTests: 1, numRuntimeErrorTestSuites: 0 });
  expect(json.testResults).toHaveLength(2);
});

test("in a mutant's run, a file that cannot load ends the run too", () => {
  const { loaded, json } = run({ a: 'throws', b: 'passes', c: 'passes' }, '7');
  expect(loaded).toBe('a');
  expect(json).toMatchObject({ numRuntimeErrorTestSuites: 1, numPassedTests: 0 });
});

test("outside a mutant's run (the dry run, plain jest) every file is loaded", () => {
  const { loaded, json } = run({ a: 'fails', b: 'passes', c: 'passes' });
  expect(loaded).toBe('abc');
  expect(json).toMatchObject({ numFailedTests: 1, numPassedTests: 2, numRuntimeErrorTestSuites: 0 });
});
